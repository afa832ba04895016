// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IImportRelease} from "../release/IImportRelease.sol";
import {IPartyRegistry} from "../parties/IPartyRegistry.sol";
import {OrganizationStatus, Roles} from "../types/Organization.sol";

/// @notice The import release's questions to the party registry, asked at every act: who may act for a carrier, and
/// whether an organization is an active one with a role (read with `standing`, which never reverts).
library ReleaseParties {
    /// @notice The caller's organization, checked to act for the B/L's carrier now: the carrier itself, still holding
    /// the carrier role, or an agent that still holds the agent role and is appointed for that carrier, which must
    /// itself still be an active carrier. The caller's own status is checked by `activeSigner`.
    function requireActsFor(
        IPartyRegistry parties,
        address caller,
        uint256 blTokenId,
        uint32 carrier
    ) internal view returns (uint32 org) {
        uint16 roles;
        (org, roles) = parties.activeSigner(caller);
        if (org == carrier) {
            if (roles & Roles.CARRIER == 0) {
                revert IImportRelease.ImportReleaseCarrierNotEntitled(
                    blTokenId,
                    carrier,
                    OrganizationStatus.Active,
                    roles
                );
            }
            return org;
        }
        if (parties.principalOf(org) != carrier) revert IImportRelease.ImportReleaseNotCarrier(blTokenId, org, carrier);
        if (roles & Roles.AGENT == 0) revert IImportRelease.ImportReleaseNotAgent(org, roles);
        (OrganizationStatus status, uint16 carrierRoles) = parties.standing(carrier);
        if (!entitled(status, carrierRoles, Roles.CARRIER)) {
            revert IImportRelease.ImportReleaseCarrierNotEntitled(blTokenId, carrier, status, carrierRoles);
        }
    }

    /// @notice Whether `org` is an active organization holding `role`; false for a number nobody has.
    function isActiveAs(IPartyRegistry parties, uint32 org, uint16 role) internal view returns (bool) {
        (OrganizationStatus status, uint16 roles) = parties.standing(org);
        return entitled(status, roles, role);
    }

    function entitled(OrganizationStatus status, uint16 roles, uint16 role) internal pure returns (bool) {
        return status == OrganizationStatus.Active && roles & role != 0;
    }
}
