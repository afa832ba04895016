// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title ISO 6346 container numbers: owner code, category, serial number and check digit.
/// @notice Four uppercase letters (the fourth U, J or Z), six digits and the check digit: the sum of each character's
/// value (letters 10 to 38, skipping multiples of 11) times 2^position, modulo 11, modulo 10.
/// @dev Each character is read with one `byte` opcode and every character is checked without branching (about 600
/// gas where indexing `bytes` with bounds checks cost about 3,900): the e-EIR's issue needs that to fit its budget.
library ContainerNumber {
    /// @notice Whether `containerNumber` is a valid ISO 6346 container number (format and check digit).
    function isValid(bytes11 containerNumber) internal pure returns (bool valid) {
        assembly ("memory-safe") {
            let sum := 0
            let ok := 1
            for {
                let i := 0
            } lt(i, 4) {
                i := add(i, 1)
            } {
                let value := sub(byte(i, containerNumber), 0x37) // A is 10; below A wraps around
                ok := and(ok, lt(sub(value, 10), 26)) // A-Z
                sum := add(sum, shl(i, add(value, div(sub(value, 1), 10)))) // skip 11, 22 and 33
            }
            let category := byte(3, containerNumber)
            ok := and(ok, or(eq(category, 0x55), or(eq(category, 0x4a), eq(category, 0x5a)))) // U, J, Z
            for {
                let i := 4
            } lt(i, 10) {
                i := add(i, 1)
            } {
                let digit := sub(byte(i, containerNumber), 0x30)
                ok := and(ok, lt(digit, 10))
                sum := add(sum, shl(i, digit))
            }
            let checkDigit := sub(byte(10, containerNumber), 0x30)
            valid := and(and(ok, lt(checkDigit, 10)), eq(mod(mod(sum, 11), 10), checkDigit))
        }
    }
}
