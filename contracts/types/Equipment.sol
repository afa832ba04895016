// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {ContainerNumber} from "../libraries/ContainerNumber.sol";

/// @notice Why a container moves on an equipment interchange receipt (e-EIR).
enum InterchangePurpose {
    /// @dev A laden import container collected from the terminal on its delivery order; its empty return ends it.
    ImportPickUp,
    /// @dev An empty container collected from a depot for a booking, to be stuffed and delivered for export.
    EmptyPickUpForExport,
    /// @dev An empty container moved back to a depot or terminal.
    EmptyReturn,
    /// @dev A laden export container delivered for a booking.
    ExportLadenDelivery
}

/// @notice Where an e-EIR is in its cycle.
enum InterchangeStatus {
    None,
    /// @dev Issued: the equipment may leave the out facility within the validity window.
    Issued,
    /// @dev Left the out facility: in the haulier's custody, the detention clock running.
    GatedOut,
    /// @dev Entered the return facility: the cycle is closed.
    Returned,
    /// @dev Cancelled by its issuer before gate-out.
    Cancelled
}

/// @notice The container's condition as the gate clerk found it.
enum Condition {
    Sound,
    Damaged
}

/// @notice How the seals found at a gate compare with the e-EIR's seals.
enum SealCheck {
    /// @dev The same seals (in any order).
    Matched,
    /// @dev Different seals: flagged, not refused, so that the container is not stuck at the gate.
    Mismatched,
    /// @dev Other seals than the e-EIR's, as expected: the container was stuffed or unstuffed in the haulier's custody
    /// (the gate-in of an import pick-up or of an empty pick-up for export). Recorded, not flagged.
    NotCompared
}

/// @notice One damage found at a gate, in two-character codes loosely after CEDEX (ISO 9897): where on the
/// container (`location`, e.g. "LB" left side bottom, "RT" right side top, "DX" door end), which component
/// (`component`, e.g. "PA" panel, "DH" door handle, "CM" corner post) and what happened (`damageType`, e.g. "DT"
/// dented, "HO" holed, "BT" bent, "CU" cut). Each code must be non-zero; the contract does not check the code lists.
struct DamageReport {
    bytes2 location;
    bytes2 component;
    bytes2 damageType;
}

/// @notice What the issuer of an e-EIR (the equipment owner, or its agent) states.
struct InterchangeRequest {
    /// @dev ISO 6346 number, `bytes11` ASCII ("MSKU1234565"), check digit verified.
    bytes11 container;
    /// @dev ISO 6346 size and type code, `bytes4` ASCII ("22G1", "45R1", "L5G1"); see `SizeTypeCode`.
    bytes4 sizeType;
    bool laden;
    /// @dev The seals the container carries when it leaves: up to three, each non-zero; at least one when laden.
    bytes16[] seals;
    InterchangePurpose purpose;
    /// @dev ImportPickUp: the delivery order id (`uint256`); EmptyPickUpForExport and ExportLadenDelivery: the booking
    /// reference (non-zero); EmptyReturn: free (0, or the B/L or booking the empty comes from).
    bytes32 orderReference;
    /// @dev The terminal or depot the container leaves.
    uint32 outFacility;
    /// @dev The terminal or depot it must come back to.
    uint32 returnFacility;
    uint32 haulier;
    /// @dev Optional (0 if not yet known); the haulier can assign it later.
    bytes16 truckPlate;
    uint64 validFrom;
    uint64 validUntil;
}

/// @notice The mutable part of an e-EIR and its seal digest, packed into one storage word read and written once per
/// action. The fixed terms (container, issuer, haulier, issue time, purpose, load state, facilities, start of validity)
/// are packed into the id itself (see `InterchangeIds`), so they cost no storage.
/// @dev Bits: sealsDigest 0-127 (`SealDigest`), validUntil 128-167, gatedOutAt 168-207, gatedInAt 208-247, status
/// 248-250, truckAssigned 251 (the plate is in a second slot, read only when set), damagedAtGateOut 252 (the gate-out
/// damage list exists, read at gate-in only when set).
type InterchangeSlot is uint256;

using InterchangeSlotLib for InterchangeSlot global;

/// @title Reads and writes the fields of an `InterchangeSlot`.
library InterchangeSlotLib {
    uint256 private constant _U40 = 0xffffffffff;
    uint256 private constant _VALID_UNTIL = 128;
    uint256 private constant _GATED_OUT_AT = 168;
    uint256 private constant _GATED_IN_AT = 208;
    uint256 private constant _STATUS = 248;
    uint256 private constant _TRUCK_ASSIGNED = 251;
    uint256 private constant _DAMAGED_AT_GATE_OUT = 252;

    /// @notice A new e-EIR's word, as issued.
    function issued(
        bytes16 sealsDigest_,
        uint40 validUntil_,
        bool truckAssigned_
    ) internal pure returns (InterchangeSlot) {
        return
            InterchangeSlot.wrap(
                uint256(uint128(sealsDigest_)) |
                    (uint256(validUntil_) << _VALID_UNTIL) |
                    (uint256(InterchangeStatus.Issued) << _STATUS) |
                    ((truckAssigned_ ? uint256(1) : 0) << _TRUCK_ASSIGNED)
            );
    }

    /// @dev The digest of the e-EIR's seals; zero for none.
    function sealsDigest(InterchangeSlot w) internal pure returns (bytes16) {
        return bytes16(uint128(InterchangeSlot.unwrap(w)));
    }

    function validUntil(InterchangeSlot w) internal pure returns (uint40) {
        return uint40(InterchangeSlot.unwrap(w) >> _VALID_UNTIL);
    }

    function gatedOutAt(InterchangeSlot w) internal pure returns (uint40) {
        return uint40(InterchangeSlot.unwrap(w) >> _GATED_OUT_AT);
    }

    function gatedInAt(InterchangeSlot w) internal pure returns (uint40) {
        return uint40(InterchangeSlot.unwrap(w) >> _GATED_IN_AT);
    }

    /// @dev `None` for an empty word: every issued e-EIR has a status.
    function status(InterchangeSlot w) internal pure returns (InterchangeStatus) {
        return InterchangeStatus(uint8(InterchangeSlot.unwrap(w) >> _STATUS) & 0x7);
    }

    function truckAssigned(InterchangeSlot w) internal pure returns (bool) {
        return (InterchangeSlot.unwrap(w) >> _TRUCK_ASSIGNED) & 1 == 1;
    }

    function damagedAtGateOut(InterchangeSlot w) internal pure returns (bool) {
        return (InterchangeSlot.unwrap(w) >> _DAMAGED_AT_GATE_OUT) & 1 == 1;
    }

    /// @notice Gated out now; `damaged` when the gate-out found damage.
    function gatedOut(InterchangeSlot w, bool damaged) internal view returns (InterchangeSlot) {
        uint256 v = _withStatus(InterchangeSlot.unwrap(w), InterchangeStatus.GatedOut);
        v = (v & ~(_U40 << _GATED_OUT_AT)) | (block.timestamp << _GATED_OUT_AT);
        if (damaged) v |= 1 << _DAMAGED_AT_GATE_OUT;
        return InterchangeSlot.wrap(v);
    }

    /// @notice Gated in (returned) now.
    function gatedIn(InterchangeSlot w) internal view returns (InterchangeSlot) {
        uint256 v = _withStatus(InterchangeSlot.unwrap(w), InterchangeStatus.Returned);
        return InterchangeSlot.wrap((v & ~(_U40 << _GATED_IN_AT)) | (block.timestamp << _GATED_IN_AT));
    }

    function cancelled(InterchangeSlot w) internal pure returns (InterchangeSlot) {
        return InterchangeSlot.wrap(_withStatus(InterchangeSlot.unwrap(w), InterchangeStatus.Cancelled));
    }

    function withTruck(InterchangeSlot w) internal pure returns (InterchangeSlot) {
        return InterchangeSlot.wrap(InterchangeSlot.unwrap(w) | (1 << _TRUCK_ASSIGNED));
    }

    function _withStatus(uint256 v, InterchangeStatus status_) private pure returns (uint256) {
        return (v & ~(uint256(0x7) << _STATUS)) | (uint256(status_) << _STATUS);
    }
}

/// @notice An e-EIR as read off chain: its fixed terms decoded from the id and its record.
struct EquipmentInterchangeView {
    bytes11 container;
    uint32 issuer;
    uint32 haulier;
    uint40 issuedAt;
    InterchangePurpose purpose;
    bool laden;
    /// @dev See `SealDigest`: zero for no seals.
    bytes16 sealsDigest;
    uint32 outFacility;
    uint32 returnFacility;
    uint40 validFrom;
    uint40 validUntil;
    uint40 gatedOutAt;
    uint40 gatedInAt;
    InterchangeStatus status;
    bytes16 truckPlate;
}

/// @notice Which release of a container an import pick-up gated out on: one release, one pick-up.
/// @dev A release is its delivery order and the second its release gate-out was recorded; one slot per container,
/// overwritten by the next import.
struct PickedUpRelease {
    uint64 deliveryOrderId;
    uint40 releaseGatedOutAt;
}

/// @title The e-EIR id: the e-EIR's fixed terms packed into one word.
/// @notice Bits, most significant first: container 220-255 (36 bits, `ContainerNumber.pack`: the check digit follows
/// from the rest), issuer 188-219, haulier 156-187, issue time 116-155, laden 115, purpose 113-114, out facility
/// 81-112, return facility 49-80, start of validity 9-48; 0-8 are zero. A forged id (any bit changed) addresses an
/// empty record and is refused as unknown.
library InterchangeIds {
    /// @notice The id of the e-EIR `request` asks for, issued by `issuer_` at `issuedAt_`; the container must be valid.
    function encode(
        InterchangeRequest calldata request,
        uint32 issuer_,
        uint40 issuedAt_
    ) internal pure returns (uint256) {
        return
            (uint256(ContainerNumber.pack(request.container)) << 220) |
            (uint256(issuer_) << 188) |
            (uint256(request.haulier) << 156) |
            (uint256(issuedAt_) << 116) |
            (uint256(request.laden ? 1 : 0) << 115) |
            (uint256(request.purpose) << 113) |
            (uint256(request.outFacility) << 81) |
            (uint256(request.returnFacility) << 49) |
            (uint256(uint40(request.validFrom)) << 9);
    }

    function container(uint256 id) internal pure returns (bytes11) {
        return ContainerNumber.unpack(uint40(id >> 220));
    }

    function issuer(uint256 id) internal pure returns (uint32) {
        return uint32(id >> 188);
    }

    function haulier(uint256 id) internal pure returns (uint32) {
        return uint32(id >> 156);
    }

    function issuedAt(uint256 id) internal pure returns (uint40) {
        return uint40(id >> 116);
    }

    function laden(uint256 id) internal pure returns (bool) {
        return (id >> 115) & 1 == 1;
    }

    function purpose(uint256 id) internal pure returns (InterchangePurpose) {
        return InterchangePurpose(uint8(id >> 113) & 0x3);
    }

    function outFacility(uint256 id) internal pure returns (uint32) {
        return uint32(id >> 81);
    }

    function returnFacility(uint256 id) internal pure returns (uint32) {
        return uint32(id >> 49);
    }

    function validFrom(uint256 id) internal pure returns (uint40) {
        return uint40(id >> 9);
    }
}
