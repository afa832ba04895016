/**
 * The one write path: every write the gateway makes goes through `submit`, which signs with the caller's own key,
 * turns a contract's refusal into a problem a clerk can act on, and returns once the index has applied the block,
 * with the transaction's own events read from its receipt.
 */
import type { Chain } from "./adapters/chain/chain.ts";
import type { ContractName } from "./adapters/chain/artifacts.ts";
import type { ChainEvent } from "./adapters/chain/events.ts";
import type { Keystore } from "./adapters/keystore.ts";
import { OPERATOR, type Caller } from "./context.ts";
import { namerOf, toProblem, type Namer } from "./contractErrors.ts";
import type { BillOfLading } from "./billsOfLading/projection.ts";
import type { Organization } from "./organizations/projection.ts";

/** A write the chain accepted, and the events it emitted, decoded from its receipt the same way on every chain. */
export interface Receipt {
  transactionHash: string;
  blockNumber: number;
  timestamp: number;
  events: ChainEvent[];
}

/** Where a refusal's names and the block to wait for come from. */
export interface TransactionIndex {
  organization(org: number): Organization | undefined;
  billOfLading(tokenId: string): BillOfLading | undefined;
  include(submitted: { blockNumber: number; events: ChainEvent[]; aloneInBlock: boolean }): Promise<void>;
}

export interface SubmitOptions {
  /** Runs after a successful simulation and before sending: where documents are stored, so a refusal leaves none. */
  beforeSend?: () => Promise<void>;
}

export class Transactions {
  private readonly chain: Chain;
  private readonly keystore: Keystore;
  private readonly index: TransactionIndex;

  constructor(deps: { chain: Chain; keystore: Keystore; index: TransactionIndex }) {
    this.chain = deps.chain;
    this.keystore = deps.keystore;
    this.index = deps.index;
  }

  /** Names in a refusal's sentence: organizations by name, B/Ls by number (when the index knows them). */
  readonly nameOf: Namer = namerOf({
    organization: (org) => this.index.organization(org),
    billOfLading: (tokenId) => this.index.billOfLading(tokenId),
  });

  /**
   * Simulates `contract.method(args)` as the caller (the operator's key, or its organization's), runs `beforeSend`,
   * signs, sends and journals it, and resolves once the index has applied its block, so that what the caller reads
   * next is the new state. A refusal is thrown as a problem, and nothing was sent.
   */
  async submit(
    caller: Caller,
    contract: ContractName,
    method: string,
    args: unknown[],
    options: SubmitOptions = {},
  ): Promise<Receipt> {
    const signer = await this.keystore.wallet(caller.kind === "operator" ? OPERATOR : caller.orgId);
    const submitted = await this.chain
      .submit(signer, contract, method, args, options.beforeSend)
      .catch((e) => toProblem(e, this.nameOf));
    await this.index.include(submitted);
    const { transactionHash, blockNumber, timestamp, events } = submitted;
    return { transactionHash, blockNumber, timestamp, events };
  }
}

/** The receipt's events of this contract with this name, in log order. */
export function eventsNamed(receipt: Receipt, contract: ContractName, name: string): ChainEvent[] {
  return receipt.events.filter((e) => e.contract === contract && e.name === name);
}

/** The receipt's one event of this contract with this name (the contract always emits it for this call). */
export function eventNamed(receipt: Receipt, contract: ContractName, name: string): ChainEvent {
  const event = eventsNamed(receipt, contract, name)[0];
  if (!event) throw new Error(`The transaction emitted no ${contract}.${name}.`);
  return event;
}
