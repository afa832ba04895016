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

    /// @notice A valid container number in 36 bits: owner code (base 26), category (U, J, Z as 0, 1, 2) and serial;
    /// the check digit is left out, since it follows from the rest. Only for numbers `isValid` accepts.
    function pack(bytes11 containerNumber) internal pure returns (uint40 packed) {
        assembly ("memory-safe") {
            let v := 0
            for {
                let i := 0
            } lt(i, 3) {
                i := add(i, 1)
            } {
                v := add(mul(v, 26), sub(byte(i, containerNumber), 0x41))
            }
            let category := byte(3, containerNumber)
            v := add(mul(v, 3), add(eq(category, 0x4a), shl(1, eq(category, 0x5a))))
            for {
                let i := 4
            } lt(i, 10) {
                i := add(i, 1)
            } {
                v := add(mul(v, 10), sub(byte(i, containerNumber), 0x30))
            }
            packed := v
        }
    }

    /// @notice The container number `pack` packed, with its check digit.
    function unpack(uint40 packed) internal pure returns (bytes11 containerNumber) {
        assembly ("memory-safe") {
            let v := packed
            let word := 0
            let sum := 0
            // The serial, last digit first (positions 9 down to 4).
            for {
                let i := 9
            } gt(i, 3) {
                i := sub(i, 1)
            } {
                let digit := mod(v, 10)
                v := div(v, 10)
                sum := add(sum, shl(i, digit))
                word := or(word, shl(sub(248, shl(3, i)), add(digit, 0x30)))
            }
            let category := mod(v, 3)
            v := div(v, 3)
            let letter := byte(add(29, category), 0x554a5a) // U, J, Z
            sum := add(sum, shl(3, add(sub(letter, 0x37), div(sub(sub(letter, 0x37), 1), 10))))
            word := or(word, shl(224, letter))
            for {
                let i := 3
            } gt(i, 0) {
                i := sub(i, 1)
            } {
                let l := add(mod(v, 26), 0x41)
                v := div(v, 26)
                let value := sub(l, 0x37)
                sum := add(sum, shl(sub(i, 1), add(value, div(sub(value, 1), 10))))
                word := or(word, shl(sub(256, shl(3, i)), l))
            }
            word := or(word, shl(168, add(mod(mod(sum, 11), 10), 0x30)))
            containerNumber := word
        }
    }
}
