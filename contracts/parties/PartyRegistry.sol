// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IPartyRegistry} from "./IPartyRegistry.sol";
import {TitleAddress} from "../libraries/TitleAddress.sol";
import {CreditTier, Organization, OrganizationStatus, Roles} from "../types/Organization.sol";

/// @title PartyRegistry
/// @notice The port community's operator registers organizations here. Every other contract asks it who a caller
/// signs for and whether a recipient may receive.
contract PartyRegistry is IPartyRegistry, AccessControl {
    /// @notice The port community's operator: registers organizations, manages their keys, roles and status.
    bytes32 public constant OPERATOR_ROLE = keccak256("OPERATOR_ROLE");

    /// @dev What every action needs to know about its caller, copied from the organization into one slot per key so
    /// that an action costs one storage read for its caller. Kept in step by `_syncSigners`.
    struct SignerEntry {
        uint32 org;
        uint16 roles;
        OrganizationStatus status;
    }

    mapping(uint32 org => Organization) private _organizations;
    mapping(uint32 org => address[]) private _signers;
    mapping(address signer => SignerEntry) private _signerEntries;
    mapping(bytes32 orgId => uint32 org) private _orgNumbers;
    mapping(uint32 agent => uint32 principal) private _principals;
    uint32 private _organizationCount;

    /// @param operator The first operator, also the admin who may appoint others.
    constructor(address operator) {
        _grantRole(DEFAULT_ADMIN_ROLE, operator);
        _grantRole(OPERATOR_ROLE, operator);
    }

    /// @inheritdoc IPartyRegistry
    function registerOrganization(
        bytes32 orgId,
        string calldata name,
        uint16 roles,
        CreditTier creditTier,
        address[] calldata signers_
    ) external onlyRole(OPERATOR_ROLE) returns (uint32 org) {
        if (orgId == bytes32(0) || bytes(name).length == 0) revert PartyRegistryInvalidOrganization();
        _requireValidRoles(roles);
        uint32 existing = _orgNumbers[orgId];
        if (existing != 0) revert PartyRegistryOrgIdTaken(orgId, existing);

        org = ++_organizationCount;
        _organizations[org] = Organization({
            roles: roles,
            creditTier: creditTier,
            status: OrganizationStatus.Active,
            orgId: orgId,
            name: name
        });
        _orgNumbers[orgId] = org;
        emit OrganizationRegistered(org, orgId, name, roles, creditTier);
        for (uint256 i = 0; i < signers_.length; ++i) {
            _addSigner(org, signers_[i]);
        }
    }

    /// @inheritdoc IPartyRegistry
    function addSigner(uint32 org, address signer) external onlyRole(OPERATOR_ROLE) {
        _requireRegistered(org);
        _addSigner(org, signer);
    }

    /// @inheritdoc IPartyRegistry
    function removeSigner(uint32 org, address signer) external onlyRole(OPERATOR_ROLE) {
        if (_signerEntries[signer].org != org || org == 0) revert PartyRegistryNotSigner(org, signer);
        address[] storage keys = _signers[org];
        uint256 last = keys.length - 1;
        for (uint256 i = 0; i <= last; ++i) {
            if (keys[i] == signer) {
                keys[i] = keys[last];
                keys.pop();
                break;
            }
        }
        delete _signerEntries[signer];
        emit SignerRemoved(org, signer);
    }

    /// @inheritdoc IPartyRegistry
    function setRoles(uint32 org, uint16 roles) external onlyRole(OPERATOR_ROLE) {
        _requireRegistered(org);
        _requireValidRoles(roles);
        _organizations[org].roles = roles;
        _syncSigners(org);
        emit RolesChanged(org, roles);
    }

    /// @inheritdoc IPartyRegistry
    function setCreditTier(uint32 org, CreditTier creditTier) external onlyRole(OPERATOR_ROLE) {
        _requireRegistered(org);
        _organizations[org].creditTier = creditTier;
        emit CreditTierChanged(org, creditTier);
    }

    /// @inheritdoc IPartyRegistry
    function appointAgent(uint32 agent, uint32 principal) external onlyRole(OPERATOR_ROLE) {
        _requireRegistered(agent);
        uint16 roles = _organizations[agent].roles;
        if (roles & Roles.AGENT == 0) revert PartyRegistryNotAgent(agent, roles);
        if (principal != 0) _requireRegistered(principal);
        _principals[agent] = principal;
        emit AgentAppointed(agent, principal);
    }

    /// @inheritdoc IPartyRegistry
    function suspend(uint32 org) external onlyRole(OPERATOR_ROLE) {
        _changeStatus(org, OrganizationStatus.Active, OrganizationStatus.Suspended);
    }

    /// @inheritdoc IPartyRegistry
    function reinstate(uint32 org) external onlyRole(OPERATOR_ROLE) {
        _changeStatus(org, OrganizationStatus.Suspended, OrganizationStatus.Active);
    }

    /// @inheritdoc IPartyRegistry
    function revoke(uint32 org) external onlyRole(OPERATOR_ROLE) {
        OrganizationStatus status = _requireRegistered(org);
        if (status == OrganizationStatus.Revoked) {
            revert PartyRegistryInvalidStatusChange(org, status, OrganizationStatus.Revoked);
        }
        _setStatus(org, OrganizationStatus.Revoked);
    }

    /// @inheritdoc IPartyRegistry
    function activeSigner(address signer) public view returns (uint32 org, uint16 roles) {
        SignerEntry memory entry = _signerEntries[signer];
        if (entry.org == 0) revert PartyRegistryUnknownSigner(signer);
        if (entry.status != OrganizationStatus.Active) {
            revert PartyRegistryOrganizationNotActive(entry.org, entry.status);
        }
        return (entry.org, entry.roles);
    }

    /// @inheritdoc IPartyRegistry
    function activeRoles(uint32 org) public view returns (uint16 roles) {
        Organization storage organization_ = _organizations[org];
        OrganizationStatus status = organization_.status;
        if (status != OrganizationStatus.Active) {
            if (status == OrganizationStatus.None) revert PartyRegistryUnknownOrganization(org);
            revert PartyRegistryOrganizationNotActive(org, status);
        }
        return organization_.roles;
    }

    /// @inheritdoc IPartyRegistry
    function activeSignerAndRecipient(
        address signer,
        uint32 recipient
    ) external view returns (uint32 org, uint16 roles, uint16 recipientRoles) {
        (org, roles) = activeSigner(signer);
        recipientRoles = activeRoles(recipient);
    }

    /// @inheritdoc IPartyRegistry
    function principalOf(uint32 agent) external view returns (uint32) {
        return _principals[agent];
    }

    /// @inheritdoc IPartyRegistry
    function organization(uint32 org) external view returns (Organization memory) {
        _requireRegistered(org);
        return _organizations[org];
    }

    /// @inheritdoc IPartyRegistry
    function orgNumber(bytes32 orgId) external view returns (uint32 org) {
        org = _orgNumbers[orgId];
        if (org == 0) revert PartyRegistryUnknownOrgId(orgId);
    }

    /// @inheritdoc IPartyRegistry
    function signerOrganization(address signer) external view returns (uint32) {
        return _signerEntries[signer].org;
    }

    /// @inheritdoc IPartyRegistry
    function signers(uint32 org) external view returns (address[] memory) {
        return _signers[org];
    }

    /// @inheritdoc IPartyRegistry
    function organizationCount() external view returns (uint32) {
        return _organizationCount;
    }

    /// @inheritdoc IPartyRegistry
    function titleAddress(uint32 org) external view returns (address) {
        return TitleAddress.derive(address(this), org);
    }

    function _addSigner(uint32 org, address signer) private {
        if (signer == address(0)) revert PartyRegistryInvalidOrganization();
        uint32 current = _signerEntries[signer].org;
        if (current != 0) revert PartyRegistrySignerTaken(signer, current);
        Organization storage organization_ = _organizations[org];
        _signerEntries[signer] = SignerEntry(org, organization_.roles, organization_.status);
        _signers[org].push(signer);
        emit SignerAdded(org, signer);
    }

    function _changeStatus(uint32 org, OrganizationStatus from, OrganizationStatus to) private {
        OrganizationStatus status = _requireRegistered(org);
        if (status != from) revert PartyRegistryInvalidStatusChange(org, status, to);
        _setStatus(org, to);
    }

    function _setStatus(uint32 org, OrganizationStatus status) private {
        _organizations[org].status = status;
        _syncSigners(org);
        emit StatusChanged(org, status);
    }

    function _syncSigners(uint32 org) private {
        Organization storage organization_ = _organizations[org];
        address[] storage keys = _signers[org];
        for (uint256 i = 0; i < keys.length; ++i) {
            _signerEntries[keys[i]] = SignerEntry(org, organization_.roles, organization_.status);
        }
    }

    function _requireRegistered(uint32 org) private view returns (OrganizationStatus status) {
        status = _organizations[org].status;
        if (status == OrganizationStatus.None) revert PartyRegistryUnknownOrganization(org);
    }

    function _requireValidRoles(uint16 roles) private pure {
        if (roles == 0 || roles & ~Roles.ALL != 0) revert PartyRegistryInvalidRoles(roles);
    }
}
