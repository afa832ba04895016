// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title The keyless address that stands for an organization wherever an address is needed, as an ERC-721 owner.
/// @notice It is derived from the registry and the organization's number, so no key can ever sign for it: control
/// stays with the organization's registered signers, and replacing a key moves nothing.
library TitleAddress {
    function derive(address registry, uint32 org) internal pure returns (address) {
        return address(uint160(uint256(keccak256(abi.encode(registry, org)))));
    }
}
