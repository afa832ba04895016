// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @notice The kind of transport document: who may hold it and whether it can be negotiated.
enum BillOfLadingType {
    /// @dev Names its consignee; can pass only to that consignee and is never endorsed.
    Straight,
    /// @dev Made out to order; title passes by endorsement, to a named endorsee or in blank.
    ToOrder,
    /// @dev Not a document of title; never transferred or surrendered.
    SeaWaybill
}

/// @notice Where a bill of lading is in its life cycle.
enum BillOfLadingState {
    None,
    /// @dev Issued and in circulation: its holder controls it.
    Active,
    /// @dev Surrendered to its issuing carrier, who controls it until it accepts or rejects the surrender.
    SurrenderPending,
    /// @dev Surrendered for delivery and accepted: final.
    Accomplished,
    /// @dev Surrendered to switch to paper and accepted: the token is void for good.
    Voided
}

/// @notice Why a bill of lading was surrendered.
enum SurrenderKind {
    None,
    Delivery,
    Amendment,
    Paper
}

/// @notice The DCSA eBL 3.0 endorsement-chain action codes, plus the two this registry adds
/// (`SURRENDER_FOR_PAPER` and `REJECT_TRANSFER`, which have no DCSA code).
enum ActionCode {
    ISSUE,
    TRANSFER,
    ENDORSE,
    BLANK_ENDORSE,
    SURRENDER_FOR_DELIVERY,
    SURRENDER_FOR_AMENDMENT,
    SURRENDER_FOR_PAPER,
    SACC,
    SREJ,
    REJECT_TRANSFER
}

/// @notice The on-chain record of one bill of lading: its parties and state, packed into one storage slot so that
/// every action reads and writes it once. The document checksum is kept beside it.
/// @dev Parties are organization numbers in the `PartyRegistry`. `previous*` remember who had it before the last
/// transfer, so that the recipient can reject it (`returnable`) and send it back.
struct BillOfLadingRecord {
    uint32 carrier;
    uint32 holder;
    uint32 endorsee;
    uint32 consignee;
    uint32 previousHolder;
    uint32 previousEndorsee;
    BillOfLadingType blType;
    BillOfLadingState state;
    SurrenderKind surrenderKind;
    bool blankEndorsed;
    bool previousBlankEndorsed;
    bool returnable;
    uint16 version;
}

/// @notice One bill of lading of a batch issue.
struct IssueRequest {
    bytes32 blNumber;
    bytes32 documentChecksum;
    BillOfLadingType blType;
    uint32 holder;
    uint32 consignee;
}
