// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title The digest of a container's seals, the same whatever order they are listed in.
/// @notice The high 128 bits of keccak256 over the seals sorted in ascending order, each as a 32-byte word (the
/// `bytes16` left-aligned, zero-padded); zero for no seals. Collision-resistant, unlike a sum of truncated hashes:
/// finding another seal list with the same digest costs about 2^64 hashes.
library SealDigest {
    /// @notice The digest of `seals` (at most three: the caller checks), or where the first empty seal is.
    /// @return digest The digest; zero for no seals, and when a seal is empty.
    /// @return emptyAt The index of the first empty seal; `type(uint256).max` if none.
    function digestOf(bytes16[] calldata seals) internal pure returns (bytes16 digest, uint256 emptyAt) {
        emptyAt = type(uint256).max;
        assembly ("memory-safe") {
            let n := seals.length
            let high := not(shr(128, not(0)))
            // Scratch memory past the free memory pointer: insertion sort of up to three words.
            let buf := mload(0x40)
            for {
                let i := 0
            } lt(i, n) {
                i := add(i, 1)
            } {
                let s := and(calldataload(add(seals.offset, shl(5, i))), high) // the bytes16, ignoring dirty low bits
                if iszero(s) {
                    emptyAt := i
                    break
                }
                let j := i
                for {} gt(j, 0) {
                    j := sub(j, 1)
                } {
                    let before := mload(add(buf, shl(5, sub(j, 1))))
                    if iszero(gt(before, s)) {
                        break
                    }
                    mstore(add(buf, shl(5, j)), before)
                }
                mstore(add(buf, shl(5, j)), s)
            }
            if and(gt(n, 0), eq(emptyAt, not(0))) {
                digest := and(keccak256(buf, shl(5, n)), high)
            }
        }
    }
}
