// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title ISO 6346 size and type codes, as `bytes4` ASCII: "22G1", "45R1", "L5G1".
/// @notice Checked against the standard's grammar rather than a list of known codes, so that a code the list lacks is
/// not refused: a length code, a height/width code, a type group letter and a digit.
library SizeTypeCode {
    /// @dev Length: 1 (10 ft), 2 (20 ft), 3 (30 ft), 4 (40 ft), B-H, K-N, P (24 ft to 53 ft).
    /// As a bit set over the character's value.
    uint256 private constant _LENGTHS =
        (1 << 0x31) |
            (1 << 0x32) |
            (1 << 0x33) |
            (1 << 0x34) |
            (1 << 0x42) |
            (1 << 0x43) |
            (1 << 0x44) |
            (1 << 0x45) |
            (1 << 0x46) |
            (1 << 0x47) |
            (1 << 0x48) |
            (1 << 0x4b) |
            (1 << 0x4c) |
            (1 << 0x4d) |
            (1 << 0x4e) |
            (1 << 0x50);
    /// @dev Height and width: 0, 2, 4, 5, 6, 8, 9 (8 ft wide, 8 ft to over 9 ft 6 in high, or half height),
    /// C-F and L-P (wider than 2.5 m).
    uint256 private constant _HEIGHTS =
        (1 << 0x30) |
            (1 << 0x32) |
            (1 << 0x34) |
            (1 << 0x35) |
            (1 << 0x36) |
            (1 << 0x38) |
            (1 << 0x39) |
            (1 << 0x43) |
            (1 << 0x44) |
            (1 << 0x45) |
            (1 << 0x46) |
            (1 << 0x4c) |
            (1 << 0x4d) |
            (1 << 0x4e) |
            (1 << 0x50);
    /// @dev Type groups: G general, V ventilated, B bulk, S named cargo, R reefer, H insulated, U open top,
    /// P platform and flat rack, T tank, A air/surface.
    uint256 private constant _GROUPS =
        (1 << 0x47) |
            (1 << 0x56) |
            (1 << 0x42) |
            (1 << 0x53) |
            (1 << 0x52) |
            (1 << 0x48) |
            (1 << 0x55) |
            (1 << 0x50) |
            (1 << 0x54) |
            (1 << 0x41);

    /// @notice Whether `code` is a length code, a height/width code, a type group letter and a digit 0-9.
    function isValid(bytes4 code) internal pure returns (bool) {
        uint256 c = uint32(code);
        return
            (_LENGTHS >> (c >> 24)) & 1 == 1 &&
            (_HEIGHTS >> ((c >> 16) & 0xff)) & 1 == 1 &&
            (_GROUPS >> ((c >> 8) & 0xff)) & 1 == 1 &&
            (c & 0xff) >= 0x30 &&
            (c & 0xff) <= 0x39;
    }
}
