// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title ISO 6346 container numbers, as `bytes11` ASCII: owner code, category, serial number, check digit.
/// @notice "CSQU3054383": a three-letter owner code (CSQ), the equipment category (U freight container, J detachable
/// equipment, Z trailer or chassis), a six-digit serial number (305438) and the check digit (3).
library ContainerNumber {
    /// @notice Whether `number` is four uppercase letters, the fourth U, J or Z, then seven digits, the last the
    /// ISO 6346 check digit of the first ten characters.
    /// @dev The check digit is the sum of each character's value times 2^position, modulo 11, modulo 10 (a remainder
    /// of 10 gives 0, as the standard's own algorithm does; owners are told not to issue such serial numbers). Digits
    /// are worth their value; letters are worth 10 (A) upwards, skipping the multiples of 11.
    function isValid(bytes11 number) internal pure returns (bool) {
        uint256 sum;
        for (uint256 i = 0; i < 10; ++i) {
            uint256 c = uint8(number[i]);
            uint256 value;
            if (i < 4) {
                if (c < 0x41 || c > 0x5a) return false; // A-Z
                if (i == 3 && c != 0x55 && c != 0x4a && c != 0x5a) return false; // U, J, Z
                value = c - 0x41 + 10;
                value += (value - 1) / 10; // skip 11, 22 and 33
            } else {
                if (c < 0x30 || c > 0x39) return false; // 0-9
                value = c - 0x30;
            }
            sum += value << i;
        }
        uint256 checkDigit = uint8(number[10]);
        if (checkDigit < 0x30 || checkDigit > 0x39) return false;
        return (sum % 11) % 10 == checkDigit - 0x30;
    }
}
