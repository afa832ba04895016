// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {BillOfLadingToken} from "./BillOfLadingToken.sol";
import {IBillOfLading} from "./IBillOfLading.sol";
import {IPartyRegistry} from "../parties/IPartyRegistry.sol";
import {TitleBalances} from "../libraries/TitleBalances.sol";
import {TransportDocumentReference} from "../libraries/TransportDocumentReference.sol";
import {OrganizationStatus, Roles} from "../types/Organization.sol";
import {ActionCode, BillOfLadingState, BillOfLadingType, IssueRequest, SurrenderKind} from "../types/BillOfLading.sol";
import {PackedRecord, PackedRecordLib} from "../types/PackedRecord.sol";

/// @title BillOfLading
/// @notice The e-B/L title registry: the B/L actions. Each B/L is an ERC-721 token owned, as wallets and explorers see
/// it, by the keyless title address of the organization that holds it (see `TitleAddress`); the token side and the
/// views are in `BillOfLadingToken`.
/// @dev Possession changes are the ERC-721 `Transfer` events (the TRANSFER entries of the endorsement chain); every
/// other action is an `ActionRecorded` event, and an issue is `Issued` (with EIP-5192 `Locked`).
contract BillOfLading is BillOfLadingToken {
    using TitleBalances for TitleBalances.Counters;

    /// @param parties_ The port community's party registry.
    constructor(IPartyRegistry parties_) BillOfLadingToken(parties_) {}

    // ---------------------------------------------------------------- issue

    /// @inheritdoc IBillOfLading
    function issue(
        bytes32 blNumber,
        bytes32 documentChecksum_,
        BillOfLadingType blType,
        uint32 holder,
        uint32 consignee
    ) external returns (uint256) {
        IssueRequest memory request = IssueRequest(blNumber, documentChecksum_, blType, holder, consignee);
        // One registry call for the carrier and the holder when both are active (the usual case); otherwise the
        // checks report the first broken rule, in their order.
        try _parties.activeSignerAndRecipient(msg.sender, holder) returns (
            uint32 carrier,
            uint16 roles,
            uint16 holderRoles
        ) {
            if (roles & Roles.CARRIER == 0) revert BillOfLadingNotCarrier(carrier);
            return _issue(carrier, request, holderRoles);
        } catch {
            return _issue(_activeCarrier(), request, 0);
        }
    }

    /// @inheritdoc IBillOfLading
    function issueBatch(IssueRequest[] calldata requests) external returns (uint256[] memory tokenIds) {
        uint32 carrier = _activeCarrier();
        tokenIds = new uint256[](requests.length);
        for (uint256 i = 0; i < requests.length; ++i) {
            tokenIds[i] = _issue(carrier, requests[i], 0);
        }
    }

    // ---------------------------------------------------------------- transfer and endorse

    /// @inheritdoc IBillOfLading
    function transferPossession(uint256 tokenId, uint32 to) external {
        (uint32 org, PackedRecord record, bool revoked) = _holderSending(tokenId, to, true);
        // A revoked organization's exit must take its title with it: as the named endorsee of a to-order B/L it
        // endorses and delivers, or title would stay for ever with an organization that can never act again.
        if (revoked && _titleStaysWith(record, org)) {
            revert IPartyRegistry.PartyRegistryOrganizationNotActive(org, OrganizationStatus.Revoked);
        }
        _records[tokenId] = record.delivered(to);
        _balances.move(org, to);
        emit Transfer(_titleAddress(org), _titleAddress(to), tokenId);
    }

    /// @inheritdoc IBillOfLading
    function endorse(uint256 tokenId, uint32 to) external {
        if (_revokedEndorseeEndorsesHolder(tokenId, to)) return;
        (uint32 org, PackedRecord record, ) = _holderSending(tokenId, to, false);
        _requireEndorser(tokenId, record, org);
        _records[tokenId] = record.endorsed(to, false);
        emit ActionRecorded(tokenId, org, to, ActionCode.ENDORSE);
    }

    /// @inheritdoc IBillOfLading
    function blankEndorse(uint256 tokenId) external {
        (uint32 org, ) = _parties.activeSigner(msg.sender);
        PackedRecord record = _activeRecordHeldBy(tokenId, org);
        _requireEndorser(tokenId, record, org);
        if (record.blankEndorsed()) revert BillOfLadingAlreadyBlankEndorsed(tokenId);
        _records[tokenId] = record.endorsed(0, true);
        emit ActionRecorded(tokenId, org, 0, ActionCode.BLANK_ENDORSE);
    }

    /// @inheritdoc IBillOfLading
    function endorseAndDeliver(uint256 tokenId, uint32 to) external {
        (uint32 org, PackedRecord record, ) = _holderSending(tokenId, to, true);
        _requireEndorser(tokenId, record, org);
        // Endorse, then deliver: the endorsement before this one is what a rejection restores.
        _records[tokenId] = record.endorsedAndDelivered(to);
        _balances.move(org, to);
        emit ActionRecorded(tokenId, org, to, ActionCode.ENDORSE);
        emit Transfer(_titleAddress(org), _titleAddress(to), tokenId);
    }

    /// @inheritdoc IBillOfLading
    function rejectTransfer(uint256 tokenId) external {
        uint32 org = _activeOrRevokedSigner();
        PackedRecord record = _activeRecordHeldBy(tokenId, org);
        if (!record.returnable()) revert BillOfLadingNothingToReject(tokenId);
        uint32 previousHolder = record.previousHolder();
        _parties.activeRoles(previousHolder); // a suspended organization can receive nothing, not even its own B/L back
        _records[tokenId] = record.returned();
        _balances.move(org, previousHolder);
        emit ActionRecorded(tokenId, org, previousHolder, ActionCode.REJECT_TRANSFER);
        emit Transfer(_titleAddress(org), _titleAddress(previousHolder), tokenId);
    }

    // ---------------------------------------------------------------- surrender

    /// @inheritdoc IBillOfLading
    function surrender(uint256 tokenId, SurrenderKind kind) external {
        PackedRecord record = _records[tokenId];
        _requireState(tokenId, record, BillOfLadingState.Active);
        uint32 carrier = record.carrier();
        // The carrier must be able to receive the surrender, so it is checked as the recipient.
        (uint32 org, , ) = _parties.activeSignerAndRecipient(msg.sender, carrier);
        if (record.holder() != org) revert BillOfLadingNotHolder(tokenId, org, record.holder());
        BillOfLadingType blType = record.blType();
        if (blType == BillOfLadingType.SeaWaybill) revert BillOfLadingNotTransferable(tokenId);
        if (blType == BillOfLadingType.Straight) {
            if (record.consignee() != org) revert BillOfLadingNotConsignee(tokenId, org, record.consignee());
        } else {
            _requireEndorser(tokenId, record, org);
        }
        ActionCode action;
        if (kind == SurrenderKind.Delivery) action = ActionCode.SURRENDER_FOR_DELIVERY;
        else if (kind == SurrenderKind.Amendment) action = ActionCode.SURRENDER_FOR_AMENDMENT;
        else if (kind == SurrenderKind.Paper) action = ActionCode.SURRENDER_FOR_PAPER;
        else revert BillOfLadingWrongSurrenderKind(tokenId, kind);
        _records[tokenId] = record.moved(BillOfLadingState.SurrenderPending, kind);
        emit ActionRecorded(tokenId, org, carrier, action);
    }

    /// @inheritdoc IBillOfLading
    function acceptSurrender(uint256 tokenId) external {
        (PackedRecord record, bool holderActive) = _pendingSurrenderOf(tokenId, true);
        SurrenderKind kind = record.surrenderKind();
        if (kind == SurrenderKind.Amendment) revert BillOfLadingWrongSurrenderKind(tokenId, kind);
        uint32 holder = record.holder();
        if (!holderActive) _parties.activeRoles(holder); // a suspended or revoked holder's surrender is not accepted
        BillOfLadingState finalState =
            kind == SurrenderKind.Delivery ? BillOfLadingState.Accomplished : BillOfLadingState.Voided;
        _records[tokenId] = record.moved(finalState, kind);
        _balances.decrement(holder);
        emit ActionRecorded(tokenId, record.carrier(), holder, ActionCode.SACC);
        emit Transfer(_titleAddress(holder), address(0), tokenId);
    }

    /// @inheritdoc IBillOfLading
    function rejectSurrender(uint256 tokenId) external {
        (PackedRecord record, ) = _pendingSurrenderOf(tokenId, false);
        uint32 holder = record.holder();
        // Whatever the holder's status: a suspended holder's B/L is frozen with it, a revoked one may give it out.
        _records[tokenId] = record.moved(BillOfLadingState.Active, SurrenderKind.None);
        emit ActionRecorded(tokenId, record.carrier(), holder, ActionCode.SREJ);
    }

    /// @inheritdoc IBillOfLading
    function amend(uint256 tokenId, bytes32 documentChecksum_) external {
        (PackedRecord record, bool holderActive) = _pendingSurrenderOf(tokenId, true);
        SurrenderKind kind = record.surrenderKind();
        if (kind != SurrenderKind.Amendment) revert BillOfLadingWrongSurrenderKind(tokenId, kind);
        bytes32 previousChecksum = _documentChecksums[tokenId];
        if (documentChecksum_ == bytes32(0)) revert BillOfLadingInvalidDocument(bytes32(0), documentChecksum_);
        if (documentChecksum_ == previousChecksum) revert BillOfLadingUnchangedDocument(tokenId, documentChecksum_);
        _claimDocument(documentChecksum_, tokenId);
        uint16 version = record.version();
        if (version == type(uint16).max) revert BillOfLadingTooManyAmendments(tokenId, version);
        uint32 holder = record.holder();
        if (!holderActive) _parties.activeRoles(holder);
        record = record.moved(BillOfLadingState.Active, SurrenderKind.None).nextVersion();
        _records[tokenId] = record;
        _documentChecksums[tokenId] = documentChecksum_;
        uint32 carrier = record.carrier();
        emit ActionRecorded(tokenId, carrier, holder, ActionCode.SACC);
        emit DocumentAmended(tokenId, record.version(), previousChecksum, documentChecksum_);
        emit ActionRecorded(tokenId, carrier, holder, ActionCode.ISSUE);
    }

    // ---------------------------------------------------------------- attachments

    /// @inheritdoc IBillOfLading
    function addAttachment(
        uint256 tokenId,
        bytes32 fileSha256,
        uint64 size,
        string calldata cid,
        string calldata fileName,
        string calldata mediaType,
        string calldata kind
    ) external {
        (uint32 org, ) = _parties.activeSigner(msg.sender);
        PackedRecord record = _existing(tokenId);
        if (
            org != record.carrier() && org != record.holder() && org != record.endorsee() && org != record.consignee()
        ) {
            revert BillOfLadingNotParty(tokenId, org);
        }
        if (fileSha256 == bytes32(0) || bytes(cid).length == 0) revert BillOfLadingInvalidAttachment();
        emit AttachmentAdded(tokenId, org, fileSha256, size, cid, fileName, mediaType, kind);
    }

    // ---------------------------------------------------------------- internals

    /// @dev `holderRoles`: the holder's roles if the caller already found it active, else 0.
    function _issue(uint32 carrier, IssueRequest memory request, uint16 holderRoles) private returns (uint256 tokenId) {
        if (request.blNumber == bytes32(0) || request.documentChecksum == bytes32(0)) {
            revert BillOfLadingInvalidDocument(request.blNumber, request.documentChecksum);
        }
        if (!TransportDocumentReference.isValid(request.blNumber)) revert BillOfLadingInvalidNumber(request.blNumber);
        _requireTitleHolder(request.holder, carrier, holderRoles);
        bool toOrder = request.blType == BillOfLadingType.ToOrder;
        if (toOrder == (request.consignee != 0)) revert BillOfLadingInvalidConsignee(request.blType, request.consignee);
        if (!toOrder) _requireTitleHolder(request.consignee, carrier, 0);

        tokenId = tokenIdOf(carrier, request.blNumber);
        if (_records[tokenId].state() != BillOfLadingState.None) {
            revert BillOfLadingNumberTaken(carrier, request.blNumber);
        }
        _records[tokenId] = PackedRecordLib.issued(
            carrier,
            request.holder,
            toOrder ? request.holder : 0,
            request.consignee,
            request.blType
        );
        _documentChecksums[tokenId] = request.documentChecksum;
        _claimDocument(request.documentChecksum, tokenId);
        _balances.increment(request.holder);

        emit Issued(
            tokenId,
            carrier,
            request.blNumber,
            request.documentChecksum,
            request.blType,
            request.holder,
            request.consignee
        );
        emit Transfer(address(0), _titleAddress(request.holder), tokenId);
        emit Locked(tokenId);
    }

    /// @dev One document, one original: a checksum used by any version of any B/L can back no other.
    function _claimDocument(bytes32 documentChecksum_, uint256 tokenId) private {
        uint256 inUseBy = _documents[documentChecksum_];
        if (inUseBy != 0) revert BillOfLadingDocumentInUse(documentChecksum_, inUseBy);
        _documents[documentChecksum_] = tokenId;
    }

    /// @dev The caller's organization, checked to hold this active, transferable B/L and to be sending it to an
    /// active organization that may hold title (for a straight B/L, only its named consignee). With `exit`, a revoked
    /// holder may send too: it may only give title back out.
    function _holderSending(
        uint256 tokenId,
        uint32 to,
        bool exit
    ) private view returns (uint32 org, PackedRecord record, bool revoked) {
        uint16 toRoles;
        if (!exit) {
            (org, , toRoles) = _parties.activeSignerAndRecipient(msg.sender, to);
        } else {
            // One registry call when the sender is active (as it nearly always is); a second look only on a refusal.
            try _parties.activeSignerAndRecipient(msg.sender, to) returns (uint32 org_, uint16, uint16 toRoles_) {
                (org, toRoles) = (org_, toRoles_);
            } catch (bytes memory refusal) {
                OrganizationStatus status;
                (org, , status) = _parties.signerOf(msg.sender);
                if (status != OrganizationStatus.Revoked) _bubble(refusal); // active or suspended: that refusal stands
                toRoles = _parties.activeRoles(to);
                revoked = true;
            }
        }
        record = _activeRecordHeldBy(tokenId, org);
        BillOfLadingType blType = record.blType();
        if (blType == BillOfLadingType.SeaWaybill) revert BillOfLadingNotTransferable(tokenId);
        if (to == org || toRoles & Roles.TITLE_HOLDERS == 0) revert BillOfLadingInvalidRecipient(to, toRoles);
        if (blType == BillOfLadingType.Straight && to != record.consignee()) {
            revert BillOfLadingNotNamedConsignee(tokenId, to, record.consignee());
        }
    }

    /// @dev Whether `org`, sending possession of this B/L away, would keep its title: it is the named endorsee of a
    /// to-order B/L.
    function _titleStaysWith(PackedRecord record, uint32 org) private pure returns (bool) {
        return record.blType() == BillOfLadingType.ToOrder && !record.blankEndorsed() && record.endorsee() == org;
    }

    /// @dev A revoked endorsee that no longer holds its to-order B/L (it passed possession on before it was revoked)
    /// endorses it to whoever holds it: the one act by which its title leaves it. Done here, and true, only in that
    /// case; any other endorsement goes the usual way.
    function _revokedEndorseeEndorsesHolder(uint256 tokenId, uint32 to) private returns (bool) {
        PackedRecord record = _records[tokenId];
        if (
            record.state() != BillOfLadingState.Active ||
            record.holder() != to ||
            !_titleStaysWith(record, record.endorsee()) ||
            record.endorsee() == to
        ) return false;
        (uint32 org, , OrganizationStatus status) = _parties.signerOf(msg.sender);
        if (org != record.endorsee() || status != OrganizationStatus.Revoked) return false;
        uint16 toRoles = _parties.activeRoles(to);
        if (toRoles & Roles.TITLE_HOLDERS == 0) revert BillOfLadingInvalidRecipient(to, toRoles);
        _records[tokenId] = record.endorsed(to, false);
        emit ActionRecorded(tokenId, org, to, ActionCode.ENDORSE);
        return true;
    }

    /// @dev Only the endorsee in possession, or any holder of a B/L endorsed in blank, may endorse a to-order B/L.
    function _requireEndorser(uint256 tokenId, PackedRecord record, uint32 org) private pure {
        BillOfLadingType blType = record.blType();
        if (blType != BillOfLadingType.ToOrder) revert BillOfLadingNotNegotiable(tokenId, blType);
        if (!record.blankEndorsed() && record.endorsee() != org) {
            revert BillOfLadingNotEndorsee(tokenId, org, record.endorsee());
        }
    }

    function _activeRecordHeldBy(uint256 tokenId, uint32 org) private view returns (PackedRecord record) {
        record = _records[tokenId];
        _requireState(tokenId, record, BillOfLadingState.Active);
        if (record.holder() != org) revert BillOfLadingNotHolder(tokenId, org, record.holder());
    }

    /// @dev The pending surrender's record, for its issuing carrier while it still holds the carrier role. With
    /// `checkHolder`, one registry call also checks that the holder is active, when it is (the usual case): then
    /// `holderActive` is true; otherwise the caller must check the holder itself, where its rule comes in order.
    function _pendingSurrenderOf(
        uint256 tokenId,
        bool checkHolder
    ) private view returns (PackedRecord record, bool holderActive) {
        record = _records[tokenId];
        uint32 org;
        uint16 roles;
        if (checkHolder) {
            try _parties.activeSignerAndRecipient(msg.sender, record.holder()) returns (
                uint32 org_,
                uint16 roles_,
                uint16
            ) {
                (org, roles, holderActive) = (org_, roles_, true);
                // solhint-disable-next-line no-empty-blocks
            } catch {
                // The caller or the holder is not active: the checks below and the caller's report which, in order.
            }
        }
        if (!holderActive) (org, roles) = _parties.activeSigner(msg.sender);
        _requireState(tokenId, record, BillOfLadingState.SurrenderPending);
        if (record.carrier() != org) revert BillOfLadingNotIssuingCarrier(tokenId, org, record.carrier());
        if (roles & Roles.CARRIER == 0) revert BillOfLadingNotCarrier(org);
    }

    /// @dev The caller's organization if it is active or revoked (a revoked one may still give title back out); a
    /// suspended one is frozen in place.
    function _activeOrRevokedSigner() private view returns (uint32 org) {
        OrganizationStatus status;
        (org, , status) = _parties.signerOf(msg.sender);
        if (status != OrganizationStatus.Active && status != OrganizationStatus.Revoked) {
            revert IPartyRegistry.PartyRegistryOrganizationNotActive(org, status);
        }
    }

    function _bubble(bytes memory refusal) private pure {
        assembly ("memory-safe") {
            revert(add(refusal, 0x20), mload(refusal))
        }
    }

    function _requireState(uint256 tokenId, PackedRecord record, BillOfLadingState expected) private pure {
        BillOfLadingState state = record.state();
        if (state != expected) {
            if (state == BillOfLadingState.None) revert BillOfLadingUnknown(tokenId);
            revert BillOfLadingWrongState(tokenId, state);
        }
    }

    function _activeCarrier() private view returns (uint32 org) {
        uint16 roles;
        (org, roles) = _parties.activeSigner(msg.sender);
        if (roles & Roles.CARRIER == 0) revert BillOfLadingNotCarrier(org);
    }

    /// @dev `knownRoles`: the organization's roles if the caller already found it active, else 0.
    function _requireTitleHolder(uint32 org, uint32 carrier, uint16 knownRoles) private view {
        uint16 roles = knownRoles != 0 ? knownRoles : _parties.activeRoles(org);
        if (org == carrier || roles & Roles.TITLE_HOLDERS == 0) revert BillOfLadingInvalidRecipient(org, roles);
    }
}
