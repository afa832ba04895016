// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {CreditTier, Organization, OrganizationStatus} from "../types/Organization.sol";

/// @title The port community's register of organizations, their roles and the keys that sign for them.
/// @notice Organizations are numbered from 1 in order of registration. Title and custody belong to the organization
/// (its number), never to one key: keys can be added and removed without moving anything the organization holds.
interface IPartyRegistry {
    /// @notice An organization was registered.
    event OrganizationRegistered(
        uint32 indexed org,
        bytes32 indexed orgId,
        string name,
        uint16 roles,
        CreditTier creditTier
    );
    /// @notice An organization's roles changed.
    event RolesChanged(uint32 indexed org, uint16 roles);
    /// @notice An organization's credit tier changed.
    event CreditTierChanged(uint32 indexed org, CreditTier creditTier);
    /// @notice An organization's status changed (suspended, reinstated or revoked).
    event StatusChanged(uint32 indexed org, OrganizationStatus status);
    /// @notice An agent was appointed to act for a principal (0: the appointment ended).
    event AgentAppointed(uint32 indexed agent, uint32 indexed principal);
    /// @notice A key may now sign for an organization.
    event SignerAdded(uint32 indexed org, address indexed signer);
    /// @notice A key may no longer sign for an organization.
    event SignerRemoved(uint32 indexed org, address indexed signer);

    /// @notice No organization has this number.
    error PartyRegistryUnknownOrganization(uint32 org);
    /// @notice No organization has this id (USCC or LEI).
    error PartyRegistryUnknownOrgId(bytes32 orgId);
    /// @notice The address signs for no organization.
    error PartyRegistryUnknownSigner(address signer);
    /// @notice The organization is suspended or revoked, so it can neither act nor receive.
    error PartyRegistryOrganizationNotActive(uint32 org, OrganizationStatus status);
    /// @notice An organization with this id is already registered.
    error PartyRegistryOrgIdTaken(bytes32 orgId, uint32 org);
    /// @notice The address already signs for an organization.
    error PartyRegistrySignerTaken(address signer, uint32 org);
    /// @notice The address does not sign for this organization.
    error PartyRegistryNotSigner(uint32 org, address signer);
    /// @notice The roles are empty or name a bit that is not a role.
    error PartyRegistryInvalidRoles(uint16 roles);
    /// @notice The organization id or name is empty, or a signer is the zero address.
    error PartyRegistryInvalidOrganization();
    /// @notice Only an organization with the agent role can be appointed to act for another.
    error PartyRegistryNotAgent(uint32 org, uint16 roles);
    /// @notice The status change is not allowed from the organization's current status.
    error PartyRegistryInvalidStatusChange(uint32 org, OrganizationStatus from, OrganizationStatus to);

    /// @notice Registers an organization. Operator only.
    /// @param orgId The organization's identifier, such as its unified social credit code or LEI, as bytes32.
    /// @param name The organization's legal name.
    /// @param roles The roles it holds (see `Roles`).
    /// @param creditTier Its customs credit tier.
    /// @param signers The keys that sign for it.
    /// @return org The organization's number.
    function registerOrganization(
        bytes32 orgId,
        string calldata name,
        uint16 roles,
        CreditTier creditTier,
        address[] calldata signers
    ) external returns (uint32 org);

    /// @notice Lets another key sign for an organization, for example to replace a lost one. Operator only.
    function addSigner(uint32 org, address signer) external;

    /// @notice Stops a key signing for an organization. Nothing the organization holds moves. Operator only.
    function removeSigner(uint32 org, address signer) external;

    /// @notice Replaces an organization's roles. Operator only.
    function setRoles(uint32 org, uint16 roles) external;

    /// @notice Sets an organization's credit tier. Operator only.
    function setCreditTier(uint32 org, CreditTier creditTier) external;

    /// @notice Appoints an agent (an organization with the agent role) to act for a principal, such as a carrier's
    /// shipping agent; 0 ends the appointment. Operator only.
    function appointAgent(uint32 agent, uint32 principal) external;

    /// @notice Suspends an active organization: it can receive nothing and do nothing. Operator only.
    function suspend(uint32 org) external;

    /// @notice Lifts a suspension. Operator only.
    function reinstate(uint32 org) external;

    /// @notice Revokes an organization for good. Operator only.
    function revoke(uint32 org) external;

    /// @notice The organization a key signs for, with its roles, if it is active; reverts otherwise.
    function activeSigner(address signer) external view returns (uint32 org, uint16 roles);

    /// @notice The roles of an organization if it is active; reverts otherwise.
    function activeRoles(uint32 org) external view returns (uint16 roles);

    /// @notice `activeSigner` and `activeRoles` in one call, for actions that have a recipient.
    function activeSignerAndRecipient(
        address signer,
        uint32 recipient
    ) external view returns (uint32 org, uint16 roles, uint16 recipientRoles);

    /// @notice The principal an agent acts for, or 0.
    function principalOf(uint32 agent) external view returns (uint32);

    /// @notice The organization with this number.
    function organization(uint32 org) external view returns (Organization memory);

    /// @notice The number of the organization with this id, or reverts if there is none.
    function orgNumber(bytes32 orgId) external view returns (uint32 org);

    /// @notice The organization a key signs for (0 if none), whatever its status.
    function signerOrganization(address signer) external view returns (uint32 org);

    /// @notice The keys that sign for an organization.
    function signers(uint32 org) external view returns (address[] memory);

    /// @notice How many organizations are registered; their numbers run from 1 to this.
    function organizationCount() external view returns (uint32);

    /// @notice The keyless address that stands for an organization as an ERC-721 owner.
    function titleAddress(uint32 org) external view returns (address);
}
