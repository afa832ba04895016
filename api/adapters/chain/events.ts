/** The chain's events as the chain adapter decodes them: what the projections and the notifications consume. */
import type { ContractName } from "./artifacts.ts";

/**
 * One decoded contract event, in chain order. Numbers that fit are numbers; token ids and checksums are hex; short
 * fixed-size byte strings are text.
 */
export interface ChainEvent {
  contract: ContractName;
  name: string;
  args: Record<string, unknown>;
  blockNumber: number;
  logIndex: number;
  transactionHash: string;
  timestamp: number;
}
