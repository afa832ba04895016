// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @notice A carrier's delivery order: its instruction to a terminal to release containers of a B/L to a party.
/// Two storage slots; times are unix seconds (uint40 lasts until the year 36812).
/// @dev The containers are not stored here: each container's `ContainerRelease` points at the order that covers it,
/// and `DeliveryOrderIssued` lists them.
struct DeliveryOrder {
    uint256 blTokenId;
    /// @dev The B/L's issuing carrier, who issued the order and alone may revoke it.
    uint32 carrier;
    /// @dev The cargo's owner: the last holder of an accomplished B/L, or the named consignee of a sea waybill.
    uint32 consignee;
    /// @dev The party the containers are released to: the consignee, or a forwarder or haulier acting for it.
    uint32 releaseParty;
    /// @dev The terminal told to release the containers.
    uint32 terminal;
    uint40 validFrom;
    uint40 validUntil;
    /// @dev 0 while the order stands.
    uint40 revokedAt;
}

/// @notice Where one container stands in its release from the terminal, for the B/L it is imported under.
/// Two storage slots: the B/L, then everything an action or a gate decision reads.
/// @dev One B/L per container at a time (full container load). Discharged and not gated out, the record binds the
/// container to its B/L; otherwise the next action that names another B/L starts a new record (keeping a customs
/// hold), so the earlier B/L's delivery order and customs release lapse for the container (`ContainerBinding`).
struct ContainerRelease {
    uint256 blTokenId;
    /// @dev The delivery order that last covered the container (0 if none): live, expired or revoked.
    uint64 deliveryOrderId;
    /// @dev The terminal of record: the one that discharged the container (0 until discharged).
    uint32 terminal;
    /// @dev The haulier the consignee nominated to collect it (0 if none), reset by a new delivery order.
    uint32 haulier;
    uint40 dischargedAt;
    uint40 gatedOutAt;
    bool customsReleased;
    bool customsHeld;
}

/// @title Why the gate refuses a container: one bit per reason, set for every reason that applies.
/// @notice `IImportRelease.gateDecision` returns the sum of these bits; 0 means the container may leave.
library GateRefusal {
    /// @dev The container is on a straight or to-order B/L that has not been surrendered for delivery and accepted
    /// (only checked while no delivery order covers it: a delivery order is issued only for a releasable B/L).
    uint256 internal constant BILL_NOT_ACCOMPLISHED = 1 << 0;
    /// @dev No delivery order covers the container.
    uint256 internal constant NO_DELIVERY_ORDER = 1 << 1;
    /// @dev The delivery order's validity starts later (`validFrom` is after now).
    uint256 internal constant DELIVERY_ORDER_NOT_YET_VALID = 1 << 2;
    /// @dev The delivery order's validity has ended (`validUntil` is before now).
    uint256 internal constant DELIVERY_ORDER_EXPIRED = 1 << 3;
    /// @dev The carrier revoked the delivery order.
    uint256 internal constant DELIVERY_ORDER_REVOKED = 1 << 4;
    /// @dev The terminal asking is not the delivery order's terminal, or not the terminal that discharged the
    /// container.
    uint256 internal constant WRONG_TERMINAL = 1 << 5;
    /// @dev The haulier at the gate is not the one nominated for the container, or none was nominated.
    uint256 internal constant NOT_NOMINATED_HAULIER = 1 << 6;
    /// @dev Customs has not released the container.
    uint256 internal constant NO_CUSTOMS_RELEASE = 1 << 7;
    /// @dev Customs holds the container.
    uint256 internal constant CUSTOMS_HOLD = 1 << 8;
    /// @dev The container has already gated out.
    uint256 internal constant ALREADY_GATED_OUT = 1 << 9;
    /// @dev The terminal has not recorded the container's discharge.
    uint256 internal constant NOT_DISCHARGED = 1 << 10;
    /// @dev The haulier at the gate is not an active organization with the haulier role (unknown, suspended, revoked
    /// or the role removed).
    uint256 internal constant HAULIER_NOT_ACTIVE = 1 << 11;
    /// @dev The terminal asking is not an active organization with the terminal role.
    uint256 internal constant TERMINAL_NOT_ACTIVE = 1 << 12;

    /// @notice Every reason that applies to a container the terminal asks about, except `BILL_NOT_ACCOMPLISHED`,
    /// which needs the B/L registry.
    /// @param r The container's record (all zero if it was never seen).
    /// @param order The delivery order that covers it (ignored if `r.deliveryOrderId` is 0); read from storage, so
    /// that only the slot the decision needs is loaded.
    /// @param terminal The terminal asking.
    /// @param haulier The haulier at the gate.
    function reasons(
        ContainerRelease memory r,
        DeliveryOrder storage order,
        uint32 terminal,
        uint32 haulier
    ) internal view returns (uint256 bits) {
        if (r.deliveryOrderId == 0) {
            bits |= NO_DELIVERY_ORDER;
        } else {
            if (block.timestamp < order.validFrom) bits |= DELIVERY_ORDER_NOT_YET_VALID;
            if (block.timestamp > order.validUntil) bits |= DELIVERY_ORDER_EXPIRED;
            if (order.revokedAt != 0) bits |= DELIVERY_ORDER_REVOKED;
            if (terminal != order.terminal) bits |= WRONG_TERMINAL;
        }
        if (r.dischargedAt == 0) bits |= NOT_DISCHARGED;
        else if (terminal != r.terminal) bits |= WRONG_TERMINAL;
        if (r.haulier == 0 || r.haulier != haulier) bits |= NOT_NOMINATED_HAULIER;
        if (!r.customsReleased) bits |= NO_CUSTOMS_RELEASE;
        if (r.customsHeld) bits |= CUSTOMS_HOLD;
        if (r.gatedOutAt != 0) bits |= ALREADY_GATED_OUT;
    }
}

/// @title How a container's record binds it to a B/L, and what is left of it when another B/L takes it over.
library ContainerBinding {
    /// @notice Whether the record binds its container to its B/L for good: discharged and still in the terminal.
    function isDischarged(ContainerRelease memory r) internal pure returns (bool) {
        return r.dischargedAt != 0 && r.gatedOutAt == 0;
    }

    /// @notice The record that replaces `r` when an act under `blTokenId` takes the container over (or its next import
    /// starts): nothing of the earlier B/L survives but a customs hold, which stays with the container.
    function takenOver(ContainerRelease memory r, uint256 blTokenId) internal pure returns (ContainerRelease memory) {
        return ContainerRelease(blTokenId, 0, 0, 0, 0, 0, false, r.customsHeld && r.gatedOutAt == 0);
    }
}
