// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title The IPFS CID of a document, derived from its SHA-256 checksum.
/// @notice Documents are stored on IPFS as one raw block, so their CID is CIDv1, codec raw (0x55), multihash
/// sha2-256 of exactly the bytes whose checksum is on chain. The CID and the checksum therefore cannot disagree, and
/// the CID costs no storage.
library DocumentCid {
    bytes private constant _BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

    /// @notice The binary CID: version 1, codec raw, sha2-256, 32-byte digest.
    function toBytes(bytes32 checksum) internal pure returns (bytes memory) {
        return abi.encodePacked(hex"01551220", checksum);
    }

    /// @notice The CID as text, multibase base32 (`bafkrei…`), as IPFS tools print it.
    function toString(bytes32 checksum) internal pure returns (string memory) {
        bytes memory data = toBytes(checksum);
        bytes memory out = new bytes(1 + (data.length * 8 + 4) / 5);
        out[0] = "b";
        uint256 buffer;
        uint256 bits;
        uint256 j = 1;
        for (uint256 i = 0; i < data.length; ++i) {
            buffer = (buffer << 8) | uint8(data[i]);
            bits += 8;
            while (bits >= 5) {
                bits -= 5;
                out[j++] = _BASE32[(buffer >> bits) & 31];
            }
        }
        if (bits > 0) out[j] = _BASE32[(buffer << (5 - bits)) & 31];
        return string(out);
    }
}
