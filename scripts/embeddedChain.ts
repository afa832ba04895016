/**
 * The embedded chain for `npm start` and the tests: an in-process Hardhat (EDR) network with a zero base fee,
 * rebuilt at every start by replaying the gateway's transaction journal with the original timestamps.
 */
import type { Eip1193Provider } from "ethers";
import { network } from "hardhat";
import type { Journal } from "../api/adapters/chain/journal.ts";

export interface EmbeddedChain {
  provider: Eip1193Provider;
  replayed: number;
  close(): Promise<void>;
}

export async function startEmbeddedChain(journal: Journal): Promise<EmbeddedChain> {
  const connection = await network.create({
    network: "default",
    override: {
      initialBaseFeePerGas: 0n,
      initialDate: journal.genesis,
      throwOnTransactionFailures: false,
      // Blocks mined in the same second share it, so the chain keeps wall-clock time under load.
      allowBlocksWithSameTimestamp: true,
      mining: { auto: true, interval: 0 },
    },
  } as never);
  const provider = connection.provider as unknown as Eip1193Provider & {
    request(args: { method: string; params?: unknown[] }): Promise<unknown>;
  };
  let last = Math.floor(journal.genesis.getTime() / 1000);
  for (const entry of journal.entries) {
    await provider.request({ method: "evm_setNextBlockTimestamp", params: ["0x" + entry.timestamp.toString(16)] });
    await provider.request({ method: "eth_sendRawTransaction", params: [entry.raw] });
    last = entry.timestamp;
  }
  // From here on the chain keeps the wall clock's time, so that validity windows and release times mean the same on
  // chain, in the gateway and to its users. The clock is moved now (evm_increaseTime): a next-block timestamp would
  // fix the offset only when that block is mined, leaving the chain behind the wall clock by however long the
  // gateway waited for its first transaction after start.
  const behind = Math.floor(Date.now() / 1000) - last;
  if (behind > 0) await provider.request({ method: "evm_increaseTime", params: [behind] });
  return { provider, replayed: journal.entries.length, close: () => connection.close() };
}
