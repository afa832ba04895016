// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @notice Where an organization stands with the port community's operator.
enum OrganizationStatus {
    None,
    Active,
    Suspended,
    Revoked
}

/// @notice The customs credit tier of an organization (China customs enterprise credit management).
enum CreditTier {
    AeoAdvanced,
    AeoGeneral,
    Regular,
    Discredited
}

/// @notice A registered organization. The first three fields share one storage slot: they are read on every action.
struct Organization {
    uint16 roles;
    CreditTier creditTier;
    OrganizationStatus status;
    bytes32 orgId;
    string name;
}

/// @notice The roles an organization can hold, as bits of a `uint16`. One place for every role in the project.
library Roles {
    uint16 internal constant CARRIER = 1 << 0;
    uint16 internal constant TERMINAL = 1 << 1;
    uint16 internal constant CUSTOMS = 1 << 2;
    /// @dev Shipper, consignee or notify party.
    uint16 internal constant TRADER = 1 << 3;
    uint16 internal constant BANK = 1 << 4;
    uint16 internal constant HAULIER = 1 << 5;
    uint16 internal constant DEPOT = 1 << 6;
    uint16 internal constant AGENT = 1 << 7;
    uint16 internal constant ALL = (1 << 8) - 1;
    /// @dev The roles that may hold title to a bill of lading.
    uint16 internal constant TITLE_HOLDERS = TRADER | BANK | AGENT;
}
