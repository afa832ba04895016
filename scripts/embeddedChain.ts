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
      mining: { auto: true, interval: 0 },
    },
  } as never);
  const provider = connection.provider as unknown as Eip1193Provider & {
    request(args: { method: string; params?: unknown[] }): Promise<unknown>;
  };
  for (const entry of journal.entries) {
    await provider.request({ method: "evm_setNextBlockTimestamp", params: ["0x" + entry.timestamp.toString(16)] });
    await provider.request({ method: "eth_sendRawTransaction", params: [entry.raw] });
  }
  return { provider, replayed: journal.entries.length, close: () => connection.close() };
}
