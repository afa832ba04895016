// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @notice The rule every validity window on chain follows (delivery orders, e-EIRs): it starts before it ends, has not
/// ended yet, and ends within the 40 bits its record keeps.
library ValidityWindow {
    function isValid(uint64 validFrom, uint64 validUntil) internal view returns (bool) {
        return validFrom < validUntil && validUntil >= block.timestamp && validUntil <= type(uint40).max;
    }
}
