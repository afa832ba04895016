/**
 * The one write path: every write the gateway makes goes through `submit`, which signs with the caller's own key,
 * turns a contract's refusal into a problem a clerk can act on, and returns once the index has applied the block,
 * with the transaction's own events read from its receipt.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { RequestHandler } from "express";
import {
  ContractRevert,
  type Chain,
  type SendHooks,
  type SignedTransaction,
  type Submitted,
} from "./adapters/chain/chain.ts";
import type { ContractName } from "./adapters/chain/artifacts.ts";
import type { ChainEvent } from "./adapters/chain/events.ts";
import type { Keystore } from "./adapters/keystore.ts";
import {
  ClientNonces,
  clientSigningSession,
  PreparedTransactions,
  type ClientSigningSession,
  type NonceReservation,
  UNSIGNED_NONCE_HOLD_MS,
} from "./clientSigning.ts";
import { OPERATOR, type Caller } from "./context.ts";
import { namerOf, toProblem, type Namer } from "./contractErrors.ts";
import { conflict, forbidden, Problem } from "./problem.ts";
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

/**
 * A document a write changes, as a lock: `key` names it uniquely (`billOfLading:<tokenId>`, `container:<number>`,
 * …), `name` in the trade's words for the refusal ("B/L TJ2026000001").
 */
export interface Document {
  key: string;
  name: string;
  /**
   * Held shared: writes that add to the document without changing who controls it (an attachment) run side by side,
   * and are refused only while a write that changes it holds it, which they in turn hold off.
   */
  shared?: boolean;
}

export interface SubmitOptions {
  /**
   * Runs after a successful simulation and before sending: where documents and keys are stored, so a refusal leaves
   * none. Put what can fail first and what broadcasts (a funding) last.
   */
  beforeSend?: () => Promise<void>;
  /**
   * Runs when `beforeSend` ran (in part or whole) and the transaction then did not take effect: `beforeSend` threw,
   * the broadcast failed, or the transaction was mined and reverted. It undoes what `beforeSend` stored.
   */
  undo?: () => Promise<void> | void;
  /** The documents this write changes: held for it until the index has applied it, refused (409) while held. */
  documents?: Document[];
}

/** What one HTTP request has done so far: the transactions it broadcast, which its 500 names. */
export interface RequestWrites {
  sent: string[];
}

const requestWrites = new AsyncLocalStorage<RequestWrites>();

/**
 * Middleware: tracks the transactions each request broadcasts (on `res.locals.writes`), so that a 500 can say
 * truthfully whether anything was changed. Work outside a request (the follower, the webhook outbox) is not counted.
 */
export const trackWrites: RequestHandler = (_req, res, next) => {
  const writes: RequestWrites = { sent: [] };
  res.locals.writes = writes;
  requestWrites.run(writes, next);
};

export class Transactions {
  private readonly chain: Chain;
  private readonly keystore: Keystore;
  private readonly index: TransactionIndex;

  /** Documents held by requests in flight, by key: "exclusive", or how many shared holders. */
  private readonly busy = new Map<string, "exclusive" | number>();
  /** Client-signed writes waiting for their signature. */
  readonly prepared: PreparedTransactions;
  /** The nonces client-signed writes in flight hold, per signer. */
  readonly clientNonces: ClientNonces;

  constructor(deps: { chain: Chain; keystore: Keystore; index: TransactionIndex; preparedTtlMs?: number }) {
    this.chain = deps.chain;
    this.keystore = deps.keystore;
    this.index = deps.index;
    this.prepared = new PreparedTransactions(deps.preparedTtlMs);
    this.clientNonces = new ClientNonces(this.chain.queuesAheadOfNonce ? UNSIGNED_NONCE_HOLD_MS : 0);
    // Every broadcast, fundings included, counts for the request it was made in (none outside a request).
    this.chain.onBroadcast = (hash) => void requestWrites.getStore()?.sent.push(hash);
  }

  /**
   * Runs `work` holding `documents`: two requests that would change one document are serialised in this node, and
   * the one that comes second is refused (409) at once, before it simulates or broadcasts anything, rather than
   * mined and reverted. Held until `work` resolves, so the next request reads the state the first one left.
   */
  async exclusive<T>(documents: readonly Document[], work: () => Promise<T>): Promise<T> {
    // One hold per key: exclusive if any write here changes that document.
    const wanted = new Map<string, Document>();
    for (const d of documents) if (!wanted.get(d.key) || wanted.get(d.key)!.shared) wanted.set(d.key, d);
    const held = [...wanted.values()].find((d) => {
      const holder = this.busy.get(d.key);
      return holder !== undefined && (holder === "exclusive" || !d.shared);
    });
    if (held) {
      throw conflict(`Another request is changing ${held.name} right now; read it again and retry.`, {
        document: held.name,
      });
    }
    for (const d of wanted.values()) {
      const holder = this.busy.get(d.key);
      this.busy.set(d.key, d.shared ? ((holder as number | undefined) ?? 0) + 1 : "exclusive");
    }
    try {
      return await work();
    } finally {
      for (const d of wanted.values()) {
        const holder = this.busy.get(d.key);
        if (d.shared && typeof holder === "number" && holder > 1) this.busy.set(d.key, holder - 1);
        else this.busy.delete(d.key);
      }
    }
  }

  /** Names in a refusal's sentence: organizations by name, B/Ls by number (when the index knows them). */
  readonly nameOf: Namer = namerOf({
    organization: (org) => this.index.organization(org),
    billOfLading: (tokenId) => this.index.billOfLading(tokenId),
  });

  /**
   * Simulates `contract.method(args)` as the caller (the operator's key, or its organization's), runs `beforeSend`,
   * signs, sends and journals it, and resolves once the index has applied its block, so that what the caller reads
   * next is the new state. A refusal is thrown as a problem, and nothing was sent; so is a request for a document
   * another request is changing (409, before the simulation). When the transaction does not take effect after
   * `beforeSend` ran, `undo` runs.
   */
  async submit(
    caller: Caller,
    contract: ContractName,
    method: string,
    args: unknown[],
    options: SubmitOptions = {},
  ): Promise<Receipt> {
    if (options.documents?.length) {
      return this.exclusive(options.documents, () =>
        this.submit(caller, contract, method, args, { ...options, documents: [] }),
      );
    }
    const session = clientSigningSession();
    const send = session
      ? await this.clientSigned(session, caller, contract, method, args)
      : await this.nodeSigned(caller, contract, method, args);
    let stored = false;
    let broadcast = false;
    const beforeSend = options.beforeSend && (() => ((stored = true), options.beforeSend!()));
    const submitted = await send({ beforeSend, broadcast: () => void (broadcast = true) }).catch(async (e: unknown) => {
      const reverted = e instanceof ContractRevert && e.errorName === "TransactionFailed";
      if (stored && (!broadcast || reverted)) await this.undo(options.undo);
      return toProblem(e, this.nameOf);
    });
    await this.index.include(submitted);
    const { transactionHash, blockNumber, timestamp, events } = submitted;
    return { transactionHash, blockNumber, timestamp, events };
  }

  /** The send of a transaction the node signs with the caller's key; 409 if the node does not hold it. */
  private async nodeSigned(caller: Caller, contract: ContractName, method: string, args: unknown[]) {
    const name = caller.kind === "operator" ? OPERATOR : caller.orgId;
    // A node signs only with the keys of the organizations it serves: it never holds another's.
    if (!this.keystore.has(name)) throw keyNotHeld(caller);
    const signer = await this.keystore.wallet(name);
    return (hooks: SendHooks) => this.chain.submit(signer, contract, method, args, hooks);
  }

  /**
   * The send of a transaction the client signs: simulated as its signer (a refusal is the same problem as a
   * one-step call's), answered to the client to sign, and sent once its signature arrives (see api/clientSigning.ts).
   */
  private async clientSigned(
    session: ClientSigningSession,
    caller: Caller,
    contract: ContractName,
    method: string,
    args: unknown[],
  ) {
    const organization = caller.kind === "organization" ? this.index.organization(caller.org) : undefined;
    const signer = organization?.signers.find((s) => s.toLowerCase() === session.signer.toLowerCase());
    if (!organization || !signer) {
      throw forbidden(
        `${session.signer} is not a registered signer of ${organization?.name ?? "your organization"}: name one ` +
          "of its signers in X-Signer.",
      );
    }
    // The nonce is held from now until the write ends, so that the signer's other writes in flight take the next.
    let reservation: NonceReservation | undefined;
    let signed: SignedTransaction;
    try {
      const { transaction, unsignedHash } = await this.chain
        .prepare(
          signer,
          contract,
          method,
          args,
          (pending) => (reservation = this.clientNonces.reserve(signer, pending)).nonce,
        )
        .catch((e: unknown) => toProblem(e, this.nameOf));
      signed = await this.prepared.wait({ unsignedHash, transaction, contract, signer, orgId: caller.orgId, session });
      if (!reservation!.signed()) {
        throw conflict(
          `Another transaction of ${signer} was signed with nonce ${signed.nonce} while this one waited unsigned: ` +
            "nothing was sent; send the write again to prepare it anew.",
        );
      }
    } catch (error) {
      reservation?.release();
      throw error;
    }
    return (hooks: SendHooks): Promise<Submitted> =>
      this.chain
        .sendRaw(signed, contract, {
          ...hooks,
          broadcast: (hash) => (reservation!.broadcast(), hooks.broadcast?.(hash)),
        })
        .finally(() => reservation!.release());
  }

  /** Runs a write's `undo`; its own failure is logged, never thrown over the error that made it run. */
  private async undo(undo: SubmitOptions["undo"]): Promise<void> {
    try {
      await undo?.();
    } catch (error) {
      console.error("[gateway] undoing a write that did not take effect failed:", error);
    }
  }
}

/** The caller's key is not in this node's keystore: it signs elsewhere (client-side, or on its own node). */
function keyNotHeld(caller: Caller): Problem {
  const who = caller.kind === "operator" ? "the operator" : caller.orgId;
  return new Problem(
    409,
    "Key not held",
    caller.kind === "operator"
      ? "This node does not hold the operator's key: send the operator's requests to the operator's node."
      : `This node does not hold a key of ${who}: sign the transaction yourself (send the request with ` +
          "'Prefer: sign=client' and 'X-Signer: <your signer address>', then POST the signed bytes to " +
          `/v1/transactions), or use ${who}'s own node.`,
  );
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
