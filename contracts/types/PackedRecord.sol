// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {BillOfLadingRecord, BillOfLadingState, BillOfLadingType, SurrenderKind} from "./BillOfLading.sol";

/// @notice A B/L's parties and state packed into one word, so that each action reads and writes one storage slot.
/// @dev Bits: carrier 0-31, holder 32-63, endorsee 64-95, consignee 96-127, previousHolder 128-159,
/// previousEndorsee 160-191, blType 192-199, state 200-207, surrenderKind 208-215, flags 216-223, version 224-239.
type PackedRecord is uint256;

using PackedRecordLib for PackedRecord global;

/// @title Reads and writes the fields of a `PackedRecord`.
library PackedRecordLib {
    uint256 private constant _U32 = 0xffffffff;
    uint256 private constant _U8 = 0xff;
    uint256 private constant _U16 = 0xffff;

    uint256 private constant _HOLDER = 32;
    uint256 private constant _ENDORSEE = 64;
    uint256 private constant _CONSIGNEE = 96;
    uint256 private constant _PREVIOUS_HOLDER = 128;
    uint256 private constant _PREVIOUS_ENDORSEE = 160;
    uint256 private constant _TYPE = 192;
    uint256 private constant _STATE = 200;
    uint256 private constant _SURRENDER_KIND = 208;
    uint256 private constant _BLANK_ENDORSED = 216;
    uint256 private constant _PREVIOUS_BLANK_ENDORSED = 217;
    uint256 private constant _RETURNABLE = 218;
    uint256 private constant _VERSION = 224;

    /// @notice A new record, as issued.
    function issued(
        uint32 carrier_,
        uint32 holder_,
        uint32 endorsee_,
        uint32 consignee_,
        BillOfLadingType blType_
    ) internal pure returns (PackedRecord) {
        return
            PackedRecord.wrap(
                uint256(carrier_) |
                    (uint256(holder_) << _HOLDER) |
                    (uint256(endorsee_) << _ENDORSEE) |
                    (uint256(consignee_) << _CONSIGNEE) |
                    (uint256(blType_) << _TYPE) |
                    (uint256(BillOfLadingState.Active) << _STATE) |
                    (uint256(1) << _VERSION)
            );
    }

    function carrier(PackedRecord r) internal pure returns (uint32) {
        return uint32(PackedRecord.unwrap(r));
    }

    function holder(PackedRecord r) internal pure returns (uint32) {
        return uint32(PackedRecord.unwrap(r) >> _HOLDER);
    }

    function endorsee(PackedRecord r) internal pure returns (uint32) {
        return uint32(PackedRecord.unwrap(r) >> _ENDORSEE);
    }

    function consignee(PackedRecord r) internal pure returns (uint32) {
        return uint32(PackedRecord.unwrap(r) >> _CONSIGNEE);
    }

    function previousHolder(PackedRecord r) internal pure returns (uint32) {
        return uint32(PackedRecord.unwrap(r) >> _PREVIOUS_HOLDER);
    }

    function previousEndorsee(PackedRecord r) internal pure returns (uint32) {
        return uint32(PackedRecord.unwrap(r) >> _PREVIOUS_ENDORSEE);
    }

    function blType(PackedRecord r) internal pure returns (BillOfLadingType) {
        return BillOfLadingType(uint8(PackedRecord.unwrap(r) >> _TYPE));
    }

    function state(PackedRecord r) internal pure returns (BillOfLadingState) {
        return BillOfLadingState(uint8(PackedRecord.unwrap(r) >> _STATE));
    }

    function surrenderKind(PackedRecord r) internal pure returns (SurrenderKind) {
        return SurrenderKind(uint8(PackedRecord.unwrap(r) >> _SURRENDER_KIND));
    }

    function blankEndorsed(PackedRecord r) internal pure returns (bool) {
        return (PackedRecord.unwrap(r) >> _BLANK_ENDORSED) & 1 == 1;
    }

    function previousBlankEndorsed(PackedRecord r) internal pure returns (bool) {
        return (PackedRecord.unwrap(r) >> _PREVIOUS_BLANK_ENDORSED) & 1 == 1;
    }

    function returnable(PackedRecord r) internal pure returns (bool) {
        return (PackedRecord.unwrap(r) >> _RETURNABLE) & 1 == 1;
    }

    function version(PackedRecord r) internal pure returns (uint16) {
        return uint16(PackedRecord.unwrap(r) >> _VERSION);
    }

    /// @notice Possession moves from the holder to `to`; the holder and endorsement before it are remembered so that
    /// `to` can reject the transfer.
    function delivered(PackedRecord r, uint32 to) internal pure returns (PackedRecord) {
        uint256 w = PackedRecord.unwrap(r);
        w = _set(w, _PREVIOUS_HOLDER, _U32, (w >> _HOLDER) & _U32);
        w = _set(w, _PREVIOUS_ENDORSEE, _U32, (w >> _ENDORSEE) & _U32);
        w = _set(w, _PREVIOUS_BLANK_ENDORSED, 1, (w >> _BLANK_ENDORSED) & 1);
        w = _set(w, _RETURNABLE, 1, 1);
        return PackedRecord.wrap(_set(w, _HOLDER, _U32, to));
    }

    /// @notice The last transfer is undone: holder and endorsement go back to what they were.
    function returned(PackedRecord r) internal pure returns (PackedRecord) {
        uint256 w = PackedRecord.unwrap(r);
        w = _set(w, _HOLDER, _U32, (w >> _PREVIOUS_HOLDER) & _U32);
        w = _set(w, _ENDORSEE, _U32, (w >> _PREVIOUS_ENDORSEE) & _U32);
        w = _set(w, _BLANK_ENDORSED, 1, (w >> _PREVIOUS_BLANK_ENDORSED) & 1);
        return PackedRecord.wrap(_set(w, _RETURNABLE, 1, 0));
    }

    /// @notice Title goes to `to` (0 with `blank` for an endorsement in blank). The holder has acted, so it can no
    /// longer reject the transfer that brought it the B/L.
    function endorsed(PackedRecord r, uint32 to, bool blank) internal pure returns (PackedRecord) {
        uint256 w = PackedRecord.unwrap(r);
        w = _set(w, _ENDORSEE, _U32, to);
        w = _set(w, _BLANK_ENDORSED, 1, blank ? 1 : 0);
        return PackedRecord.wrap(_set(w, _RETURNABLE, 1, 0));
    }

    /// @notice Endorsed to `to` and delivered to it in one step; a rejection restores the endorsement before this one.
    function endorsedAndDelivered(PackedRecord r, uint32 to) internal pure returns (PackedRecord) {
        uint256 w = PackedRecord.unwrap(r.delivered(to));
        w = _set(w, _ENDORSEE, _U32, to);
        return PackedRecord.wrap(_set(w, _BLANK_ENDORSED, 1, 0));
    }

    /// @notice The record in a new state with a surrender kind (None when no surrender is pending).
    function moved(PackedRecord r, BillOfLadingState state_, SurrenderKind kind) internal pure returns (PackedRecord) {
        uint256 w = PackedRecord.unwrap(r);
        w = _set(w, _STATE, _U8, uint256(state_));
        w = _set(w, _SURRENDER_KIND, _U8, uint256(kind));
        return PackedRecord.wrap(_set(w, _RETURNABLE, 1, 0));
    }

    /// @notice The record with its version increased by one.
    function nextVersion(PackedRecord r) internal pure returns (PackedRecord) {
        uint256 w = PackedRecord.unwrap(r);
        return PackedRecord.wrap(_set(w, _VERSION, _U16, ((w >> _VERSION) & _U16) + 1));
    }

    /// @notice The record as a struct, for reading off chain.
    function unpack(PackedRecord r) internal pure returns (BillOfLadingRecord memory) {
        return
            BillOfLadingRecord({
                carrier: r.carrier(),
                holder: r.holder(),
                endorsee: r.endorsee(),
                consignee: r.consignee(),
                previousHolder: r.previousHolder(),
                previousEndorsee: r.previousEndorsee(),
                blType: r.blType(),
                state: r.state(),
                surrenderKind: r.surrenderKind(),
                blankEndorsed: r.blankEndorsed(),
                previousBlankEndorsed: r.previousBlankEndorsed(),
                returnable: r.returnable(),
                version: r.version()
            });
    }

    function _set(uint256 w, uint256 offset, uint256 mask, uint256 value) private pure returns (uint256) {
        return (w & ~(mask << offset)) | ((value & mask) << offset);
    }
}
