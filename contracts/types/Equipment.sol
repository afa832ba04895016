// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

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

/// @notice The mutable part of an e-EIR, packed into one storage word read and written once per action. The fixed
/// terms (container, issuer, haulier, issue time, purpose, load state, a tag of the seal digest) are packed into the
/// id itself (see `InterchangeIds`), so they cost no storage.
/// @dev Bits: outFacility 0-31, returnFacility 32-63, validFrom 64-103, validUntil 104-143, gatedOutAt 144-183,
/// gatedInAt 184-223, status 224-231, truckAssigned 232 and hasSeals 234 (the plate and the seal digest share a second
/// slot, `SealsAndTruck`, read only when one of them is set), damagedAtGateOut 233 (the gate-out damage list exists,
/// read at gate-in only when set).
type InterchangeSlot is uint256;

using InterchangeSlotLib for InterchangeSlot global;

/// @title Reads and writes the fields of an `InterchangeSlot`.
library InterchangeSlotLib {
    uint256 private constant _U40 = 0xffffffffff;
    uint256 private constant _RETURN_FACILITY = 32;
    uint256 private constant _VALID_FROM = 64;
    uint256 private constant _VALID_UNTIL = 104;
    uint256 private constant _GATED_OUT_AT = 144;
    uint256 private constant _GATED_IN_AT = 184;
    uint256 private constant _STATUS = 224;
    uint256 private constant _TRUCK_ASSIGNED = 232;
    uint256 private constant _DAMAGED_AT_GATE_OUT = 233;
    uint256 private constant _SEALED = 234;

    /// @notice A new e-EIR's word, as issued.
    function issued(
        uint32 outFacility_,
        uint32 returnFacility_,
        uint40 validFrom_,
        uint40 validUntil_,
        bool truckAssigned_,
        bool hasSeals_
    ) internal pure returns (InterchangeSlot) {
        return
            InterchangeSlot.wrap(
                uint256(outFacility_) |
                    (uint256(returnFacility_) << _RETURN_FACILITY) |
                    (uint256(validFrom_) << _VALID_FROM) |
                    (uint256(validUntil_) << _VALID_UNTIL) |
                    (uint256(InterchangeStatus.Issued) << _STATUS) |
                    ((truckAssigned_ ? uint256(1) : 0) << _TRUCK_ASSIGNED) |
                    ((hasSeals_ ? uint256(1) : 0) << _SEALED)
            );
    }

    function outFacility(InterchangeSlot w) internal pure returns (uint32) {
        return uint32(InterchangeSlot.unwrap(w));
    }

    function returnFacility(InterchangeSlot w) internal pure returns (uint32) {
        return uint32(InterchangeSlot.unwrap(w) >> _RETURN_FACILITY);
    }

    function validFrom(InterchangeSlot w) internal pure returns (uint40) {
        return uint40(InterchangeSlot.unwrap(w) >> _VALID_FROM);
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
        return InterchangeStatus(uint8(InterchangeSlot.unwrap(w) >> _STATUS));
    }

    function truckAssigned(InterchangeSlot w) internal pure returns (bool) {
        return (InterchangeSlot.unwrap(w) >> _TRUCK_ASSIGNED) & 1 == 1;
    }

    /// @dev The e-EIR names seals: their digest is in `SealsAndTruck`.
    function hasSeals(InterchangeSlot w) internal pure returns (bool) {
        return (InterchangeSlot.unwrap(w) >> _SEALED) & 1 == 1;
    }

    /// @dev Whether the e-EIR's `SealsAndTruck` slot holds anything (a seal digest or a truck plate).
    function hasSealsOrTruck(InterchangeSlot w) internal pure returns (bool) {
        return (InterchangeSlot.unwrap(w) >> _TRUCK_ASSIGNED) & 0x5 != 0;
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
        return (v & ~(uint256(0xff) << _STATUS)) | (uint256(status_) << _STATUS);
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

/// @notice The second storage word of an e-EIR, written only when it names seals or a truck: the 128-bit seal digest
/// (`SealDigest`) the gates compare the seals found with, and the truck plate assigned (zero if none).
struct SealsAndTruck {
    bytes16 sealsDigest;
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
/// @notice Bits, most significant first: container (bytes11) 168-255, issuer 136-167, haulier 104-135, issue time
/// 64-103, purpose 56-62, laden 63, seal tag (the high 56 bits of the seal digest, `SealDigest.tag`) 0-55. The id's
/// hex begins with the container number's ASCII. A forged id (any bit changed) addresses an empty record and is
/// refused as unknown. The full 128-bit seal digest is in storage (`SealsAndTruck`): the tag only keeps ids of
/// e-EIRs that differ in their seals apart.
library InterchangeIds {
    function encode(
        bytes11 container_,
        uint32 issuer_,
        uint32 haulier_,
        uint40 issuedAt_,
        InterchangePurpose purpose_,
        bool laden_,
        uint56 sealTag_
    ) internal pure returns (uint256) {
        return
            (uint256(uint88(container_)) << 168) |
            (uint256(issuer_) << 136) |
            (uint256(haulier_) << 104) |
            (uint256(issuedAt_) << 64) |
            (uint256(laden_ ? 1 : 0) << 63) |
            (uint256(purpose_) << 56) |
            uint256(sealTag_);
    }

    function container(uint256 id) internal pure returns (bytes11) {
        return bytes11(uint88(id >> 168));
    }

    function issuer(uint256 id) internal pure returns (uint32) {
        return uint32(id >> 136);
    }

    function haulier(uint256 id) internal pure returns (uint32) {
        return uint32(id >> 104);
    }

    function issuedAt(uint256 id) internal pure returns (uint40) {
        return uint40(id >> 64);
    }

    function purpose(uint256 id) internal pure returns (InterchangePurpose) {
        return InterchangePurpose(uint8(id >> 56) & 0x7f);
    }

    function laden(uint256 id) internal pure returns (bool) {
        return (id >> 63) & 1 == 1;
    }
}
