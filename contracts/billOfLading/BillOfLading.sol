// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {IERC721Metadata} from "@openzeppelin/contracts/token/ERC721/extensions/IERC721Metadata.sol";
import {IERC721Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {ERC165, IERC165} from "@openzeppelin/contracts/utils/introspection/ERC165.sol";
import {IBillOfLading} from "./IBillOfLading.sol";
import {IERC5192} from "./IERC5192.sol";
import {IPartyRegistry} from "../parties/IPartyRegistry.sol";
import {DocumentCid} from "../libraries/DocumentCid.sol";
import {TitleAddress} from "../libraries/TitleAddress.sol";
import {TitleBalances} from "../libraries/TitleBalances.sol";
import {TransportDocumentReference} from "../libraries/TransportDocumentReference.sol";
import {OrganizationStatus, Roles} from "../types/Organization.sol";
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
    using TitleBalances for TitleBalances.Counters;

    IPartyRegistry private immutable _parties;
    mapping(uint256 tokenId => PackedRecord) private _records;
    mapping(uint256 tokenId => bytes32) private _documentChecksums;
    /// @dev Never cleared: a checksum once used, by any version of any B/L, stays with that B/L.
    mapping(bytes32 documentChecksum => uint256 tokenId) private _documents;
    TitleBalances.Counters private _balances;
    /// @dev Stored and reported as EIP-721 says; it authorises nothing, since no title address has a key.
    mapping(address owner => mapping(address operator => bool)) private _operatorApprovals;

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
        (uint32 org, PackedRecord record) = _holderSending(tokenId, to, true);
        _records[tokenId] = record.delivered(to);
        _balances.move(org, to);
        emit Transfer(_titleAddress(org), _titleAddress(to), tokenId);
    }

    /// @inheritdoc IBillOfLading
    function endorse(uint256 tokenId, uint32 to) external {
        (uint32 org, PackedRecord record) = _holderSending(tokenId, to, false);
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
        (uint32 org, PackedRecord record) = _holderSending(tokenId, to, true);
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
    function tokenIdOfDocument(bytes32 documentChecksum_) external view returns (uint256) {
        return _documents[documentChecksum_];
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

    /// @notice `ipfs://` and the CID of the B/L's current transport document; reverts once it is accomplished or voided
    /// (`documentCid` still answers).
    function tokenURI(uint256 tokenId) external view returns (string memory) {
        _owned(tokenId);
        return string.concat("ipfs://", DocumentCid.toString(_documentChecksums[tokenId]));
    }

    /// @notice The title address of the organization holding the B/L; accomplished and voided B/Ls have no owner.
    function ownerOf(uint256 tokenId) external view returns (address) {
        return _titleAddress(_owned(tokenId).holder());
    }

    /// @notice How many live B/Ls (active or surrender pending) the organization with this title address holds; 0 for
    /// any other address.
    function balanceOf(address owner) external view returns (uint256) {
        if (owner == address(0)) revert ERC721InvalidOwner(address(0));
        uint32 org = _parties.titleOrganization(owner);
        return org == 0 ? 0 : _balances.count(org);
    }

    /// @inheritdoc IERC5192
    /// @dev True for every live B/L: title moves only through the B/L actions.
    function locked(uint256 tokenId) external view returns (bool) {
        _owned(tokenId);
        return true;
    }

    /// @notice No token has an approved address: always the zero address for a live token.
    function getApproved(uint256 tokenId) external view returns (address) {
        _owned(tokenId);
        return address(0);
    }

    /// @notice Whether `owner` has named `operator`; it authorises nothing here, since title addresses have no key.
    function isApprovedForAll(address owner, address operator) external view returns (bool) {
        return _operatorApprovals[owner][operator];
    }

    /// @notice Records and announces an operator for the caller, as EIP-721 says. It grants nothing: only a title
    /// address owns B/Ls, and no key can call for one.
    function setApprovalForAll(address operator, bool approved) external {
        if (operator == address(0)) revert ERC721InvalidOperator(address(0));
        _operatorApprovals[msg.sender][operator] = approved;
        emit ApprovalForAll(msg.sender, operator, approved);
    }

    /// @notice Always reverts: the caller is never the owner (a keyless title address) nor its operator.
    function approve(address, uint256 tokenId) external view {
        _owned(tokenId);
        revert ERC721InvalidApprover(msg.sender);
    }

    /// @notice Always reverts: the caller is never the owner nor approved. Title moves only through the B/L actions.
    function transferFrom(address, address to, uint256 tokenId) external view {
        _refuseTransfer(to, tokenId);
    }

    /// @notice Always reverts, as `transferFrom`.
    function safeTransferFrom(address, address to, uint256 tokenId) external view {
        _refuseTransfer(to, tokenId);
    }

    /// @notice Always reverts, as `transferFrom`.
    function safeTransferFrom(address, address to, uint256 tokenId, bytes calldata) external view {
        _refuseTransfer(to, tokenId);
    }

    /// @inheritdoc IERC165
    function supportsInterface(bytes4 interfaceId) public view override(ERC165, IERC165) returns (bool) {
        return
            interfaceId == type(IERC721).interfaceId ||
            interfaceId == type(IERC721Metadata).interfaceId ||
            interfaceId == type(IERC5192).interfaceId ||
            super.supportsInterface(interfaceId);
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
    ) private view returns (uint32 org, PackedRecord record) {
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

    /// @dev What OpenZeppelin's ERC-721 answers a caller that is neither owner nor approved.
    function _refuseTransfer(address to, uint256 tokenId) private view {
        if (to == address(0)) revert ERC721InvalidReceiver(address(0));
        _owned(tokenId);
        revert ERC721InsufficientApproval(msg.sender, tokenId);
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

    /// @dev `knownRoles`: the organization's roles if the caller already found it active, else 0.
    function _requireTitleHolder(uint32 org, uint32 carrier, uint16 knownRoles) private view {
        uint16 roles = knownRoles != 0 ? knownRoles : _parties.activeRoles(org);
        if (org == carrier || roles & Roles.TITLE_HOLDERS == 0) revert BillOfLadingInvalidRecipient(org, roles);
    }

    function _titleAddress(uint32 org) private view returns (address) {
        return TitleAddress.derive(address(_parties), org);
    }
}
