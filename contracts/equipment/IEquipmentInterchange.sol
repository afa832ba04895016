// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {
    Condition,
    DamageReport,
    EquipmentInterchangeView,
    InterchangePurpose,
    InterchangeRequest,
    PickedUpRelease,
    SealCheck
} from "../types/Equipment.sol";
import {OrganizationStatus} from "../types/Organization.sol";

/// @title The electronic equipment interchange receipt (e-EIR, 集装箱设备交接单): custody, seals and condition of a
/// container at each gate, from its release by the equipment owner to its return.
/// @notice The equipment owner (an active carrier) or its agent (an active agent appointed for an active
/// carrier) issues an e-EIR naming the container, the haulier, the facility it leaves and the one it returns to, and a
/// validity window. The out facility records the gate-out (custody passes from the facility to the haulier), the
/// return facility the gate-in (custody passes from the haulier to the facility), each with the seals and damage found
/// and photo digests. Damage found at gate-in that was not found at gate-out is attributed to the haulier
/// (`NewDamageAttributed`). An import pick-up is issued by its delivery order's carrier (or that carrier's agent)
/// while the order is live, and gates out only after the import release has recorded the same container leaving the
/// same terminal with the same haulier under an order of the same carrier; one release lets one pick-up out. The
/// haulier must be active at gate-out; at gate-in a suspended or revoked haulier may still give the box back (its
/// status is recorded), never take one.
/// @dev Ids pack the e-EIR's fixed terms (see `InterchangeIds`); each e-EIR has one storage slot, with its 128-bit
/// seal digest, and a second one only when a truck is assigned. Damage and photos live in events, except the damage
/// found at gate-out, kept for the comparison at gate-in.
interface IEquipmentInterchange {
    /// @notice An e-EIR was issued.
    event Issued(
        uint256 indexed id,
        bytes11 indexed container,
        uint32 indexed haulier,
        uint32 issuer,
        InterchangePurpose purpose,
        bytes4 sizeType,
        bool laden,
        bytes16[] seals,
        bytes32 orderReference,
        uint32 outFacility,
        uint32 returnFacility,
        uint40 validFrom,
        uint40 validUntil
    );
    /// @notice The truck (and driver) that will collect the container: named by the issuer at issue (`driverRef` 0),
    /// or assigned by the haulier.
    event TruckAssigned(uint256 indexed id, uint32 indexed haulier, bytes16 truckPlate, bytes32 driverRef);
    /// @notice The issuer cancelled the e-EIR before gate-out.
    event Cancelled(uint256 indexed id, uint32 indexed issuer, string reason);
    /// @notice The container left `facility` on the haulier's truck: custody passed from the facility to the haulier.
    /// `sealsFound` are the seals the gate found, as the clerk listed them, whatever `sealCheck` says.
    event GatedOut(
        uint256 indexed id,
        uint32 indexed facility,
        uint32 indexed haulier,
        bytes16 truckPlate,
        SealCheck sealCheck,
        Condition condition,
        bytes16[] sealsFound
    );
    /// @notice The container entered `facility`: custody passed from the haulier to the facility; the cycle closed.
    /// `sealsFound` are the seals the gate found; `haulierStatus` is the haulier's standing when it gave the box back
    /// (a suspended or revoked haulier may return a box, not take one).
    event GatedIn(
        uint256 indexed id,
        uint32 indexed facility,
        uint32 indexed haulier,
        bytes16 truckPlate,
        SealCheck sealCheck,
        Condition condition,
        bytes16[] sealsFound,
        OrganizationStatus haulierStatus
    );
    /// @notice The damage a facility found at a gate (gate-in when `atGateIn`, else gate-out).
    event DamageRecorded(uint256 indexed id, uint32 indexed facility, bool atGateIn, DamageReport[] damages);
    /// @notice The SHA-256 digests of the photos a facility took at a gate (the files are on IPFS).
    event PhotosRecorded(uint256 indexed id, uint32 indexed facility, bool atGateIn, bytes32[] photoSha256);
    /// @notice Damage found at gate-in that was not found at gate-out: it arose in the haulier's custody.
    event NewDamageAttributed(
        uint256 indexed id,
        uint32 indexed haulier,
        uint32 indexed returnFacility,
        DamageReport[] damages
    );

    /// @notice The caller's organization is neither a carrier (equipment owner) nor an agent appointed for one.
    error EquipmentInterchangeNotEquipmentOwner(uint32 org, uint16 roles);
    /// @notice The agent is appointed for a principal that is not an active carrier (`status` and `roles` are the
    /// principal's), so it cannot act as an equipment owner.
    error EquipmentInterchangePrincipalNotCarrier(
        uint32 agent,
        uint32 principal,
        OrganizationStatus status,
        uint16 roles
    );
    /// @notice An import pick-up is issued by its delivery order's carrier or that carrier's agent only.
    error EquipmentInterchangeNotDeliveryOrderCarrier(uint256 deliveryOrderId, uint32 org, uint32 carrier);
    /// @notice The import pick-up's delivery order was revoked.
    error EquipmentInterchangeDeliveryOrderRevoked(uint256 deliveryOrderId, uint40 revokedAt);
    /// @notice The import pick-up's delivery order has expired.
    error EquipmentInterchangeDeliveryOrderExpired(uint256 deliveryOrderId, uint40 validUntil, uint256 now);
    /// @notice The caller's organization holds neither the terminal nor the depot role.
    error EquipmentInterchangeNotFacility(uint32 org, uint16 roles);
    /// @notice The caller's organization did not issue the e-EIR.
    error EquipmentInterchangeNotIssuer(uint256 id, uint32 org, uint32 issuer);
    /// @notice The caller's organization is not the e-EIR's haulier.
    error EquipmentInterchangeNotHaulier(uint256 id, uint32 org, uint32 haulier);
    /// @notice The organization named as a facility holds neither the terminal nor the depot role.
    error EquipmentInterchangeInvalidFacility(uint32 facility, uint16 roles);
    /// @notice The organization named as the haulier does not hold the haulier role.
    error EquipmentInterchangeInvalidHaulier(uint32 haulier, uint16 roles);
    /// @notice The haulier is suspended or revoked: it may give a box back, not take one.
    error EquipmentInterchangeHaulierNotActive(uint256 id, uint32 haulier, OrganizationStatus status);
    /// @notice The container number is not a valid ISO 6346 number (format or check digit).
    error EquipmentInterchangeInvalidContainerNumber(bytes11 container);
    /// @notice The size and type code does not follow the ISO 6346 grammar (see `SizeTypeCode`).
    error EquipmentInterchangeInvalidSizeType(bytes4 sizeType);
    /// @notice More seals than the three a container can carry.
    error EquipmentInterchangeTooManySeals(uint256 count, uint256 max);
    /// @notice A seal number is empty.
    error EquipmentInterchangeEmptySeal(uint256 index);
    /// @notice A laden container must carry at least one seal.
    error EquipmentInterchangeSealsRequired(bytes11 container);
    /// @notice An export e-EIR needs its booking reference.
    error EquipmentInterchangeMissingBooking(InterchangePurpose purpose);
    /// @notice The import pick-up's delivery order does not cover the container (`coveredBy` does, 0 if none).
    error EquipmentInterchangeContainerNotOnDeliveryOrder(uint256 deliveryOrderId, bytes11 container, uint64 coveredBy);
    /// @notice The validity window is empty (`validFrom` not before `validUntil`), already over, or past uint40.
    error EquipmentInterchangeInvalidWindow(uint64 validFrom, uint64 validUntil);
    /// @notice The same issuer issued an e-EIR with identical fixed terms in the same second.
    error EquipmentInterchangeAlreadyIssued(uint256 id);
    /// @notice No e-EIR has this id.
    error EquipmentInterchangeUnknown(uint256 id);
    /// @notice The e-EIR was cancelled.
    error EquipmentInterchangeIsCancelled(uint256 id);
    /// @notice The container has already gated out on this e-EIR.
    error EquipmentInterchangeAlreadyGatedOut(uint256 id, uint40 gatedOutAt);
    /// @notice The container has not gated out on this e-EIR.
    error EquipmentInterchangeNotGatedOut(uint256 id);
    /// @notice The container has already been returned on this e-EIR.
    error EquipmentInterchangeAlreadyReturned(uint256 id, uint40 gatedInAt);
    /// @notice The gate is not the e-EIR's out facility (gate-out) or return facility (gate-in).
    error EquipmentInterchangeWrongFacility(uint256 id, uint32 facility, uint32 expected);
    /// @notice The haulier at the gate is not the one the e-EIR names.
    error EquipmentInterchangeWrongHaulier(uint256 id, uint32 haulier, uint32 expected);
    /// @notice The e-EIR's validity starts later.
    error EquipmentInterchangeNotYetValid(uint256 id, uint40 validFrom, uint256 now);
    /// @notice The e-EIR's validity has ended.
    error EquipmentInterchangeExpired(uint256 id, uint40 validUntil, uint256 now);
    /// @notice The truck plate is empty.
    error EquipmentInterchangeInvalidTruckPlate();
    /// @notice The truck at the gate is not the one the haulier assigned.
    error EquipmentInterchangeWrongTruck(uint256 id, bytes16 truckPlate, bytes16 assigned);
    /// @notice The condition and the damage list disagree: damage given for a sound container, or none for a damaged
    /// one.
    error EquipmentInterchangeInvalidCondition(Condition condition, uint256 damageCount);
    /// @notice A damage report has an empty code.
    error EquipmentInterchangeInvalidDamage(uint256 index);
    /// @notice More damage reports or photos than a gate event takes.
    error EquipmentInterchangeTooManyEntries(uint256 count, uint256 max);
    /// @notice A photo digest is empty.
    error EquipmentInterchangeEmptyPhotoDigest(uint256 index);
    /// @notice The import release has not recorded this container leaving this terminal with this haulier: the
    /// release chain says it left at `gatedOutAt` (0: not yet) from `terminal` with `haulier`.
    error EquipmentInterchangeNotReleased(
        uint256 id,
        bytes11 container,
        uint40 gatedOutAt,
        uint32 terminal,
        uint32 haulier
    );
    /// @notice The import release let the container out under a delivery order of `carrier`, and the e-EIR's issuer
    /// neither is that carrier nor acts for it.
    error EquipmentInterchangeReleasedForAnotherCarrier(
        uint256 id,
        uint256 deliveryOrderId,
        uint32 carrier,
        uint32 issuer
    );
    /// @notice Another import pick-up already gated out on this release of the container (its delivery order and
    /// release gate-out): one release lets one pick-up out.
    error EquipmentInterchangeReleaseAlreadyPickedUp(
        uint256 id,
        bytes11 container,
        uint64 deliveryOrderId,
        uint40 releaseGatedOutAt
    );

    /// @notice Issues an e-EIR. An active carrier (the equipment owner), or an active agent appointed for an active
    /// carrier. The haulier must be active with the haulier role and both facilities active terminals or depots. An
    /// import pick-up's delivery order must cover the container, be live (neither revoked nor expired), and be the
    /// caller's own or, for an agent, its principal's.
    /// @return id The e-EIR's id (its fixed terms, packed; see `InterchangeIds`).
    function issue(InterchangeRequest calldata request) external returns (uint256 id);

    /// @notice Assigns (or replaces) the truck and driver that will collect the container. The named haulier only,
    /// while active and holding the haulier role, before gate-out.
    /// @param driverRef A reference to the driver (a hash of the driver's licence or staff number), in the event only.
    function assignTruck(uint256 id, bytes16 truckPlate, bytes32 driverRef) external;

    /// @notice Cancels an e-EIR. Its issuer only, before gate-out, while it is still an equipment owner (as at issue).
    /// @param reason Why, for the haulier and the facilities (in the event only).
    function cancel(uint256 id, string calldata reason) external;

    /// @notice Records that the container left the caller's facility, now: custody passes to the haulier. The out
    /// facility only, once, within the validity window, with the named haulier (active, with the haulier role), on the
    /// assigned truck if one was assigned. The seals found are compared with the e-EIR's by digest, in any order; a
    /// mismatch is flagged in `GatedOut`, not refused, and the seals found are recorded there either way. An import
    /// pick-up also needs the import release's gate-out of the container, from this terminal with this haulier, under a
    /// delivery order of the issuer's carrier, and not yet used by another pick-up.
    /// @param haulier The haulier at the gate.
    /// @param truckPlate The truck at the gate.
    /// @param sealsChecked The seals found, up to three.
    /// @param condition Sound (no damage reports) or Damaged (at least one).
    /// @param damages The damage found, up to 16.
    /// @param photoSha256 The SHA-256 digests of the gate photos, up to 16.
    function recordGateOut(
        uint256 id,
        uint32 haulier,
        bytes16 truckPlate,
        bytes16[] calldata sealsChecked,
        Condition condition,
        DamageReport[] calldata damages,
        bytes32[] calldata photoSha256
    ) external;

    /// @notice Records that the container entered the caller's facility, now: custody passes from the haulier and the
    /// cycle closes. The return facility only, after gate-out, with the named haulier (which must still hold the
    /// haulier role, but may be suspended or revoked: its status is recorded in `GatedIn`), on the assigned truck if
    /// one was assigned; a late return is accepted (it is overdue, not refused). Damage not found at gate-out is
    /// attributed to the haulier in `NewDamageAttributed`.
    function recordGateIn(
        uint256 id,
        uint32 haulier,
        bytes16 truckPlate,
        bytes16[] calldata sealsChecked,
        Condition condition,
        DamageReport[] calldata damages,
        bytes32[] calldata photoSha256
    ) external;

    /// @notice An e-EIR; reverts with `EquipmentInterchangeUnknown` if there is none with this id.
    function equipmentInterchange(uint256 id) external view returns (EquipmentInterchangeView memory);

    /// @notice The damage recorded at gate-out, as the gate-in compares it.
    function gateOutDamages(uint256 id) external view returns (DamageReport[] memory);

    /// @notice The release of `container` its last import pick-up gated out on (zeros if none).
    function pickedUpRelease(bytes11 container) external view returns (PickedUpRelease memory);

    /// @notice Whether the container has gated out, has not been returned, and the validity window is over.
    function isOverdue(uint256 id) external view returns (bool);

    /// @notice Whether `code` is a valid ISO 6346 size and type code.
    function isValidSizeType(bytes4 code) external pure returns (bool);

    /// @notice The party registry this contract asks about organizations.
    function parties() external view returns (address);

    /// @notice The import release this contract asks about delivery orders and release gate-outs.
    function importRelease() external view returns (address);
}
