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
import {BillOfLadingRecord, BillOfLadingState} from "../types/BillOfLading.sol";
import {PackedRecord} from "../types/PackedRecord.sol";

/// @title BillOfLadingToken
/// @notice The B/L registry's state, its views, and ERC-721 (with metadata) and EIP-5192 as their EIPs say. Title
/// addresses have no key, so no caller is ever an owner or an approved operator: the ERC-721 transfer and approval
/// functions revert as OpenZeppelin's ERC721 does for such a caller, and every live token is locked.
/// @dev The record is its own ownership store: ERC-721 is implemented here over the one-slot `PackedRecord` rather
/// than inherited, so that an action writes one slot instead of three (docs/decisions/0002-erc721-over-the-record.md).
/// `balanceOf` reads counters packed eight per slot (`TitleBalances`, docs/decisions/0007).
abstract contract BillOfLadingToken is IBillOfLading, IERC721Errors, ERC165 {
    using TitleBalances for TitleBalances.Counters;

    IPartyRegistry internal immutable _parties;
    /// @dev The first state variable (slot 0): tests set a record's version through it.
    mapping(uint256 tokenId => PackedRecord) internal _records;
    mapping(uint256 tokenId => bytes32) internal _documentChecksums;
    /// @dev Never cleared: a checksum once used, by any version of any B/L, stays with that B/L.
    mapping(bytes32 documentChecksum => uint256 tokenId) internal _documents;
    TitleBalances.Counters internal _balances;
    /// @dev Stored and reported as EIP-721 says; it authorises nothing, since no title address has a key.
    mapping(address owner => mapping(address operator => bool)) private _operatorApprovals;

    /// @param parties_ The port community's party registry.
    constructor(IPartyRegistry parties_) {
        _parties = parties_;
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

    /// @dev What OpenZeppelin's ERC-721 answers a caller that is neither owner nor approved.
    function _refuseTransfer(address to, uint256 tokenId) private view {
        if (to == address(0)) revert ERC721InvalidReceiver(address(0));
        _owned(tokenId);
        revert ERC721InsufficientApproval(msg.sender, tokenId);
    }

    function _existing(uint256 tokenId) internal view returns (PackedRecord record) {
        record = _records[tokenId];
        if (record.state() == BillOfLadingState.None) revert BillOfLadingUnknown(tokenId);
    }

    /// @dev The record of a token that has an ERC-721 owner: issued and neither accomplished nor voided.
    function _owned(uint256 tokenId) internal view returns (PackedRecord record) {
        record = _records[tokenId];
        BillOfLadingState state = record.state();
        if (state != BillOfLadingState.Active && state != BillOfLadingState.SurrenderPending) {
            revert ERC721NonexistentToken(tokenId);
        }
    }

    function _titleAddress(uint32 org) internal view returns (address) {
        return TitleAddress.derive(address(_parties), org);
    }
}
