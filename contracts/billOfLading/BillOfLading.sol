// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {IERC721Metadata} from "@openzeppelin/contracts/token/ERC721/extensions/IERC721Metadata.sol";
import {IERC721Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {ERC165, IERC165} from "@openzeppelin/contracts/utils/introspection/ERC165.sol";
import {IBillOfLading} from "./IBillOfLading.sol";
import {IPartyRegistry} from "../parties/IPartyRegistry.sol";
import {DocumentCid} from "../libraries/DocumentCid.sol";
import {TitleAddress} from "../libraries/TitleAddress.sol";
import {Roles} from "../types/Organization.sol";
import {
    ActionCode,
    BillOfLadingRecord,
    BillOfLadingState,
    BillOfLadingType,
    IssueRequest,
    SurrenderKind
} from "../types/BillOfLading.sol";
import {PackedRecord, PackedRecordLib} from "../types/PackedRecord.sol";

/// @title BillOfLading
/// @notice The e-B/L title registry. Each B/L is an ERC-721 token owned, as wallets and explorers see it, by the
/// keyless title address of the organization that holds it (see `TitleAddress`).
/// @dev The record is its own ownership store: ERC-721 is implemented here over the one-slot `PackedRecord` rather
/// than inherited, so that an action writes one slot instead of three (docs/decisions/0002-erc721-over-the-record.md).
/// Possession changes are the ERC-721 `Transfer` events (the TRANSFER entries of the endorsement chain); every other
/// action is an `ActionRecorded` event, and an issue is `Issued`.
contract BillOfLading is IBillOfLading, IERC721Errors, ERC165 {
    IPartyRegistry private immutable _parties;
    mapping(uint256 tokenId => PackedRecord) private _records;
    mapping(uint256 tokenId => bytes32) private _documentChecksums;

    /// @param parties_ The port community's party registry.
    constructor(IPartyRegistry parties_) {
        _parties = parties_;
    }

    // ---------------------------------------------------------------- issue

    /// @inheritdoc IBillOfLading
    function issue(
        bytes32 blNumber,
        bytes32 documentChecksum_,
        BillOfLadingType blType,
        uint32 holder,
        uint32 consignee
    ) external returns (uint256) {
        return _issue(_activeCarrier(), IssueRequest(blNumber, documentChecksum_, blType, holder, consignee));
    }

    /// @inheritdoc IBillOfLading
    function issueBatch(IssueRequest[] calldata requests) external returns (uint256[] memory tokenIds) {
        uint32 carrier = _activeCarrier();
        tokenIds = new uint256[](requests.length);
        for (uint256 i = 0; i < requests.length; ++i) {
            tokenIds[i] = _issue(carrier, requests[i]);
        }
    }

    // ---------------------------------------------------------------- transfer and endorse

    /// @inheritdoc IBillOfLading
    function transferPossession(uint256 tokenId, uint32 to) external {
        (uint32 org, PackedRecord record) = _holderSending(tokenId, to);
        _records[tokenId] = record.delivered(to);
        emit Transfer(_titleAddress(org), _titleAddress(to), tokenId);
    }

    /// @inheritdoc IBillOfLading
    function endorse(uint256 tokenId, uint32 to) external {
        (uint32 org, PackedRecord record) = _holderSending(tokenId, to);
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
        (uint32 org, PackedRecord record) = _holderSending(tokenId, to);
        _requireEndorser(tokenId, record, org);
        // Endorse, then deliver: the endorsement before this one is what a rejection restores.
        _records[tokenId] = record.endorsedAndDelivered(to);
        emit ActionRecorded(tokenId, org, to, ActionCode.ENDORSE);
        emit Transfer(_titleAddress(org), _titleAddress(to), tokenId);
    }

    /// @inheritdoc IBillOfLading
    function rejectTransfer(uint256 tokenId) external {
        (uint32 org, ) = _parties.activeSigner(msg.sender);
        PackedRecord record = _activeRecordHeldBy(tokenId, org);
        if (!record.returnable()) revert BillOfLadingNothingToReject(tokenId);
        uint32 previousHolder = record.previousHolder();
        _parties.activeRoles(previousHolder); // a suspended organization can receive nothing, not even its own B/L back
        _records[tokenId] = record.returned();
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
        PackedRecord record = _pendingSurrenderOf(tokenId);
        SurrenderKind kind = record.surrenderKind();
        if (kind == SurrenderKind.Amendment) revert BillOfLadingWrongSurrenderKind(tokenId, kind);
        BillOfLadingState finalState =
            kind == SurrenderKind.Delivery ? BillOfLadingState.Accomplished : BillOfLadingState.Voided;
        _records[tokenId] = record.moved(finalState, kind);
        uint32 holder = record.holder();
        emit ActionRecorded(tokenId, record.carrier(), holder, ActionCode.SACC);
        emit Transfer(_titleAddress(holder), address(0), tokenId);
    }

    /// @inheritdoc IBillOfLading
    function rejectSurrender(uint256 tokenId) external {
        PackedRecord record = _pendingSurrenderOf(tokenId);
        uint32 holder = record.holder();
        _parties.activeRoles(holder);
        _records[tokenId] = record.moved(BillOfLadingState.Active, SurrenderKind.None);
        emit ActionRecorded(tokenId, record.carrier(), holder, ActionCode.SREJ);
    }

    /// @inheritdoc IBillOfLading
    function amend(uint256 tokenId, bytes32 documentChecksum_) external {
        PackedRecord record = _pendingSurrenderOf(tokenId);
        SurrenderKind kind = record.surrenderKind();
        if (kind != SurrenderKind.Amendment) revert BillOfLadingWrongSurrenderKind(tokenId, kind);
        bytes32 previousChecksum = _documentChecksums[tokenId];
        if (documentChecksum_ == bytes32(0)) revert BillOfLadingInvalidDocument(bytes32(0), documentChecksum_);
        if (documentChecksum_ == previousChecksum) revert BillOfLadingUnchangedDocument(tokenId, documentChecksum_);
        uint32 holder = record.holder();
        _parties.activeRoles(holder);
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

    // ---------------------------------------------------------------- views

    /// @inheritdoc IBillOfLading
    function billOfLading(uint256 tokenId) external view returns (BillOfLadingRecord memory) {
        return _existing(tokenId).unpack();
    }

    /// @inheritdoc IBillOfLading
    function controller(uint256 tokenId) external view returns (uint32) {
        PackedRecord record = _existing(tokenId);
        BillOfLadingState state = record.state();
        if (state == BillOfLadingState.Active) return record.holder();
        if (state == BillOfLadingState.SurrenderPending) return record.carrier();
        return 0;
    }

    /// @inheritdoc IBillOfLading
    function documentChecksum(uint256 tokenId) public view returns (bytes32) {
        _existing(tokenId);
        return _documentChecksums[tokenId];
    }

    /// @inheritdoc IBillOfLading
    function tokenIdOf(uint32 carrier, bytes32 blNumber) public pure returns (uint256) {
        return uint256(keccak256(abi.encode(carrier, blNumber)));
    }

    /// @inheritdoc IBillOfLading
    function documentCid(uint256 tokenId) public view returns (string memory) {
        return DocumentCid.toString(documentChecksum(tokenId));
    }

    /// @inheritdoc IBillOfLading
    function parties() external view returns (address) {
        return address(_parties);
    }

    // ---------------------------------------------------------------- ERC-721

    /// @inheritdoc IERC721Metadata
    function name() external pure returns (string memory) {
        return "Paperless Port electronic bill of lading";
    }

    /// @inheritdoc IERC721Metadata
    function symbol() external pure returns (string memory) {
        return "eBL";
    }

    /// @notice `ipfs://` and the CID of the B/L's current transport document.
    function tokenURI(uint256 tokenId) external view returns (string memory) {
        return string.concat("ipfs://", documentCid(tokenId));
    }

    /// @notice The title address of the organization holding the B/L; accomplished and voided B/Ls have no owner.
    function ownerOf(uint256 tokenId) external view returns (address) {
        return _titleAddress(_owned(tokenId).holder());
    }

    /// @notice Not counted on chain; always reverts with `BillOfLadingBalanceNotTracked`.
    function balanceOf(address owner) external pure returns (uint256) {
        revert BillOfLadingBalanceNotTracked(owner);
    }

    /// @notice No token has an approved operator: always the zero address for a token that exists.
    function getApproved(uint256 tokenId) external view returns (address) {
        _owned(tokenId);
        return address(0);
    }

    /// @notice No operator is ever approved.
    function isApprovedForAll(address, address) external pure returns (bool) {
        return false;
    }

    /// @notice Disabled: title moves only through the B/L actions.
    function approve(address, uint256) external pure {
        revert BillOfLadingERC721TransferDisabled();
    }

    /// @notice Disabled: title moves only through the B/L actions.
    function setApprovalForAll(address, bool) external pure {
        revert BillOfLadingERC721TransferDisabled();
    }

    /// @notice Disabled: title moves only through the B/L actions.
    function transferFrom(address, address, uint256) external pure {
        revert BillOfLadingERC721TransferDisabled();
    }

    /// @notice Disabled: title moves only through the B/L actions.
    function safeTransferFrom(address, address, uint256) external pure {
        revert BillOfLadingERC721TransferDisabled();
    }

    /// @notice Disabled: title moves only through the B/L actions.
    function safeTransferFrom(address, address, uint256, bytes calldata) external pure {
        revert BillOfLadingERC721TransferDisabled();
    }

    /// @inheritdoc IERC165
    function supportsInterface(bytes4 interfaceId) public view override(ERC165, IERC165) returns (bool) {
        return
            interfaceId == type(IERC721).interfaceId ||
            interfaceId == type(IERC721Metadata).interfaceId ||
            super.supportsInterface(interfaceId);
    }

    // ---------------------------------------------------------------- internals

    function _issue(uint32 carrier, IssueRequest memory request) private returns (uint256 tokenId) {
        if (request.blNumber == bytes32(0) || request.documentChecksum == bytes32(0)) {
            revert BillOfLadingInvalidDocument(request.blNumber, request.documentChecksum);
        }
        _requireTitleHolder(request.holder, carrier);
        bool toOrder = request.blType == BillOfLadingType.ToOrder;
        if (toOrder == (request.consignee != 0)) revert BillOfLadingInvalidConsignee(request.blType, request.consignee);
        if (!toOrder) _requireTitleHolder(request.consignee, carrier);

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
    }

    /// @dev The caller's organization, checked to hold this active, transferable B/L and to be sending it to an
    /// active organization that may hold title (for a straight B/L, only its named consignee).
    function _holderSending(uint256 tokenId, uint32 to) private view returns (uint32 org, PackedRecord record) {
        uint16 toRoles;
        (org, , toRoles) = _parties.activeSignerAndRecipient(msg.sender, to);
        record = _activeRecordHeldBy(tokenId, org);
        BillOfLadingType blType = record.blType();
        if (blType == BillOfLadingType.SeaWaybill) revert BillOfLadingNotTransferable(tokenId);
        if (to == org || toRoles & Roles.TITLE_HOLDERS == 0) revert BillOfLadingInvalidRecipient(to, toRoles);
        if (blType == BillOfLadingType.Straight && to != record.consignee()) {
            revert BillOfLadingNotNamedConsignee(tokenId, to, record.consignee());
        }
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

    function _pendingSurrenderOf(uint256 tokenId) private view returns (PackedRecord record) {
        (uint32 org, ) = _parties.activeSigner(msg.sender);
        record = _records[tokenId];
        _requireState(tokenId, record, BillOfLadingState.SurrenderPending);
        if (record.carrier() != org) revert BillOfLadingNotIssuingCarrier(tokenId, org, record.carrier());
    }

    function _requireState(uint256 tokenId, PackedRecord record, BillOfLadingState expected) private pure {
        BillOfLadingState state = record.state();
        if (state != expected) {
            if (state == BillOfLadingState.None) revert BillOfLadingUnknown(tokenId);
            revert BillOfLadingWrongState(tokenId, state);
        }
    }

    function _existing(uint256 tokenId) private view returns (PackedRecord record) {
        record = _records[tokenId];
        if (record.state() == BillOfLadingState.None) revert BillOfLadingUnknown(tokenId);
    }

    /// @dev The record of a token that has an ERC-721 owner: issued and neither accomplished nor voided.
    function _owned(uint256 tokenId) private view returns (PackedRecord record) {
        record = _records[tokenId];
        BillOfLadingState state = record.state();
        if (state != BillOfLadingState.Active && state != BillOfLadingState.SurrenderPending) {
            revert ERC721NonexistentToken(tokenId);
        }
    }

    function _activeCarrier() private view returns (uint32 org) {
        uint16 roles;
        (org, roles) = _parties.activeSigner(msg.sender);
        if (roles & Roles.CARRIER == 0) revert BillOfLadingNotCarrier(org);
    }

    function _requireTitleHolder(uint32 org, uint32 carrier) private view {
        uint16 roles = _parties.activeRoles(org);
        if (org == carrier || roles & Roles.TITLE_HOLDERS == 0) revert BillOfLadingInvalidRecipient(org, roles);
    }

    function _titleAddress(uint32 org) private view returns (address) {
        return TitleAddress.derive(address(_parties), org);
    }
}
