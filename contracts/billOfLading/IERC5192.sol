// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title EIP-5192: minimal soulbound NFTs (interface id 0xb45a3c0e).
/// @notice A locked token cannot be moved by the ERC-721 transfer functions.
interface IERC5192 {
    /// @notice The token is locked (emitted when it is minted locked).
    event Locked(uint256 tokenId);
    /// @notice The token is unlocked.
    event Unlocked(uint256 tokenId);

    /// @notice Whether the token is locked; reverts for a token that does not exist.
    function locked(uint256 tokenId) external view returns (bool);
}
