// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {BillOfLadingState, BillOfLadingType} from "../types/BillOfLading.sol";
import {OrganizationStatus} from "../types/Organization.sol";
import {ContainerRelease, DeliveryOrder} from "../types/Release.sol";

/// @title Paperless import release: delivery orders, customs release and holds, discharge, and the gate decision.
/// @notice A container leaves the terminal when its B/L has been surrendered for delivery and accepted (or it travels
/// on a sea waybill), its carrier's delivery order is valid and names this terminal, customs has released it and
/// holds nothing, the terminal discharged it, and the truck is the consignee's nominated haulier. Every step is an
/// event indexed by container and B/L, and its block timestamp is the step's time, so release times are computed
/// off chain from the log: discharge to gate-out, customs release to gate-out, delivery order to gate-out.
/// @dev Containers are ISO 6346 numbers as `bytes11` ASCII ("MSKU1234565"); parties are organization numbers in the
/// `PartyRegistry`. One B/L per container at a time (full container load). The terminal's discharge binds a
/// container to its B/L until gate-out; before discharge, a record binds nothing for good: an act under another
/// current B/L takes the container over, and the earlier B/L's delivery order and customs release lapse for it (a
/// customs hold stays with the container). See docs/decisions/0008-container-bindings.md.
interface IImportRelease {
    /// @notice The carrier issued a delivery order for containers of a B/L.
    event DeliveryOrderIssued(
        uint256 indexed deliveryOrderId,
        uint256 indexed blTokenId,
        uint32 indexed releaseParty,
        uint32 carrier,
        uint32 consignee,
        uint32 terminal,
        uint40 validFrom,
        uint40 validUntil,
        bytes11[] containers
    );
    /// @notice A delivery order covers this container: one per container of `DeliveryOrderIssued`, for filtering.
    event ContainerCovered(bytes11 indexed container, uint256 indexed deliveryOrderId, uint256 indexed blTokenId);
    /// @notice The carrier revoked a delivery order.
    event DeliveryOrderRevoked(
        uint256 indexed deliveryOrderId,
        uint256 indexed blTokenId,
        uint32 indexed carrier,
        string reason
    );
    /// @notice The consignee nominated the haulier that will collect a container (replacing any earlier one).
    event HaulierNominated(
        bytes11 indexed container,
        uint256 indexed deliveryOrderId,
        uint32 indexed haulier,
        uint32 nominatedBy
    );
    /// @notice Customs released a container.
    event CustomsReleased(
        bytes11 indexed container,
        uint256 indexed blTokenId,
        bytes32 indexed declarationNumber,
        uint32 customs
    );
    /// @notice Customs placed a hold on a container.
    event CustomsHoldPlaced(
        bytes11 indexed container,
        uint256 indexed blTokenId,
        bytes32 indexed declarationNumber,
        uint32 customs
    );
    /// @notice Customs lifted its hold on a container.
    event CustomsHoldLifted(
        bytes11 indexed container,
        uint256 indexed blTokenId,
        bytes32 indexed declarationNumber,
        uint32 customs
    );
    /// @notice A terminal discharged a container from the vessel: the start of its release time.
    event Discharged(bytes11 indexed container, uint256 indexed blTokenId, uint32 indexed terminal);
    /// @notice The terminal of record corrected its discharge record: the container came in under `blTokenId`, not
    /// `previousBlTokenId` (0: the discharge is erased). The wrong B/L's delivery order, haulier and customs release
    /// no longer apply to the container; a customs hold stays.
    event DischargeCorrected(
        bytes11 indexed container,
        uint256 indexed previousBlTokenId,
        uint256 indexed blTokenId,
        uint32 terminal
    );
    /// @notice A container left the terminal on a haulier's truck.
    event GatedOut(
        bytes11 indexed container,
        uint256 indexed blTokenId,
        uint32 indexed haulier,
        uint256 deliveryOrderId,
        uint32 terminal,
        bytes16 truckPlate
    );

    /// @notice The caller's organization is neither the B/L's issuing carrier nor an agent appointed to act for it.
    error ImportReleaseNotCarrier(uint256 blTokenId, uint32 org, uint32 carrier);
    /// @notice The B/L's carrier is no longer an active organization with the carrier role: neither it nor its agents
    /// may issue or revoke its delivery orders.
    error ImportReleaseCarrierNotEntitled(uint256 blTokenId, uint32 carrier, OrganizationStatus status, uint16 roles);
    /// @notice The caller's organization is appointed for the carrier but no longer holds the agent role.
    error ImportReleaseNotAgent(uint32 org, uint16 roles);
    /// @notice The caller's organization is neither the consignee nor the release party of the delivery order.
    error ImportReleaseNotConsignee(uint256 deliveryOrderId, uint32 org, uint32 consignee);
    /// @notice The caller's organization does not hold the customs role.
    error ImportReleaseNotCustoms(uint32 org);
    /// @notice The caller's organization does not hold the terminal role.
    error ImportReleaseNotTerminal(uint32 org);
    /// @notice A container can be discharged only under a B/L that exists and is not voided.
    error ImportReleaseBillNotCurrent(uint256 blTokenId, BillOfLadingState state);
    /// @notice Only the terminal that discharged the container may correct its discharge record.
    error ImportReleaseNotTerminalOfRecord(bytes11 container, uint32 org, uint32 terminal);
    /// @notice The container's discharge has not been recorded, so there is nothing to correct.
    error ImportReleaseNotDischarged(bytes11 container);
    /// @notice The correction names the B/L the discharge is already recorded under.
    error ImportReleaseDischargeUnchanged(bytes11 container, uint256 blTokenId);
    /// @notice The B/L cannot be released: a straight or to-order B/L must be accomplished (surrendered for delivery
    /// and accepted), a sea waybill active.
    error ImportReleaseBillNotReleasable(uint256 blTokenId, BillOfLadingType blType, BillOfLadingState state);
    /// @notice A sea waybill's goods are released only to its named consignee.
    error ImportReleaseInvalidReleaseParty(uint256 blTokenId, uint32 releaseParty, uint32 consignee);
    /// @notice The organization named as the terminal does not hold the terminal role.
    error ImportReleaseInvalidTerminal(uint32 terminal, uint16 roles);
    /// @notice The organization named as the haulier does not hold the haulier role.
    error ImportReleaseInvalidHaulier(uint32 haulier, uint16 roles);
    /// @notice The validity window is empty (`validFrom` not before `validUntil`), already over, or past uint40.
    error ImportReleaseInvalidWindow(uint64 validFrom, uint64 validUntil);
    /// @notice No container was given.
    error ImportReleaseNoContainers();
    /// @notice The container number is not a valid ISO 6346 number (format or check digit).
    error ImportReleaseInvalidContainerNumber(bytes11 container);
    /// @notice The container appears twice in one delivery order.
    error ImportReleaseDuplicateContainer(bytes11 container);
    /// @notice A live (neither revoked nor expired) delivery order of the same B/L already covers the container.
    error ImportReleaseContainerOnLiveDeliveryOrder(bytes11 container, uint256 deliveryOrderId);
    /// @notice The container was discharged under another B/L and has not gated out yet (only the terminal of record's
    /// `correctDischarge` can move it).
    error ImportReleaseContainerOnAnotherBill(bytes11 container, uint256 blTokenId, uint256 currentBlTokenId);
    /// @notice No delivery order has this id.
    error ImportReleaseUnknownDeliveryOrder(uint256 deliveryOrderId);
    /// @notice The delivery order was revoked.
    error ImportReleaseDeliveryOrderRevoked(uint256 deliveryOrderId);
    /// @notice The delivery order does not cover the container (or no longer: a later order replaced it).
    error ImportReleaseContainerNotOnDeliveryOrder(uint256 deliveryOrderId, bytes11 container);
    /// @notice The container has already gated out.
    error ImportReleaseAlreadyGatedOut(bytes11 container, uint40 gatedOutAt);
    /// @notice The container's discharge is already recorded.
    error ImportReleaseAlreadyDischarged(bytes11 container, uint32 terminal, uint40 dischargedAt);
    /// @notice Customs already released the container.
    error ImportReleaseAlreadyCustomsReleased(bytes11 container);
    /// @notice Customs holds the container: lift the hold before releasing it.
    error ImportReleaseCustomsHold(bytes11 container);
    /// @notice Customs holds no hold on the container to lift.
    error ImportReleaseNoCustomsHold(bytes11 container);
    /// @notice The truck plate is empty.
    error ImportReleaseInvalidTruckPlate();
    /// @notice The gate refuses the container, for every reason set in `reasons` (see `GateRefusal`).
    error ImportReleaseNotReleasable(bytes11 container, uint256 reasons);

    /// @notice Issues a delivery order for containers of a B/L. The B/L's issuing carrier (still an active carrier) or
    /// an active agent appointed for it, once the B/L is accomplished (or at any time for an active sea waybill). A
    /// container not yet discharged, or discharged under this B/L, may be named; one bound to another B/L only before
    /// its discharge, and then it moves to this one.
    /// @param blTokenId The B/L (`BillOfLading.tokenIdOf(carrier, blNumber)`).
    /// @param containers The containers released, at least one, each a valid ISO 6346 number given once and not
    /// covered by another live delivery order of this B/L.
    /// @param releaseParty The party the containers are released to: any active organization, or 0 for the
    /// consignee (the last holder of an accomplished B/L). For a sea waybill, 0 or its named consignee.
    /// @param terminal The terminal told to release them: an active organization with the terminal role.
    /// @param validFrom The first second the order may be used.
    /// @param validUntil The last second the order may be used; after `validFrom` and not yet past.
    /// @return deliveryOrderId The order's number: 1, 2, … in order of issue.
    function issueDeliveryOrder(
        uint256 blTokenId,
        bytes11[] calldata containers,
        uint32 releaseParty,
        uint32 terminal,
        uint64 validFrom,
        uint64 validUntil
    ) external returns (uint256 deliveryOrderId);

    /// @notice Revokes a delivery order: its containers cannot gate out on it. The issuing carrier (still an active
    /// carrier) or an active agent appointed for it.
    /// @param reason Why, for the consignee and the terminal (in the event only).
    function revokeDeliveryOrder(uint256 deliveryOrderId, string calldata reason) external;

    /// @notice Nominates, or replaces, the haulier that will collect a container of a delivery order, until the
    /// container gates out. The consignee (or the order's release party) only; the haulier must be an active
    /// organization with the haulier role.
    function nominateHaulier(uint256 deliveryOrderId, bytes11 container, uint32 haulier) external;

    /// @notice Records customs' release of containers of a B/L under a declaration. Customs only; a container under
    /// a hold cannot be released until the hold is lifted, and lifting a hold does not release it.
    function recordCustomsRelease(bytes32 declarationNumber, uint256 blTokenId, bytes11[] calldata containers) external;

    /// @notice Places a customs hold on containers of a B/L: they cannot gate out until it is lifted. Customs only.
    function placeHold(bytes32 declarationNumber, uint256 blTokenId, bytes11[] calldata containers) external;

    /// @notice Lifts a customs hold on containers of a B/L. Customs only (any customs office).
    function liftHold(bytes32 declarationNumber, uint256 blTokenId, bytes11[] calldata containers) external;

    /// @notice Records that the caller's terminal discharged a container of a B/L, now: it becomes the container's
    /// terminal of record, and the container is bound to this B/L until it gates out. Terminal only, once per import,
    /// under a B/L that exists and is not voided; a container discharged under another B/L is refused.
    function recordDischarge(uint256 blTokenId, bytes11 container) external;

    /// @notice Corrects the caller's own discharge record before gate-out: `blTokenId` 0 erases the discharge,
    /// otherwise the container is re-pointed to that current B/L, keeping the discharge time. The delivery order,
    /// haulier and customs release of the wrong B/L are cleared; a customs hold stays. The terminal of record only.
    function correctDischarge(bytes11 container, uint256 blTokenId) external;

    /// @notice Records that a container left the caller's terminal on the haulier's truck, now. Terminal only; reverts
    /// with `ImportReleaseNotReleasable` and the reasons when `gateDecision` for this terminal and haulier says no
    /// (including a haulier that is not an active organization with the haulier role).
    function recordGateOut(bytes11 container, uint32 haulier, bytes16 truckPlate) external;

    /// @notice Whether `terminal` may let `haulier` take `container` out now, and, if not, every reason why. Never
    /// reverts; says no whenever `recordGateOut` by that terminal would fail.
    /// @return releasable True when `reasons` is 0.
    /// @return reasons The `GateRefusal` bits of every reason that applies.
    function gateDecision(
        bytes11 container,
        uint32 terminal,
        uint32 haulier
    ) external view returns (bool releasable, uint256 reasons);

    /// @notice A delivery order; reverts with `ImportReleaseUnknownDeliveryOrder` if there is none with this id.
    function deliveryOrder(uint256 deliveryOrderId) external view returns (DeliveryOrder memory);

    /// @notice Where a container stands in its current (or last) import; all zero if never seen.
    function containerRelease(bytes11 container) external view returns (ContainerRelease memory);

    /// @notice Whether `container` is a valid ISO 6346 container number (format and check digit).
    function isValidContainerNumber(bytes11 container) external pure returns (bool);

    /// @notice How many delivery orders have been issued; their ids run from 1 to this.
    function deliveryOrderCount() external view returns (uint256);

    /// @notice The party registry this contract asks about organizations.
    function parties() external view returns (address);

    /// @notice The B/L registry this contract asks about bills of lading.
    function billsOfLading() external view returns (address);
}
