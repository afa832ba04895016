// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {CreditTier, Organization, OrganizationStatus} from "../types/Organization.sol";

/// @title The port community's register of organizations, their roles and the keys that sign for them.
/// @notice Organizations are numbered from 1 in order of registration. Title and custody belong to the organization
/// (its number), never to one key. An organization controls its own keys: only its current signers add or remove
/// them (M of N when it sets a threshold). The operator registers organizations and sets their roles and status, but
/// can give nobody a key: when an organization has lost every key, the operator may only start a recovery, which takes
/// effect after a delay fixed at deployment and which any current signer can cancel.
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
    /// @notice One of an organization's signers approved a key change that needs `threshold` approvals; it takes
    /// effect with the approval that reaches the threshold.
    event KeyChangeApproved(
        uint32 indexed org,
        bytes32 indexed change,
        address indexed signer,
        uint256 approvals,
        uint256 threshold
    );
    /// @notice The number of an organization's signers that must approve a key change.
    event KeyThresholdChanged(uint32 indexed org, uint8 threshold);
    /// @notice The operator started the recovery of an organization that lost its keys: unless one of its signers
    /// cancels it, `newSigner` replaces every key of the organization from `effectiveAt`.
    event RecoveryStarted(uint32 indexed org, address indexed newSigner, uint64 effectiveAt);
    /// @notice A pending recovery was cancelled, by one of the organization's signers or by the operator.
    event RecoveryCancelled(uint32 indexed org, address indexed by);
    /// @notice A recovery took effect: `newSigner` is now the organization's only key.
    event RecoveryCompleted(uint32 indexed org, address indexed newSigner);

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
    /// @notice The agent is appointed for another principal: that appointment must end first (the principal or the
    /// agent ends it), so that no principal can take another's agent away.
    error PartyRegistryAgentOfAnother(uint32 agent, uint32 principal);
    /// @notice The status change is not allowed from the organization's current status.
    error PartyRegistryInvalidStatusChange(uint32 org, OrganizationStatus from, OrganizationStatus to);
    /// @notice Only one of the organization's own signers may change its keys.
    error PartyRegistryNotOrganizationSigner(uint32 org, address caller);
    /// @notice This signer has already approved this key change.
    error PartyRegistryKeyChangeAlreadyApproved(uint32 org, bytes32 change, address signer);
    /// @notice The threshold must be at least 1 and at most the number of signers, and removing a key may not leave
    /// fewer signers than the threshold (nor none).
    error PartyRegistryInvalidThreshold(uint32 org, uint256 threshold, uint256 signerCount);
    /// @notice No recovery is pending for the organization.
    error PartyRegistryNoRecovery(uint32 org);
    /// @notice A recovery is already pending for the organization.
    error PartyRegistryRecoveryPending(uint32 org, uint64 effectiveAt);
    /// @notice The recovery's delay has not passed yet.
    error PartyRegistryRecoveryNotDue(uint32 org, uint64 effectiveAt, uint256 now);

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

    /// @notice Lets another key sign for an organization. One of its current signers only; with a threshold of M,
    /// the M-th signer to call it with the same arguments makes it take effect.
    function addSigner(uint32 org, address signer) external;

    /// @notice Stops a key signing for an organization. Nothing the organization holds moves. One of its current
    /// signers only, under its threshold; the organization keeps at least `threshold` signers.
    function removeSigner(uint32 org, address signer) external;

    /// @notice Sets how many of an organization's signers must approve a key change (1 to the number of signers).
    /// One of its current signers only, under the current threshold.
    function setKeyThreshold(uint32 org, uint8 threshold) external;

    /// @notice Starts the recovery of an organization that lost every key: after `recoveryDelay`, `newSigner` may
    /// replace all its keys (`completeRecovery`). Operator only; any current signer may cancel it meanwhile.
    function startRecovery(uint32 org, address newSigner) external;

    /// @notice Cancels a pending recovery. One of the organization's current signers, or the operator.
    function cancelRecovery(uint32 org) external;

    /// @notice Completes a recovery once its delay has passed: `newSigner` becomes the organization's only key and the
    /// threshold returns to 1. Anyone may call it.
    function completeRecovery(uint32 org) external;

    /// @notice Replaces an organization's roles. Operator only.
    function setRoles(uint32 org, uint16 roles) external;

    /// @notice Sets an organization's credit tier. Operator only.
    function setCreditTier(uint32 org, CreditTier creditTier) external;

    /// @notice Appoints an agent (an organization with the agent role) to act for a principal, such as a carrier's
    /// shipping agent. An agent acts on the principal's cargo, so only the principal appoints it: its signers, while
    /// it is active, under its key threshold (M of N, as a key change). `principal` 0 ends the appointment: one of the
    /// current principal's signers or of the agent's own (it resigns).
    /// The operator cannot appoint anyone (it may suspend an agent).
    function appointAgent(uint32 agent, uint32 principal) external;

    /// @notice Suspends an active organization: it can receive nothing and do nothing. Operator only.
    function suspend(uint32 org) external;

    /// @notice Lifts a suspension. Operator only.
    function reinstate(uint32 org) external;

    /// @notice Revokes an organization for good. Operator only.
    function revoke(uint32 org) external;

    /// @notice The organization a key signs for, with its roles, if it is active; reverts otherwise.
    function activeSigner(address signer) external view returns (uint32 org, uint16 roles);

    /// @notice The organization a key signs for, with its roles and status, whatever the status; reverts with
    /// `PartyRegistryUnknownSigner` for a key that signs for nobody.
    function signerOf(address signer) external view returns (uint32 org, uint16 roles, OrganizationStatus status);

    /// @notice The roles of an organization if it is active; reverts otherwise.
    function activeRoles(uint32 org) external view returns (uint16 roles);

    /// @notice An organization's status and roles; `None` and 0 for a number nobody has. Never reverts.
    function standing(uint32 org) external view returns (OrganizationStatus status, uint16 roles);

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

    /// @notice How many of the organization's signers must approve a key change.
    function keyThreshold(uint32 org) external view returns (uint8);

    /// @notice How many signers have approved a pending key change (`change` as in `KeyChangeApproved`).
    function keyChangeApprovals(uint32 org, bytes32 change) external view returns (uint256);

    /// @notice The pending recovery of an organization: the new key and when it may take effect (zeros if none).
    function pendingRecovery(uint32 org) external view returns (address newSigner, uint64 effectiveAt);

    /// @notice The delay between the start of a recovery and the moment it may take effect, fixed at deployment.
    function recoveryDelay() external view returns (uint64);

    /// @notice How many organizations are registered; their numbers run from 1 to this.
    function organizationCount() external view returns (uint32);

    /// @notice The keyless address that stands for an organization as an ERC-721 owner.
    function titleAddress(uint32 org) external view returns (address);

    /// @notice The organization a title address stands for (0 if none).
    function titleOrganization(address titleAddress) external view returns (uint32 org);
}
