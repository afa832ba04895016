// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IEquipmentInterchange} from "./IEquipmentInterchange.sol";
import {IPartyRegistry} from "../parties/IPartyRegistry.sol";
import {IImportRelease} from "../release/IImportRelease.sol";
import {ContainerNumber} from "../libraries/ContainerNumber.sol";
import {ValidityWindow} from "../libraries/ValidityWindow.sol";
import {SizeTypeCode} from "../libraries/SizeTypeCode.sol";
import {SealDigest} from "../libraries/SealDigest.sol";
import {
    Condition,
    DamageReport,
    EquipmentInterchangeView,
    InterchangeIds,
    InterchangePurpose,
    InterchangeRequest,
    InterchangeSlot,
    InterchangeSlotLib,
    InterchangeStatus,
    PickedUpRelease,
    SealCheck
} from "../types/Equipment.sol";
import {OrganizationStatus, Roles} from "../types/Organization.sol";
import {ContainerRelease, DeliveryOrder} from "../types/Release.sol";

/// @title EquipmentInterchange
/// @notice The e-EIR: the equipment owner's release of a container to a haulier, and each gate's record of custody,
/// seals and condition, through to the return and the haulier's liability for new damage.
/// @dev One slot per e-EIR (`InterchangeSlot`, with the 128-bit seal digest); the fixed terms are in the id. A truck
/// plate takes a second slot only when one is assigned, the gate-out damage list only when damage is found; each
/// container keeps the release its last import pick-up used.
contract EquipmentInterchange is IEquipmentInterchange {
    using InterchangeIds for uint256;

    uint256 private constant _MAX_SEALS = 3;
    uint256 private constant _MAX_ENTRIES = 16;
    uint16 private constant _FACILITY_ROLES = Roles.TERMINAL | Roles.DEPOT;

    IPartyRegistry private immutable _parties;
    IImportRelease private immutable _importRelease;
    mapping(uint256 id => InterchangeSlot) private _records;
    mapping(uint256 id => bytes16) private _truckPlates;
    mapping(bytes11 container => PickedUpRelease) private _pickedUp;
    /// @dev The delivery order an import pick-up was issued on: it gates out only on that order's release.
    mapping(uint256 id => uint64 deliveryOrderId) private _pickUpOrders;
    /// @dev Each damage report packed as location ‖ component ‖ damageType.
    mapping(uint256 id => bytes6[]) private _gateOutDamages;

    /// @param parties_ The port community's party registry.
    /// @param importRelease_ The import release whose delivery orders and gate-outs import pick-ups follow.
    constructor(IPartyRegistry parties_, IImportRelease importRelease_) {
        _parties = parties_;
        _importRelease = importRelease_;
    }

    // ---------------------------------------------------------------- issuer and haulier

    /// @inheritdoc IEquipmentInterchange
    function issue(InterchangeRequest calldata request) external returns (uint256 id) {
        uint32 haulier = request.haulier;
        uint32 outFacility = request.outFacility;
        uint32 returnFacility = request.returnFacility;
        InterchangePurpose purpose = request.purpose;
        bool laden = request.laden;
        bytes4 sizeType = request.sizeType;
        bytes11 container = request.container;
        (uint32 org, uint16 roles, uint16 haulierRoles) = _parties.activeSignerAndRecipient(msg.sender, haulier);
        uint32 principal = _requireEquipmentOwner(org, roles);
        if (haulierRoles & Roles.HAULIER == 0) revert EquipmentInterchangeInvalidHaulier(haulier, haulierRoles);
        _requireFacility(outFacility);
        _requireFacility(returnFacility);
        bytes16 sealsDigest = _checkedEquipment(container, sizeType, laden, request.seals);
        _requireOrderReference(purpose, request.orderReference, container, org, principal);
        (uint64 validFrom, uint64 validUntil) = _checkedWindow(request);

        id = InterchangeIds.encode(request, org, uint40(block.timestamp));
        if (_records[id].status() != InterchangeStatus.None) revert EquipmentInterchangeAlreadyIssued(id);
        bytes16 truckPlate = request.truckPlate;
        bool truckAssigned = truckPlate != bytes16(0);
        _records[id] = InterchangeSlotLib.issued(sealsDigest, uint40(validUntil), truckAssigned);
        if (truckAssigned) _truckPlates[id] = truckPlate;
        if (purpose == InterchangePurpose.ImportPickUp) _pickUpOrders[id] = uint64(uint256(request.orderReference));
        emit Issued(
            id,
            container,
            haulier,
            org,
            purpose,
            sizeType,
            laden,
            request.seals,
            request.orderReference,
            outFacility,
            returnFacility,
            uint40(validFrom),
            uint40(validUntil)
        );
        if (truckAssigned) emit TruckAssigned(id, haulier, truckPlate, bytes32(0));
    }

    /// @inheritdoc IEquipmentInterchange
    function assignTruck(uint256 id, bytes16 truckPlate, bytes32 driverRef) external {
        (uint32 org, uint16 roles) = _parties.activeSigner(msg.sender);
        InterchangeSlot r = _pending(id);
        uint32 haulier = id.haulier();
        if (org != haulier) revert EquipmentInterchangeNotHaulier(id, org, haulier);
        if (roles & Roles.HAULIER == 0) revert EquipmentInterchangeInvalidHaulier(haulier, roles);
        if (truckPlate == bytes16(0)) revert EquipmentInterchangeInvalidTruckPlate();
        if (!r.truckAssigned()) _records[id] = r.withTruck();
        _truckPlates[id] = truckPlate;
        emit TruckAssigned(id, haulier, truckPlate, driverRef);
    }

    /// @inheritdoc IEquipmentInterchange
    function cancel(uint256 id, string calldata reason) external {
        (uint32 org, uint16 roles) = _parties.activeSigner(msg.sender);
        InterchangeSlot r = _pending(id);
        uint32 issuer = id.issuer();
        if (org != issuer) revert EquipmentInterchangeNotIssuer(id, org, issuer);
        _requireEquipmentOwner(org, roles); // an issuer that lost its standing cannot act on what it issued
        _records[id] = r.cancelled();
        emit Cancelled(id, issuer, reason);
    }

    // ---------------------------------------------------------------- gates

    /// @inheritdoc IEquipmentInterchange
    function recordGateOut(
        uint256 id,
        uint32 haulier,
        bytes16 truckPlate,
        bytes16[] calldata sealsChecked,
        Condition condition,
        DamageReport[] calldata damages,
        bytes32[] calldata photoSha256
    ) external {
        uint32 org = _facilityActing();
        InterchangeSlot r = _existing(id);
        InterchangeStatus status = r.status();
        if (status != InterchangeStatus.Issued) {
            if (status == InterchangeStatus.Cancelled) revert EquipmentInterchangeIsCancelled(id);
            revert EquipmentInterchangeAlreadyGatedOut(id, r.gatedOutAt());
        }
        if (org != id.outFacility()) revert EquipmentInterchangeWrongFacility(id, org, id.outFacility());
        _requireGateParties(id, r, haulier, truckPlate);
        (OrganizationStatus haulierStatus, uint16 haulierRoles) = _parties.standing(haulier);
        if (haulierStatus != OrganizationStatus.Active) {
            revert EquipmentInterchangeHaulierNotActive(id, haulier, haulierStatus);
        }
        if (haulierRoles & Roles.HAULIER == 0) revert EquipmentInterchangeInvalidHaulier(haulier, haulierRoles);
        if (block.timestamp < id.validFrom())
            revert EquipmentInterchangeNotYetValid(id, id.validFrom(), block.timestamp);
        if (block.timestamp > r.validUntil()) revert EquipmentInterchangeExpired(id, r.validUntil(), block.timestamp);
        bytes16 sealsDigest = _sealsDigest(sealsChecked);
        _requireReport(condition, damages, photoSha256);
        if (id.purpose() == InterchangePurpose.ImportPickUp) _pickUpRelease(id, org, haulier);

        bool damaged = damages.length != 0;
        _records[id] = r.gatedOut(damaged);
        if (damaged) {
            bytes6[] storage kept = _gateOutDamages[id];
            for (uint256 i = 0; i < damages.length; ++i) kept.push(_key(damages[i]));
        }
        SealCheck sealCheck = sealsDigest == r.sealsDigest() ? SealCheck.Matched : SealCheck.Mismatched;
        emit GatedOut(id, org, haulier, truckPlate, sealCheck, condition, sealsChecked);
        _emitReport(id, org, false, damages, photoSha256);
    }

    /// @inheritdoc IEquipmentInterchange
    function recordGateIn(
        uint256 id,
        uint32 haulier,
        bytes16 truckPlate,
        bytes16[] calldata sealsChecked,
        Condition condition,
        DamageReport[] calldata damages,
        bytes32[] calldata photoSha256
    ) external {
        uint32 org = _facilityActing();
        InterchangeSlot r = _existing(id);
        InterchangeStatus status = r.status();
        if (status != InterchangeStatus.GatedOut) {
            if (status == InterchangeStatus.Cancelled) revert EquipmentInterchangeIsCancelled(id);
            if (status == InterchangeStatus.Returned) revert EquipmentInterchangeAlreadyReturned(id, r.gatedInAt());
            revert EquipmentInterchangeNotGatedOut(id);
        }
        if (org != id.returnFacility()) revert EquipmentInterchangeWrongFacility(id, org, id.returnFacility());
        _requireGateParties(id, r, haulier, truckPlate);
        // A suspended or revoked haulier may give the box back (recorded), never take one; it must still be a haulier.
        (OrganizationStatus haulierStatus, uint16 haulierRoles) = _parties.standing(haulier);
        if (haulierRoles & Roles.HAULIER == 0) revert EquipmentInterchangeInvalidHaulier(haulier, haulierRoles);
        bytes16 sealsDigest = _sealsDigest(sealsChecked);
        _requireReport(condition, damages, photoSha256);

        _records[id] = r.gatedIn();
        SealCheck sealCheck = SealCheck.Matched;
        if (sealsDigest != r.sealsDigest()) {
            InterchangePurpose purpose = id.purpose();
            // Stuffed or unstuffed in the haulier's custody: its seals were meant to change.
            sealCheck =
                purpose == InterchangePurpose.ImportPickUp || purpose == InterchangePurpose.EmptyPickUpForExport
                    ? SealCheck.NotCompared
                    : SealCheck.Mismatched;
        }
        emit GatedIn(id, org, haulier, truckPlate, sealCheck, condition, sealsChecked, haulierStatus);
        _emitReport(id, org, true, damages, photoSha256);
        if (damages.length != 0) {
            DamageReport[] memory fresh = _newDamage(id, r.damagedAtGateOut(), damages);
            if (fresh.length != 0) emit NewDamageAttributed(id, haulier, org, fresh);
        }
    }

    // ---------------------------------------------------------------- views

    /// @inheritdoc IEquipmentInterchange
    function equipmentInterchange(uint256 id) external view returns (EquipmentInterchangeView memory) {
        InterchangeSlot r = _existing(id);
        return
            EquipmentInterchangeView({
                container: id.container(),
                issuer: id.issuer(),
                haulier: id.haulier(),
                issuedAt: id.issuedAt(),
                purpose: id.purpose(),
                laden: id.laden(),
                sealsDigest: r.sealsDigest(),
                outFacility: id.outFacility(),
                returnFacility: id.returnFacility(),
                validFrom: id.validFrom(),
                validUntil: r.validUntil(),
                gatedOutAt: r.gatedOutAt(),
                gatedInAt: r.gatedInAt(),
                status: r.status(),
                truckPlate: r.truckAssigned() ? _truckPlates[id] : bytes16(0)
            });
    }

    /// @inheritdoc IEquipmentInterchange
    function gateOutDamages(uint256 id) external view returns (DamageReport[] memory damages) {
        _existing(id);
        bytes6[] storage kept = _gateOutDamages[id];
        damages = new DamageReport[](kept.length);
        for (uint256 i = 0; i < kept.length; ++i) {
            bytes6 k = kept[i];
            damages[i] = DamageReport(bytes2(k), bytes2(k << 16), bytes2(k << 32));
        }
    }

    /// @inheritdoc IEquipmentInterchange
    function pickedUpRelease(bytes11 container) external view returns (PickedUpRelease memory) {
        return _pickedUp[container];
    }

    /// @inheritdoc IEquipmentInterchange
    function isOverdue(uint256 id) external view returns (bool) {
        InterchangeSlot r = _existing(id);
        return r.status() == InterchangeStatus.GatedOut && block.timestamp > r.validUntil();
    }

    /// @inheritdoc IEquipmentInterchange
    function isValidSizeType(bytes4 code) external pure returns (bool) {
        return SizeTypeCode.isValid(code);
    }

    /// @inheritdoc IEquipmentInterchange
    function parties() external view returns (address) {
        return address(_parties);
    }

    /// @inheritdoc IEquipmentInterchange
    function importRelease() external view returns (address) {
        return address(_importRelease);
    }

    // ---------------------------------------------------------------- internals

    function _facilityActing() private view returns (uint32 org) {
        uint16 roles;
        (org, roles) = _parties.activeSigner(msg.sender);
        if (roles & _FACILITY_ROLES == 0) revert EquipmentInterchangeNotFacility(org, roles);
    }

    function _requireFacility(uint32 facility) private view {
        uint16 roles = _parties.activeRoles(facility);
        if (roles & _FACILITY_ROLES == 0) revert EquipmentInterchangeInvalidFacility(facility, roles);
    }

    function _existing(uint256 id) private view returns (InterchangeSlot r) {
        r = _records[id];
        if (r.status() == InterchangeStatus.None) revert EquipmentInterchangeUnknown(id);
    }

    /// @dev An e-EIR that has neither gated out nor been cancelled.
    function _pending(uint256 id) private view returns (InterchangeSlot r) {
        r = _existing(id);
        InterchangeStatus status = r.status();
        if (status != InterchangeStatus.Issued) {
            if (status == InterchangeStatus.Cancelled) revert EquipmentInterchangeIsCancelled(id);
            revert EquipmentInterchangeAlreadyGatedOut(id, r.gatedOutAt());
        }
    }

    /// @dev The haulier at the gate is the named one, and its truck the assigned one if the haulier assigned one.
    function _requireGateParties(uint256 id, InterchangeSlot r, uint32 haulier, bytes16 truckPlate) private view {
        if (haulier != id.haulier()) revert EquipmentInterchangeWrongHaulier(id, haulier, id.haulier());
        if (truckPlate == bytes16(0)) revert EquipmentInterchangeInvalidTruckPlate();
        if (r.truckAssigned()) {
            bytes16 assigned = _truckPlates[id];
            if (truckPlate != assigned) revert EquipmentInterchangeWrongTruck(id, truckPlate, assigned);
        }
    }

    /// @dev An import pick-up gates out only on the release chain's gate-out of its container, from this terminal with
    /// this haulier, under a delivery order of the issuer's carrier, and only one pick-up per release: recorded here.
    function _pickUpRelease(uint256 id, uint32 terminal, uint32 haulier) private {
        // The release chain decides whether the box may leave; the e-EIR follows, never leads.
        bytes11 container = id.container();
        ContainerRelease memory release = _importRelease.containerRelease(container);
        if (release.gatedOutAt == 0 || release.terminal != terminal || release.haulier != haulier) {
            revert EquipmentInterchangeNotReleased(
                id,
                container,
                release.gatedOutAt,
                release.terminal,
                release.haulier
            );
        }
        // The release must be the one of the order this pick-up was issued on, not a later import's of the same box.
        uint64 issuedOn = _pickUpOrders[id];
        if (release.deliveryOrderId != issuedOn) {
            revert EquipmentInterchangeContainerNotOnDeliveryOrder(issuedOn, container, release.deliveryOrderId);
        }
        DeliveryOrder memory order = _importRelease.deliveryOrder(release.deliveryOrderId);
        uint32 issuer = id.issuer();
        if (order.carrier != issuer && _parties.principalOf(issuer) != order.carrier) {
            revert EquipmentInterchangeReleasedForAnotherCarrier(id, release.deliveryOrderId, order.carrier, issuer);
        }
        PickedUpRelease memory used = _pickedUp[container];
        if (used.deliveryOrderId == release.deliveryOrderId && used.releaseGatedOutAt == release.gatedOutAt) {
            revert EquipmentInterchangeReleaseAlreadyPickedUp(
                id,
                container,
                used.deliveryOrderId,
                used.releaseGatedOutAt
            );
        }
        _pickedUp[container] = PickedUpRelease(release.deliveryOrderId, release.gatedOutAt);
    }

    /// @dev The digest of the seals, once the container number, the size and type code and the seals are checked.
    function _checkedEquipment(
        bytes11 container,
        bytes4 sizeType,
        bool laden,
        bytes16[] calldata seals
    ) private pure returns (bytes16 sealsDigest) {
        if (!ContainerNumber.isValid(container)) revert EquipmentInterchangeInvalidContainerNumber(container);
        if (!SizeTypeCode.isValid(sizeType)) revert EquipmentInterchangeInvalidSizeType(sizeType);
        sealsDigest = _sealsDigest(seals);
        if (laden && seals.length == 0) revert EquipmentInterchangeSealsRequired(container);
    }

    function _checkedWindow(InterchangeRequest calldata request) private view returns (uint64 from, uint64 until) {
        (from, until) = (request.validFrom, request.validUntil);
        if (!ValidityWindow.isValid(from, until)) revert EquipmentInterchangeInvalidWindow(from, until);
    }

    /// @dev The digest of well-formed seals (at most three, none empty).
    function _sealsDigest(bytes16[] calldata seals) private pure returns (bytes16 digest) {
        if (seals.length > _MAX_SEALS) revert EquipmentInterchangeTooManySeals(seals.length, _MAX_SEALS);
        uint256 emptyAt;
        (digest, emptyAt) = SealDigest.digestOf(seals);
        if (emptyAt != type(uint256).max) revert EquipmentInterchangeEmptySeal(emptyAt);
    }

    /// @dev An import pick-up's delivery order exists (else `ImportReleaseUnknownDeliveryOrder`), covers the
    /// container, is live, and is the issuer's (`org`) or its principal's; an export e-EIR names its booking.
    function _requireOrderReference(
        InterchangePurpose purpose,
        bytes32 orderReference,
        bytes11 container,
        uint32 org,
        uint32 principal
    ) private view {
        if (purpose == InterchangePurpose.ImportPickUp) {
            uint256 deliveryOrderId = uint256(orderReference);
            DeliveryOrder memory order = _importRelease.deliveryOrder(deliveryOrderId); // reverts for an unknown one
            uint64 coveredBy = _importRelease.containerRelease(container).deliveryOrderId;
            if (coveredBy != deliveryOrderId) {
                revert EquipmentInterchangeContainerNotOnDeliveryOrder(deliveryOrderId, container, coveredBy);
            }
            if (order.revokedAt != 0) revert EquipmentInterchangeDeliveryOrderRevoked(deliveryOrderId, order.revokedAt);
            if (block.timestamp > order.validUntil) {
                revert EquipmentInterchangeDeliveryOrderExpired(deliveryOrderId, order.validUntil, block.timestamp);
            }
            if (org != order.carrier && principal != order.carrier) {
                revert EquipmentInterchangeNotDeliveryOrderCarrier(deliveryOrderId, org, order.carrier);
            }
        } else if (purpose != InterchangePurpose.EmptyReturn && orderReference == bytes32(0)) {
            revert EquipmentInterchangeMissingBooking(purpose);
        }
    }

    function _requireReport(
        Condition condition,
        DamageReport[] calldata damages,
        bytes32[] calldata photoSha256
    ) private pure {
        if ((condition == Condition.Damaged) != (damages.length != 0)) {
            revert EquipmentInterchangeInvalidCondition(condition, damages.length);
        }
        if (damages.length > _MAX_ENTRIES) revert EquipmentInterchangeTooManyEntries(damages.length, _MAX_ENTRIES);
        for (uint256 i = 0; i < damages.length; ++i) {
            DamageReport calldata d = damages[i];
            if (d.location == 0 || d.component == 0 || d.damageType == 0) revert EquipmentInterchangeInvalidDamage(i);
        }
        if (photoSha256.length > _MAX_ENTRIES) {
            revert EquipmentInterchangeTooManyEntries(photoSha256.length, _MAX_ENTRIES);
        }
        for (uint256 i = 0; i < photoSha256.length; ++i) {
            if (photoSha256[i] == 0) revert EquipmentInterchangeEmptyPhotoDigest(i);
        }
    }

    /// @dev The details of a gate event, each in its own event and only when it says something.
    function _emitReport(
        uint256 id,
        uint32 facility,
        bool atGateIn,
        DamageReport[] calldata damages,
        bytes32[] calldata photoSha256
    ) private {
        if (damages.length != 0) emit DamageRecorded(id, facility, atGateIn, damages);
        if (photoSha256.length != 0) emit PhotosRecorded(id, facility, atGateIn, photoSha256);
    }

    /// @dev The damage found at gate-in that was not found at gate-out (same location, component and type).
    function _newDamage(
        uint256 id,
        bool damagedAtGateOut,
        DamageReport[] calldata damages
    ) private view returns (DamageReport[] memory fresh) {
        bytes6[] memory before = damagedAtGateOut ? _gateOutDamages[id] : new bytes6[](0);
        fresh = new DamageReport[](damages.length);
        uint256 n;
        for (uint256 i = 0; i < damages.length; ++i) {
            bytes6 k = _key(damages[i]);
            bool known;
            for (uint256 j = 0; j < before.length && !known; ++j) known = before[j] == k;
            if (!known) fresh[n++] = damages[i];
        }
        assembly ("memory-safe") {
            mstore(fresh, n)
        }
    }

    function _key(DamageReport calldata d) private pure returns (bytes6) {
        return bytes6(d.location) | (bytes6(d.component) >> 16) | (bytes6(d.damageType) >> 32);
    }

    /// @dev The equipment owner (an active carrier: `org` is active, the caller checked), or an organization that holds
    /// the agent role and is appointed for an active carrier.
    /// @return principal The carrier the agent acts for; 0 for a carrier acting itself.
    function _requireEquipmentOwner(uint32 org, uint16 roles) private view returns (uint32 principal) {
        if (roles & Roles.CARRIER != 0) return 0;
        if (roles & Roles.AGENT != 0) principal = _parties.principalOf(org);
        if (principal == 0) revert EquipmentInterchangeNotEquipmentOwner(org, roles);
        (OrganizationStatus status, uint16 principalRoles) = _parties.standing(principal);
        if (status != OrganizationStatus.Active || principalRoles & Roles.CARRIER == 0) {
            revert EquipmentInterchangePrincipalNotCarrier(org, principal, status, principalRoles);
        }
    }
}
