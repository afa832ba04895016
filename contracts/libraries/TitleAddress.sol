// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title The keyless address that stands for an organization wherever an address is needed, as an ERC-721 owner.
/// @notice It is derived from the registry and the organization's number, so no key can ever sign for it: control
/// stays with the organization's registered signers, and replacing a key moves nothing.
library TitleAddress {
    /// @notice `address(uint160(uint256(keccak256(abi.encode(registry, org)))))`.
    /// @dev Hashed in the scratch space (no memory allocation): it is computed on every possession change.
    function derive(address registry, uint32 org) internal pure returns (address title) {
        assembly ("memory-safe") {
            mstore(0x00, and(registry, 0xffffffffffffffffffffffffffffffffffffffff))
            mstore(0x20, and(org, 0xffffffff))
            title := and(keccak256(0x00, 0x40), 0xffffffffffffffffffffffffffffffffffffffff)
        }
    }
}
