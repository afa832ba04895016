// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IERC721Metadata} from "@openzeppelin/contracts/token/ERC721/extensions/IERC721Metadata.sol";
import {IERC5192} from "./IERC5192.sol";
import {
    ActionCode,
    BillOfLadingRecord,
    BillOfLadingState,
    BillOfLadingType,
    IssueRequest,
    SurrenderKind
} from "../types/BillOfLading.sol";

/// @title The electronic bill of lading title registry: one ERC-721 token per B/L.
/// @notice Possession (the holder) and title (the endorsee) are kept apart, as DCSA's possessor and endorsee. Only
/// the organization in control can act: the holder while the B/L is active, the issuing carrier while a surrender
/// is pending. Title addresses have no key, so the ERC-721 transfer and approval functions can never be authorised:
/// title moves only through this interface, and every token is locked (EIP-5192).
interface IBillOfLading is IERC721Metadata, IERC5192 {
    /// @notice A bill of lading was issued: the ISSUE entry of its endorsement chain (an amendment reissues it as an
    /// `ActionRecorded` ISSUE).
    event Issued(
        uint256 indexed tokenId,
        uint32 indexed carrier,
        bytes32 indexed blNumber,
        bytes32 documentChecksum,
        BillOfLadingType blType,
        uint32 holder,
        uint32 consignee
    );
    /// @notice One entry of the endorsement chain: `actor` did `action` to `recipient` (0 when there is none).
    event ActionRecorded(uint256 indexed tokenId, uint32 indexed actor, uint32 indexed recipient, ActionCode action);
    /// @notice The carrier replaced the document after a surrender for amendment; earlier versions stay in the log.
    event DocumentAmended(uint256 indexed tokenId, uint16 version, bytes32 previousChecksum, bytes32 documentChecksum);

    /// @notice A file was linked to the B/L: its SHA-256, size and IPFS CID are on chain, the bytes on IPFS.
    event AttachmentAdded(
        uint256 indexed tokenId,
        uint32 indexed org,
        bytes32 indexed sha256,
        uint64 size,
        string cid,
        string fileName,
        string mediaType,
        string kind
    );

    /// @notice The caller's organization does not hold the carrier role.
    error BillOfLadingNotCarrier(uint32 org);
    /// @notice The caller's organization did not issue this B/L.
    error BillOfLadingNotIssuingCarrier(uint256 tokenId, uint32 org, uint32 carrier);
    /// @notice This carrier already issued a B/L with this number.
    error BillOfLadingNumberTaken(uint32 carrier, bytes32 blNumber);
    /// @notice The B/L number or document checksum is empty.
    error BillOfLadingInvalidDocument(bytes32 blNumber, bytes32 documentChecksum);
    /// @notice The consignee is missing (straight B/L, sea waybill) or given where there is none (to-order B/L).
    error BillOfLadingInvalidConsignee(BillOfLadingType blType, uint32 consignee);
    /// @notice No B/L has this token id.
    error BillOfLadingUnknown(uint256 tokenId);
    /// @notice The B/L is not in a state that allows this action.
    error BillOfLadingWrongState(uint256 tokenId, BillOfLadingState state);
    /// @notice The caller's organization is not the B/L's holder.
    error BillOfLadingNotHolder(uint256 tokenId, uint32 org, uint32 holder);
    /// @notice The holder is not the endorsee and the B/L is not endorsed in blank, so it cannot endorse or surrender.
    error BillOfLadingNotEndorsee(uint256 tokenId, uint32 org, uint32 endorsee);
    /// @notice Only the named consignee may surrender a straight B/L.
    error BillOfLadingNotConsignee(uint256 tokenId, uint32 org, uint32 consignee);
    /// @notice A sea waybill is not a document of title: it cannot be transferred or surrendered (nor endorsed:
    /// see `BillOfLadingNotNegotiable`).
    error BillOfLadingNotTransferable(uint256 tokenId);
    /// @notice Only a to-order B/L can be endorsed.
    error BillOfLadingNotNegotiable(uint256 tokenId, BillOfLadingType blType);
    /// @notice A straight B/L can pass only to its named consignee.
    error BillOfLadingNotNamedConsignee(uint256 tokenId, uint32 to, uint32 consignee);
    /// @notice The recipient may not hold title: it is the caller itself, or lacks the trader, bank or agent role.
    error BillOfLadingInvalidRecipient(uint32 to, uint16 roles);
    /// @notice The B/L is already endorsed in blank.
    error BillOfLadingAlreadyBlankEndorsed(uint256 tokenId);
    /// @notice There is no transfer that the holder could reject: it did not just receive the B/L.
    error BillOfLadingNothingToReject(uint256 tokenId);
    /// @notice The surrender kind is missing, or the pending surrender is of another kind than this action needs.
    error BillOfLadingWrongSurrenderKind(uint256 tokenId, SurrenderKind kind);
    /// @notice The amended document has the same checksum as the current one.
    error BillOfLadingUnchangedDocument(uint256 tokenId, bytes32 documentChecksum);
    /// @notice Only the B/L's carrier, holder, endorsee or consignee may attach files to it.
    error BillOfLadingNotParty(uint256 tokenId, uint32 org);
    /// @notice An attachment needs its SHA-256 and its CID.
    error BillOfLadingInvalidAttachment();
    /// @notice The document already backs a B/L (its current or an earlier version): one document, one original.
    error BillOfLadingDocumentInUse(bytes32 documentChecksum, uint256 tokenId);
    /// @notice The B/L number is not a DCSA transportDocumentReference: 1 to 20 printable ASCII characters, no
    /// leading or trailing space, right-padded with zero bytes.
    error BillOfLadingInvalidNumber(bytes32 blNumber);
    /// @notice The B/L has been amended as often as its version counter can count (65,535 versions).
    error BillOfLadingTooManyAmendments(uint256 tokenId, uint16 version);

    /// @notice Issues a B/L to its first holder. Carrier only.
    /// @param blNumber The B/L number (DCSA transportDocumentReference, at most 20 characters), unique per carrier.
    /// @param documentChecksum SHA-256 of the RFC 8785 canonical JSON of the transport document; no other B/L may
    /// ever have used it.
    /// @param blType Straight, to order, or sea waybill.
    /// @param holder The first holder, normally the shipper; a to-order B/L is to its order.
    /// @param consignee The named consignee (straight B/L, sea waybill), or 0 for a to-order B/L.
    /// @return tokenId `tokenIdOf(carrier, blNumber)`.
    function issue(
        bytes32 blNumber,
        bytes32 documentChecksum,
        BillOfLadingType blType,
        uint32 holder,
        uint32 consignee
    ) external returns (uint256 tokenId);

    /// @notice Issues a vessel's B/Ls in one transaction. Carrier only; all or none.
    function issueBatch(IssueRequest[] calldata requests) external returns (uint256[] memory tokenIds);

    /// @notice Passes possession to another organization without endorsing. Holder only; the recipient may reject it.
    /// A revoked holder may still do this (and `endorseAndDeliver`, `rejectTransfer`) to give its title back out.
    function transferPossession(uint256 tokenId, uint32 to) external;

    /// @notice Endorses a to-order B/L to a named party, keeping possession. Holder who is endorsee (or blank) only.
    function endorse(uint256 tokenId, uint32 to) external;

    /// @notice Endorses a to-order B/L in blank: whoever holds it may then act as endorsee. Endorsee only.
    function blankEndorse(uint256 tokenId) external;

    /// @notice Endorses a to-order B/L to a named party and delivers it to that party in one step.
    function endorseAndDeliver(uint256 tokenId, uint32 to) external;

    /// @notice The recipient of the last transfer sends it back, restoring the holder and endorsement before it.
    function rejectTransfer(uint256 tokenId) external;

    /// @notice Surrenders the B/L to its issuing carrier, for delivery, amendment or a switch to paper.
    /// Only the rightful party: the consignee (straight), the endorsee in possession (to order), any holder (blank).
    function surrender(uint256 tokenId, SurrenderKind kind) external;

    /// @notice Accepts a surrender for delivery (the B/L is accomplished) or to paper (the token is voided).
    /// Issuing carrier only, still holding the carrier role; the holder must be active. A surrender for amendment is
    /// accepted by `amend`.
    function acceptSurrender(uint256 tokenId) external;

    /// @notice Rejects a pending surrender: the B/L returns to its holder, whatever the holder's status, so that a
    /// refusal never strands title with the carrier. Issuing carrier only, still holding the carrier role.
    function rejectSurrender(uint256 tokenId) external;

    /// @notice Accepts a surrender for amendment and reissues the B/L to its holder with the amended document, which
    /// no B/L may have used before. Issuing carrier only, still holding the carrier role; the holder must be active.
    function amend(uint256 tokenId, bytes32 documentChecksum) external;

    /// @notice Links a file (invoice, packing list, certificate, photo…) to a B/L, so that anyone can check the
    /// file's integrity against the chain. Its carrier, holder, endorsee or consignee, in any state.
    /// @param fileSha256 SHA-256 of the file's bytes.
    /// @param size The file's size in bytes.
    /// @param cid The file's IPFS CID (UnixFS, CIDv1, raw leaves).
    function addAttachment(
        uint256 tokenId,
        bytes32 fileSha256,
        uint64 size,
        string calldata cid,
        string calldata fileName,
        string calldata mediaType,
        string calldata kind
    ) external;

    /// @notice The record of a B/L.
    function billOfLading(uint256 tokenId) external view returns (BillOfLadingRecord memory);

    /// @notice SHA-256 of the RFC 8785 canonical JSON of the B/L's current transport document.
    function documentChecksum(uint256 tokenId) external view returns (bytes32);

    /// @notice The organization that controls a B/L now: its holder, its carrier while a surrender is pending, or 0
    /// once it is accomplished or voided.
    function controller(uint256 tokenId) external view returns (uint32);

    /// @notice The B/L whose current or earlier document has this checksum, or 0 if none ever had it. A checksum
    /// once used stays with its B/L for good, so it can never back another one.
    function tokenIdOfDocument(bytes32 documentChecksum) external view returns (uint256 tokenId);

    /// @notice The token id of a carrier's B/L number: anyone can look a B/L up by its number.
    function tokenIdOf(uint32 carrier, bytes32 blNumber) external pure returns (uint256);

    /// @notice The IPFS CID of the current document (`bafkrei…`), derived from its checksum.
    function documentCid(uint256 tokenId) external view returns (string memory);

    /// @notice The party registry this registry asks about organizations.
    function parties() external view returns (address);
}
