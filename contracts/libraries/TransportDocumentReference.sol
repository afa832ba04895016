// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title A B/L number as DCSA's `transportDocumentReference`, right-padded with zero bytes into a `bytes32`.
/// @notice Valid: 1 to 20 printable ASCII characters (0x20-0x7e), neither starting nor ending with a space, and only
/// zero bytes after the first zero byte. So "TJ0001" and "TJ0001 " cannot both be issued: the second is refused.
/// @dev All 32 bytes are checked at once (SIMD within the word): every byte test below is an addition that sets a
/// byte's top bit, and no byte carries into its neighbour because every byte is below 0x80 by then. About 100 gas.
library TransportDocumentReference {
    /// @dev 0x01 in every byte, and 0x80 in every byte.
    uint256 private constant _ONES = type(uint256).max / 0xff;
    uint256 private constant _HIGHS = _ONES * 0x80;
    /// @dev The 12 bytes after the 20th character: they must all be zero.
    uint256 private constant _BEYOND_MAX = (1 << 96) - 1;
    uint256 private constant _FIRST_BYTE_HIGH = 0x80 << 248;

    /// @notice Whether `number` is a valid transportDocumentReference.
    function isValid(bytes32 number) internal pure returns (bool) {
        uint256 w = uint256(number);
        if (w == 0 || w & _BEYOND_MAX != 0 || w & _HIGHS != 0) return false;
        unchecked {
            // Top bit of each byte: set where the byte is non-zero, at least 0x20, at least 0x7f, not a space.
            uint256 nonZero = (w + _ONES * 0x7f) & _HIGHS;
            uint256 printable = (w + _ONES * 0x60) & _HIGHS;
            uint256 del = (w + _ONES) & _HIGHS;
            uint256 notSpace = ((w ^ (_ONES * 0x20)) + _ONES * 0x7f) & _HIGHS;
            uint256 zero = ~nonZero & _HIGHS;
            uint256 space = ~notSpace & _HIGHS;
            return
                nonZero == printable && // no control character
                del == 0 &&
                (zero & (nonZero << 8)) == 0 && // no character after a zero byte
                (space & _FIRST_BYTE_HIGH) == 0 && // no leading space
                (space & (zero << 8)) == 0; // no space just before the end
        }
    }
}
