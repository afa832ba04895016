/** Chain.parseSigned: the signer a node recovers from signed bytes is the one the chain will see. */
import { expect } from "chai";
import { Signature, Transaction, Wallet } from "ethers";
import { Chain } from "../../api/adapters/chain/chain.ts";

describe("signed transactions (Chain.parseSigned)", () => {
  const wallet = Wallet.createRandom();
  const base = { chainId: 31337n, to: wallet.address, gasLimit: 100_000n, data: "0xabcdef" };

  it("when transactions of each type are signed, then the recovered signer and hash are ethers' own", async () => {
    const signed = [
      await wallet.signTransaction({ ...base, type: 0, nonce: 1, gasPrice: 1n }),
      await wallet.signTransaction({ ...base, type: 2, nonce: 2, maxFeePerGas: 2n, maxPriorityFeePerGas: 1n }),
      ...(await Promise.all(
        Array.from({ length: 20 }, (_, nonce) =>
          wallet.signTransaction({ ...base, type: 2, nonce, maxFeePerGas: 1n, maxPriorityFeePerGas: 1n }),
        ),
      )),
    ];
    for (const raw of signed) {
      const parsed = Chain.parseSigned(raw)!;
      const tx = Transaction.from(raw);
      expect(parsed.from).to.equal(wallet.address).and.to.equal(tx.from);
      expect([parsed.hash, parsed.unsignedHash, parsed.nonce]).to.deep.equal([tx.hash, tx.unsignedHash, tx.nonce]);
    }
  });

  it("when the signature is altered, then another signer is recovered (the chain's own answer), never the wallet", async () => {
    const tx = Transaction.from(
      await wallet.signTransaction({ ...base, type: 2, nonce: 0, maxFeePerGas: 1n, maxPriorityFeePerGas: 1n }),
    );
    const flipped = tx.clone();
    flipped.signature = Signature.from({
      r: tx.signature!.r,
      s: tx.signature!.s,
      yParity: tx.signature!.yParity ? 0 : 1,
    });
    const parsed = Chain.parseSigned(flipped.serialized)!;
    expect(parsed.from).to.not.equal(wallet.address);
    expect(parsed.from).to.equal(flipped.from);
  });

  it("when the bytes are unsigned or not a transaction, then nothing is parsed", () => {
    const unsigned = Transaction.from({ ...base, type: 2, nonce: 0, maxFeePerGas: 1n, maxPriorityFeePerGas: 1n });
    expect(Chain.parseSigned(unsigned.unsignedSerialized)).to.equal(undefined);
    expect(Chain.parseSigned("0x1234")).to.equal(undefined);
    expect(Chain.parseSigned("not hex")).to.equal(undefined);
  });
});
