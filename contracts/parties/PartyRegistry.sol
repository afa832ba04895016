// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

// solhint-disable-next-line max-line-length
import {AccessControlDefaultAdminRules} from "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {IPartyRegistry} from "./IPartyRegistry.sol";
import {TitleAddress} from "../libraries/TitleAddress.sol";
import {CreditTier, Organization, OrganizationStatus, Roles} from "../types/Organization.sol";

/// @title PartyRegistry
/// @notice The port community's operator registers organizations here. Every other contract asks it who a caller
/// signs for and whether a recipient may receive. Each organization manages its own keys; the operator can only start
/// a time-locked recovery for one that has lost them all. The admin role changes hands only after a delay
/// (`AccessControlDefaultAdminRules`).
contract PartyRegistry is IPartyRegistry, AccessControlDefaultAdminRules {
    /// @notice The port community's operator: registers organizations, sets their roles, credit tier and status,
    /// and starts recoveries. It cannot add or remove anyone's key, nor appoint anyone's agent.
    bytes32 public constant OPERATOR_ROLE = keccak256("OPERATOR_ROLE");

    /// @dev The kinds of key change an organization's signers approve.
    enum KeyChange {
        AddSigner,
        RemoveSigner,
        SetThreshold,
        AppointAgent
    }

    /// @dev An organization's key policy: its threshold (0 means 1) and a counter that every key change advances, so
    /// that approvals given for an earlier set of keys never count again.
    struct KeyPolicy {
        uint8 threshold;
        uint64 nonce;
    }

    struct Recovery {
        address newSigner;
        uint64 effectiveAt;
    }

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
    mapping(uint32 org => KeyPolicy) private _keyPolicies;
    mapping(bytes32 change => mapping(address signer => bool)) private _keyChangeApproved;
    mapping(bytes32 change => uint256) private _keyChangeApprovals;
    mapping(uint32 org => Recovery) private _recoveries;
    mapping(address titleAddress => uint32 org) private _titleOrganizations;
    uint32 private _organizationCount;
    uint64 private immutable _recoveryDelay;

    /// @param operator The first operator, also the admin who may appoint others.
    /// @param adminDelay How long a change of admin waits before it can be accepted (`AccessControlDefaultAdminRules`).
    /// @param recoveryDelay_ How long a recovery waits before it may take effect (production: 7 days).
    constructor(
        address operator,
        uint48 adminDelay,
        uint64 recoveryDelay_
    ) AccessControlDefaultAdminRules(adminDelay, operator) {
        _grantRole(OPERATOR_ROLE, operator);
        _recoveryDelay = recoveryDelay_;
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
        _titleOrganizations[TitleAddress.derive(address(this), org)] = org;
        emit OrganizationRegistered(org, orgId, name, roles, creditTier);
        for (uint256 i = 0; i < signers_.length; ++i) {
            _addSigner(org, signers_[i]);
        }
    }

    /// @inheritdoc IPartyRegistry
    function addSigner(uint32 org, address signer) external {
        _requireOrganizationSigner(org);
        _requireFreeSigner(signer);
        if (_approved(org, keccak256(abi.encode(KeyChange.AddSigner, signer)))) _addSigner(org, signer);
    }

    /// @inheritdoc IPartyRegistry
    function removeSigner(uint32 org, address signer) external {
        _requireOrganizationSigner(org);
        if (_signerEntries[signer].org != org || org == 0) revert PartyRegistryNotSigner(org, signer);
        uint256 remaining = _signers[org].length - 1;
        uint256 threshold = _thresholdOf(org);
        if (remaining < threshold || remaining == 0) revert PartyRegistryInvalidThreshold(org, threshold, remaining);
        if (_approved(org, keccak256(abi.encode(KeyChange.RemoveSigner, signer)))) _removeSigner(org, signer);
    }

    /// @inheritdoc IPartyRegistry
    function setKeyThreshold(uint32 org, uint8 threshold) external {
        _requireOrganizationSigner(org);
        uint256 count = _signers[org].length;
        if (threshold == 0 || threshold > count) revert PartyRegistryInvalidThreshold(org, threshold, count);
        if (_approved(org, keccak256(abi.encode(KeyChange.SetThreshold, threshold)))) {
            _keyPolicies[org].threshold = threshold;
            emit KeyThresholdChanged(org, threshold);
        }
    }

    /// @inheritdoc IPartyRegistry
    function startRecovery(uint32 org, address newSigner) external onlyRole(OPERATOR_ROLE) {
        _requireRegistered(org);
        _requireFreeSigner(newSigner);
        uint64 pending = _recoveries[org].effectiveAt;
        if (pending != 0) revert PartyRegistryRecoveryPending(org, pending);
        uint64 effectiveAt = uint64(block.timestamp) + _recoveryDelay;
        _recoveries[org] = Recovery(newSigner, effectiveAt);
        emit RecoveryStarted(org, newSigner, effectiveAt);
    }

    /// @inheritdoc IPartyRegistry
    function cancelRecovery(uint32 org) external {
        if (!hasRole(OPERATOR_ROLE, msg.sender)) _requireOrganizationSigner(org);
        if (_recoveries[org].effectiveAt == 0) revert PartyRegistryNoRecovery(org);
        delete _recoveries[org];
        emit RecoveryCancelled(org, msg.sender);
    }

    /// @inheritdoc IPartyRegistry
    function completeRecovery(uint32 org) external {
        Recovery memory recovery = _recoveries[org];
        if (recovery.effectiveAt == 0) revert PartyRegistryNoRecovery(org);
        if (block.timestamp < recovery.effectiveAt) {
            revert PartyRegistryRecoveryNotDue(org, recovery.effectiveAt, block.timestamp);
        }
        delete _recoveries[org];
        address[] storage keys = _signers[org];
        while (keys.length != 0) _removeSigner(org, keys[keys.length - 1]);
        KeyPolicy storage policy = _keyPolicies[org];
        policy.nonce += 1;
        if (policy.threshold > 1) {
            policy.threshold = 1;
            emit KeyThresholdChanged(org, 1);
        }
        _addSigner(org, recovery.newSigner);
        emit RecoveryCompleted(org, recovery.newSigner);
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
    function appointAgent(uint32 agent, uint32 principal) external {
        _requireRegistered(agent);
        if (principal == 0) {
            // Ending an appointment takes a power away: the principal may, and so may the agent (it resigns).
            uint32 current = _principals[agent];
            uint32 caller = _signerEntries[msg.sender].org;
            if (caller == 0 || (caller != current && caller != agent)) {
                revert PartyRegistryNotOrganizationSigner(current, msg.sender);
            }
        } else {
            // An agent acts on its principal's cargo: appointing one is the principal's own act, under its threshold.
            _requireOrganizationSigner(principal);
            activeSigner(msg.sender); // a suspended or revoked principal appoints nobody
            uint16 roles = _organizations[agent].roles;
            if (roles & Roles.AGENT == 0) revert PartyRegistryNotAgent(agent, roles);
            uint32 current = _principals[agent];
            if (current != 0 && current != principal) revert PartyRegistryAgentOfAnother(agent, current);
            if (!_approved(principal, keccak256(abi.encode(KeyChange.AppointAgent, agent)))) return;
        }
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
    function signerOf(address signer) external view returns (uint32 org, uint16 roles, OrganizationStatus status) {
        SignerEntry memory entry = _signerEntries[signer];
        if (entry.org == 0) revert PartyRegistryUnknownSigner(signer);
        return (entry.org, entry.roles, entry.status);
    }

    /// @inheritdoc IPartyRegistry
    function standing(uint32 org) external view returns (OrganizationStatus status, uint16 roles) {
        Organization storage organization_ = _organizations[org];
        return (organization_.status, organization_.roles);
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
    function keyThreshold(uint32 org) external view returns (uint8) {
        return uint8(_thresholdOf(org));
    }

    /// @inheritdoc IPartyRegistry
    function keyChangeApprovals(uint32, bytes32 change) external view returns (uint256) {
        return _keyChangeApprovals[change];
    }

    /// @inheritdoc IPartyRegistry
    function pendingRecovery(uint32 org) external view returns (address newSigner, uint64 effectiveAt) {
        Recovery memory recovery = _recoveries[org];
        return (recovery.newSigner, recovery.effectiveAt);
    }

    /// @inheritdoc IPartyRegistry
    function recoveryDelay() external view returns (uint64) {
        return _recoveryDelay;
    }

    /// @inheritdoc IPartyRegistry
    function titleOrganization(address titleAddress_) external view returns (uint32) {
        return _titleOrganizations[titleAddress_];
    }

    /// @inheritdoc IPartyRegistry
    function organizationCount() external view returns (uint32) {
        return _organizationCount;
    }

    /// @inheritdoc IPartyRegistry
    function titleAddress(uint32 org) external view returns (address) {
        return TitleAddress.derive(address(this), org);
    }

    function _requireOrganizationSigner(uint32 org) private view {
        if (_signerEntries[msg.sender].org != org || org == 0)
            revert PartyRegistryNotOrganizationSigner(org, msg.sender);
    }

    /// @dev Whether a key change proposed by the caller, one of `org`'s signers, now has enough approvals. With a
    /// threshold of 1 it takes effect at once; otherwise each signer's approval is counted until the threshold.
    function _approved(uint32 org, bytes32 what) private returns (bool) {
        KeyPolicy storage policy = _keyPolicies[org];
        uint256 threshold = policy.threshold;
        uint64 nonce = policy.nonce;
        if (threshold <= 1) {
            policy.nonce = nonce + 1;
            return true;
        }
        bytes32 change = keccak256(abi.encode(org, nonce, what));
        if (_keyChangeApproved[change][msg.sender]) {
            revert PartyRegistryKeyChangeAlreadyApproved(org, change, msg.sender);
        }
        _keyChangeApproved[change][msg.sender] = true;
        uint256 approvals = ++_keyChangeApprovals[change];
        emit KeyChangeApproved(org, change, msg.sender, approvals, threshold);
        if (approvals < threshold) return false;
        policy.nonce = nonce + 1;
        return true;
    }

    function _thresholdOf(uint32 org) private view returns (uint256) {
        uint256 threshold = _keyPolicies[org].threshold;
        return threshold == 0 ? 1 : threshold;
    }

    function _requireFreeSigner(address signer) private view {
        if (signer == address(0)) revert PartyRegistryInvalidOrganization();
        uint32 current = _signerEntries[signer].org;
        if (current != 0) revert PartyRegistrySignerTaken(signer, current);
    }

    function _removeSigner(uint32 org, address signer) private {
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

    function _addSigner(uint32 org, address signer) private {
        _requireFreeSigner(signer);
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
