// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IImportRelease} from "./IImportRelease.sol";
import {IBillOfLading} from "../billOfLading/IBillOfLading.sol";
import {IPartyRegistry} from "../parties/IPartyRegistry.sol";
import {ContainerNumber} from "../libraries/ContainerNumber.sol";
import {ReleaseParties} from "../libraries/ReleaseParties.sol";
import {ValidityWindow} from "../libraries/ValidityWindow.sol";
import {BillOfLadingRecord, BillOfLadingState, BillOfLadingType} from "../types/BillOfLading.sol";
import {Roles} from "../types/Organization.sol";
import {ContainerBinding, ContainerRelease, DeliveryOrder, GateRefusal} from "../types/Release.sol";

/// @title ImportRelease
/// @notice The paperless release of import containers: the carrier's delivery order, customs' release and holds, the
/// terminal's discharge and gate-out, and the consignee's haulier nomination, checked together at the gate.
/// @dev Each container has one two-slot `ContainerRelease` for the B/L it is imported under; each delivery order one
/// two-slot `DeliveryOrder`. The containers of an order live only in its event and in their own records.
contract ImportRelease is IImportRelease {
    using ContainerBinding for ContainerRelease;
    using ReleaseParties for IPartyRegistry;

    IPartyRegistry private immutable _parties;
    IBillOfLading private immutable _billsOfLading;
    uint64 private _deliveryOrderCount;
    mapping(uint256 deliveryOrderId => DeliveryOrder) private _deliveryOrders;
    mapping(bytes11 container => ContainerRelease) private _containers;

    /// @param parties_ The port community's party registry.
    /// @param billsOfLading_ The e-B/L title registry whose B/Ls are released.
    constructor(IPartyRegistry parties_, IBillOfLading billsOfLading_) {
        _parties = parties_;
        _billsOfLading = billsOfLading_;
    }

    // ---------------------------------------------------------------- delivery orders

    /// @inheritdoc IImportRelease
    function issueDeliveryOrder(
        uint256 blTokenId,
        bytes11[] calldata containers,
        uint32 releaseParty,
        uint32 terminal,
        uint64 validFrom,
        uint64 validUntil
    ) external returns (uint256 deliveryOrderId) {
        DeliveryOrder memory order = _checkedOrder(blTokenId, releaseParty, terminal, validFrom, validUntil);
        if (containers.length == 0) revert ImportReleaseNoContainers();
        uint64 id = ++_deliveryOrderCount;
        deliveryOrderId = id;
        _deliveryOrders[id] = order;
        for (uint256 i = 0; i < containers.length; ++i) {
            bytes11 container = containers[i];
            ContainerRelease memory r = _bind(container, blTokenId);
            uint64 previous = r.deliveryOrderId;
            if (previous == id) revert ImportReleaseDuplicateContainer(container);
            if (previous != 0 && _isLive(_deliveryOrders[previous])) {
                revert ImportReleaseContainerOnLiveDeliveryOrder(container, previous);
            }
            r.deliveryOrderId = id;
            r.haulier = 0; // a new order, perhaps to another party: its consignee nominates afresh
            _containers[container] = r;
            emit ContainerCovered(container, id, blTokenId);
        }
        emit DeliveryOrderIssued(
            id,
            blTokenId,
            order.releaseParty,
            order.carrier,
            order.consignee,
            terminal,
            order.validFrom,
            order.validUntil,
            containers
        );
    }

    /// @inheritdoc IImportRelease
    function revokeDeliveryOrder(uint256 deliveryOrderId, string calldata reason) external {
        DeliveryOrder storage order = _existingOrder(deliveryOrderId);
        uint32 carrier = order.carrier;
        _parties.requireActsFor(msg.sender, order.blTokenId, carrier);
        if (order.revokedAt != 0) revert ImportReleaseDeliveryOrderRevoked(deliveryOrderId);
        order.revokedAt = uint40(block.timestamp);
        emit DeliveryOrderRevoked(deliveryOrderId, order.blTokenId, carrier, reason);
    }

    /// @inheritdoc IImportRelease
    function nominateHaulier(uint256 deliveryOrderId, bytes11 container, uint32 haulier) external {
        (uint32 org, , uint16 haulierRoles) = _parties.activeSignerAndRecipient(msg.sender, haulier);
        DeliveryOrder storage order = _existingOrder(deliveryOrderId);
        if (org != order.consignee && org != order.releaseParty) {
            revert ImportReleaseNotConsignee(deliveryOrderId, org, order.consignee);
        }
        if (haulierRoles & Roles.HAULIER == 0) revert ImportReleaseInvalidHaulier(haulier, haulierRoles);
        if (order.revokedAt != 0) revert ImportReleaseDeliveryOrderRevoked(deliveryOrderId);
        ContainerRelease storage r = _containers[container];
        if (r.deliveryOrderId != deliveryOrderId)
            revert ImportReleaseContainerNotOnDeliveryOrder(deliveryOrderId, container);
        if (r.gatedOutAt != 0) revert ImportReleaseAlreadyGatedOut(container, r.gatedOutAt);
        r.haulier = haulier;
        emit HaulierNominated(container, deliveryOrderId, haulier, org);
    }

    // ---------------------------------------------------------------- customs

    /// @inheritdoc IImportRelease
    function recordCustomsRelease(
        bytes32 declarationNumber,
        uint256 blTokenId,
        bytes11[] calldata containers
    ) external {
        uint32 org = _customsActing(blTokenId, containers);
        for (uint256 i = 0; i < containers.length; ++i) {
            bytes11 container = containers[i];
            ContainerRelease memory r = _bind(container, blTokenId);
            if (r.customsHeld) revert ImportReleaseCustomsHold(container);
            if (r.customsReleased) revert ImportReleaseAlreadyCustomsReleased(container);
            r.customsReleased = true;
            _containers[container] = r;
            emit CustomsReleased(container, blTokenId, declarationNumber, org);
        }
    }

    /// @inheritdoc IImportRelease
    function placeHold(bytes32 declarationNumber, uint256 blTokenId, bytes11[] calldata containers) external {
        uint32 org = _customsActing(blTokenId, containers);
        for (uint256 i = 0; i < containers.length; ++i) {
            bytes11 container = containers[i];
            ContainerRelease memory r = _bind(container, blTokenId);
            if (r.customsHeld) revert ImportReleaseCustomsHold(container);
            r.customsHeld = true;
            _containers[container] = r;
            emit CustomsHoldPlaced(container, blTokenId, declarationNumber, org);
        }
    }

    /// @inheritdoc IImportRelease
    function liftHold(bytes32 declarationNumber, uint256 blTokenId, bytes11[] calldata containers) external {
        uint32 org = _customsActing(blTokenId, containers);
        for (uint256 i = 0; i < containers.length; ++i) {
            bytes11 container = containers[i];
            ContainerRelease storage r = _containers[container];
            if (r.blTokenId != blTokenId || !r.customsHeld) revert ImportReleaseNoCustomsHold(container);
            r.customsHeld = false;
            emit CustomsHoldLifted(container, blTokenId, declarationNumber, org);
        }
    }

    // ---------------------------------------------------------------- terminal

    /// @inheritdoc IImportRelease
    function recordDischarge(uint256 blTokenId, bytes11 container) external {
        uint32 org = _terminalActing();
        _requireCurrent(blTokenId);
        ContainerRelease memory r = _bind(container, blTokenId);
        if (r.dischargedAt != 0) revert ImportReleaseAlreadyDischarged(container, r.terminal, r.dischargedAt);
        r.terminal = org;
        r.dischargedAt = uint40(block.timestamp);
        _containers[container] = r;
        emit Discharged(container, blTokenId, org);
    }

    /// @inheritdoc IImportRelease
    function correctDischarge(bytes11 container, uint256 blTokenId) external {
        uint32 org = _terminalActing();
        ContainerRelease memory r = _containers[container];
        if (r.gatedOutAt != 0) revert ImportReleaseAlreadyGatedOut(container, r.gatedOutAt);
        if (r.dischargedAt == 0) revert ImportReleaseNotDischarged(container);
        if (org != r.terminal) revert ImportReleaseNotTerminalOfRecord(container, org, r.terminal);
        uint256 previous = r.blTokenId;
        if (blTokenId == previous) revert ImportReleaseDischargeUnchanged(container, blTokenId);
        if (blTokenId == 0) {
            // Not discharged after all: what the B/L's other parties did stays, bound weakly as before discharge.
            r.terminal = 0;
            r.dischargedAt = 0;
        } else {
            _requireCurrent(blTokenId);
            uint40 dischargedAt = r.dischargedAt;
            r = r.takenOver(blTokenId);
            r.terminal = org;
            r.dischargedAt = dischargedAt;
        }
        _containers[container] = r;
        emit DischargeCorrected(container, previous, blTokenId, org);
    }

    /// @inheritdoc IImportRelease
    function recordGateOut(bytes11 container, uint32 haulier, bytes16 truckPlate) external {
        uint32 org = _terminalActing();
        if (truckPlate == bytes16(0)) revert ImportReleaseInvalidTruckPlate();
        ContainerRelease memory r = _containers[container];
        // The caller is an active terminal: only the haulier's standing is read.
        uint256 reasons = _refusals(r, org, haulier) | _haulierRefusal(haulier);
        if (reasons != 0) revert ImportReleaseNotReleasable(container, reasons);
        _containers[container].gatedOutAt = uint40(block.timestamp);
        emit GatedOut(container, r.blTokenId, haulier, r.deliveryOrderId, org, truckPlate);
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IImportRelease
    function gateDecision(
        bytes11 container,
        uint32 terminal,
        uint32 haulier
    ) external view returns (bool releasable, uint256 reasons) {
        reasons = _refusals(_containers[container], terminal, haulier) | _haulierRefusal(haulier);
        if (!_parties.isActiveAs(terminal, Roles.TERMINAL)) reasons |= GateRefusal.TERMINAL_NOT_ACTIVE;
        releasable = reasons == 0;
    }

    /// @inheritdoc IImportRelease
    function deliveryOrder(uint256 deliveryOrderId) external view returns (DeliveryOrder memory) {
        return _existingOrder(deliveryOrderId);
    }

    /// @inheritdoc IImportRelease
    function containerRelease(bytes11 container) external view returns (ContainerRelease memory) {
        return _containers[container];
    }

    /// @inheritdoc IImportRelease
    function isValidContainerNumber(bytes11 container) external pure returns (bool) {
        return ContainerNumber.isValid(container);
    }

    /// @inheritdoc IImportRelease
    function deliveryOrderCount() external view returns (uint256) {
        return _deliveryOrderCount;
    }

    /// @inheritdoc IImportRelease
    function parties() external view returns (address) {
        return address(_parties);
    }

    /// @inheritdoc IImportRelease
    function billsOfLading() external view returns (address) {
        return address(_billsOfLading);
    }

    // ---------------------------------------------------------------- internals

    /// @dev The container's record for this B/L, to be written back by the caller: the current one, or, when the
    /// container is new, gated out, or not discharged under another B/L, a fresh one that takes it over (keeping a
    /// customs hold; the other B/L's delivery order and customs release lapse for it). Reverts for an invalid number,
    /// a container already gated out under this B/L, or one discharged under another and still in the terminal.
    function _bind(bytes11 container, uint256 blTokenId) private view returns (ContainerRelease memory r) {
        if (!ContainerNumber.isValid(container)) revert ImportReleaseInvalidContainerNumber(container);
        r = _containers[container];
        if (r.blTokenId == blTokenId) {
            if (r.gatedOutAt != 0) revert ImportReleaseAlreadyGatedOut(container, r.gatedOutAt);
            return r;
        }
        if (r.isDischarged()) revert ImportReleaseContainerOnAnotherBill(container, blTokenId, r.blTokenId);
        r = r.takenOver(blTokenId);
    }

    /// @dev The order the caller may issue, checked: the caller is the B/L's issuing carrier, the B/L is releasable,
    /// the release party (the consignee by default) and the terminal are active, and the window is sound.
    function _checkedOrder(
        uint256 blTokenId,
        uint32 releaseParty,
        uint32 terminal,
        uint64 validFrom,
        uint64 validUntil
    ) private view returns (DeliveryOrder memory) {
        BillOfLadingRecord memory bl = _billsOfLading.billOfLading(blTokenId);
        _parties.requireActsFor(msg.sender, blTokenId, bl.carrier);
        if (!_releasable(bl)) revert ImportReleaseBillNotReleasable(blTokenId, bl.blType, bl.state);
        // The cargo's owner: a waybill's named consignee, or whoever surrendered the accomplished B/L.
        uint32 consignee = bl.blType == BillOfLadingType.SeaWaybill ? bl.consignee : bl.holder;
        if (releaseParty == 0) releaseParty = consignee;
        else if (bl.blType == BillOfLadingType.SeaWaybill && releaseParty != consignee) {
            revert ImportReleaseInvalidReleaseParty(blTokenId, releaseParty, consignee);
        }
        _parties.activeRoles(releaseParty);
        uint16 terminalRoles = _parties.activeRoles(terminal);
        if (terminalRoles & Roles.TERMINAL == 0) revert ImportReleaseInvalidTerminal(terminal, terminalRoles);
        if (!ValidityWindow.isValid(validFrom, validUntil)) {
            revert ImportReleaseInvalidWindow(validFrom, validUntil);
        }

        return
            DeliveryOrder({
                blTokenId: blTokenId,
                carrier: bl.carrier,
                consignee: consignee,
                releaseParty: releaseParty,
                terminal: terminal,
                validFrom: uint40(validFrom),
                validUntil: uint40(validUntil),
                revokedAt: 0
            });
    }

    /// @dev Every gate refusal reason for a container's record: `GateRefusal.reasons`, plus whether its B/L is
    /// releasable when no delivery order vouches for that.
    function _refusals(ContainerRelease memory r, uint32 terminal, uint32 haulier) private view returns (uint256) {
        uint256 reasons = GateRefusal.reasons(r, _deliveryOrders[r.deliveryOrderId], terminal, haulier);
        if (r.deliveryOrderId == 0 && r.blTokenId != 0 && !_releasable(_billsOfLading.billOfLading(r.blTokenId))) {
            reasons |= GateRefusal.BILL_NOT_ACCOMPLISHED;
        }
        return reasons;
    }

    /// @dev Reverts unless the B/L exists and is not voided: the only B/Ls a container can be discharged under.
    function _requireCurrent(uint256 blTokenId) private view {
        BillOfLadingState state = _billsOfLading.billOfLading(blTokenId).state; // reverts for an unknown B/L
        if (state == BillOfLadingState.Voided) revert ImportReleaseBillNotCurrent(blTokenId, state);
    }

    /// @dev `GateRefusal.HAULIER_NOT_ACTIVE` unless the haulier is an active organization with the haulier role.
    function _haulierRefusal(uint32 haulier) private view returns (uint256) {
        return _parties.isActiveAs(haulier, Roles.HAULIER) ? 0 : GateRefusal.HAULIER_NOT_ACTIVE;
    }

    /// @dev A sea waybill is releasable while active; a straight or to-order B/L once accomplished (final).
    function _releasable(BillOfLadingRecord memory bl) private pure returns (bool) {
        if (bl.blType == BillOfLadingType.SeaWaybill) return bl.state == BillOfLadingState.Active;
        return bl.state == BillOfLadingState.Accomplished;
    }

    function _isLive(DeliveryOrder storage order) private view returns (bool) {
        return order.revokedAt == 0 && block.timestamp <= order.validUntil;
    }

    /// @dev The caller's organization, checked to hold the customs role, acting on at least one container of a B/L
    /// that exists.
    function _customsActing(uint256 blTokenId, bytes11[] calldata containers) private view returns (uint32 org) {
        uint16 roles;
        (org, roles) = _parties.activeSigner(msg.sender);
        if (roles & Roles.CUSTOMS == 0) revert ImportReleaseNotCustoms(org);
        if (containers.length == 0) revert ImportReleaseNoContainers();
        _billsOfLading.controller(blTokenId); // reverts for an unknown B/L
    }

    function _terminalActing() private view returns (uint32 org) {
        uint16 roles;
        (org, roles) = _parties.activeSigner(msg.sender);
        if (roles & Roles.TERMINAL == 0) revert ImportReleaseNotTerminal(org);
    }

    function _existingOrder(uint256 deliveryOrderId) private view returns (DeliveryOrder storage order) {
        order = _deliveryOrders[deliveryOrderId];
        if (order.carrier == 0) revert ImportReleaseUnknownDeliveryOrder(deliveryOrderId);
    }
}
