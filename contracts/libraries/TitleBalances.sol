// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title How many live B/Ls (active or surrender pending) each organization holds, for ERC-721 `balanceOf`.
/// @notice Eight 32-bit counters per storage slot, keyed by `org / 8`: a possession change between neighbours writes
/// one slot, and a new holder's first B/L rarely pays for a fresh slot.
library TitleBalances {
    struct Counters {
        mapping(uint256 group => uint256 packed) groups;
    }

    /// @notice One more live B/L held by `org`.
    function increment(Counters storage self, uint32 org) internal {
        unchecked {
            self.groups[org >> 3] += uint256(1) << ((org & 7) * 32);
        }
    }

    /// @notice One live B/L fewer held by `org` (which holds at least one, as the record says).
    function decrement(Counters storage self, uint32 org) internal {
        unchecked {
            self.groups[org >> 3] -= uint256(1) << ((org & 7) * 32);
        }
    }

    /// @notice A live B/L passes from `from` to `to`.
    function move(Counters storage self, uint32 from, uint32 to) internal {
        unchecked {
            if (from >> 3 == to >> 3) {
                // Neighbours share a slot: one write. The lane of `from` is at least 1, so nothing borrows.
                self.groups[from >> 3] =
                    self.groups[from >> 3] +
                    (uint256(1) << ((to & 7) * 32)) -
                    (uint256(1) << ((from & 7) * 32));
            } else {
                decrement(self, from);
                increment(self, to);
            }
        }
    }

    /// @notice How many live B/Ls `org` holds.
    function count(Counters storage self, uint32 org) internal view returns (uint256) {
        return uint32(self.groups[org >> 3] >> ((org & 7) * 32));
    }
}
