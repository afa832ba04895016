/**
 * Client-side signing, for an organization whose key this node does not hold: a write sent with
 * `Prefer: sign=client` runs as usual up to the signature (validation, the service's checks, the simulation as the
 * caller's signer); its transaction is then answered (202) for the client to sign, and the write waits, holding its
 * documents, until `POST /v1/transactions` brings the signed bytes. The write then goes on where it stopped (stores
 * its documents, broadcasts, waits for the index) and its response, the one a one-step call gives, answers that
 * second request. A prepared transaction not signed within `ttlMs` is dropped and its documents freed.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { Response } from "express";
import type { SignedTransaction, UnsignedTransaction } from "./adapters/chain/chain.ts";
import type { ContractName } from "./adapters/chain/artifacts.ts";
import { Problem } from "./problem.ts";

/** How long a prepared transaction waits for its signature by default. */
export const PREPARED_TTL_MS = 5 * 60_000;

/** One write request signed by its client: the response its next step answers, and the signer it acts as. */
export class ClientSigningSession {
  readonly signer: string;
  /** The response the write's next answer goes to: the write request's, then each `POST /v1/transactions`'s. */
  res: Response;
  private turn?: { resolve: () => void; reject: (error: unknown) => void };

  constructor(signer: string, res: Response) {
    this.signer = signer;
    this.res = res;
  }

  /** Hands the write to `res` and resolves once it answered there: with a prepared transaction, or its end. */
  answerOn(res: Response): Promise<void> {
    this.res = res;
    return new Promise((resolve, reject) => (this.turn = { resolve, reject }));
  }

  /** The write finished (or failed): its response was written (or its error goes to the current request). */
  ended(error?: unknown): void {
    const turn = this.turn;
    this.turn = undefined;
    if (!turn) {
      if (error) console.error("[gateway] a write awaiting its client's signature failed:", error);
      return;
    }
    if (error === undefined) turn.resolve();
    else turn.reject(error);
  }

  /** Answers the current request with the transaction to sign; the write waits for `POST /v1/transactions`. */
  prepared(body: PreparedBody): void {
    this.res.status(202).json(body);
    this.ended();
  }
}

/** What a prepared write answers: the transaction to sign, and until when it is kept. */
export interface PreparedBody {
  transaction: UnsignedTransaction;
  signer: string;
  unsignedHash: string;
  expiresAt: string;
}

/** A transaction waiting for its client's signature. */
export interface Prepared {
  unsignedHash: string;
  transaction: UnsignedTransaction;
  contract: ContractName;
  signer: string;
  /** The organization that prepared it: only it may bring the signature. */
  orgId: string;
  session: ClientSigningSession;
  expiresAt: number;
  sign: (signed: SignedTransaction) => void;
}

const sessions = new AsyncLocalStorage<ClientSigningSession>();

/** Runs a write request's handler as a client-signed write. */
export function runClientSigned<T>(session: ClientSigningSession, work: () => Promise<T>): Promise<T> {
  return sessions.run(session, work);
}

/** The client-signing session of the write in whose async context this runs, if it was sent `Prefer: sign=client`. */
export function clientSigningSession(): ClientSigningSession | undefined {
  return sessions.getStore();
}

const gone = (detail: string) => new Problem(410, "Gone", detail);

/** The transactions prepared in this node and not yet signed, by the hash their signer signs. */
export class PreparedTransactions {
  private readonly waiting = new Map<string, Prepared>();
  /** Hashes of prepared transactions that expired, kept for one more period so a late signature hears why. */
  private readonly expired = new Map<string, number>();
  readonly ttlMs: number;

  constructor(ttlMs = PREPARED_TTL_MS) {
    this.ttlMs = ttlMs;
  }

  /** Keeps a prepared transaction, answers it to the client and resolves with its signed form once sent. */
  wait(prepared: Omit<Prepared, "sign" | "expiresAt">): Promise<SignedTransaction> {
    return new Promise<SignedTransaction>((resolve, reject) => {
      const expiresAt = Date.now() + this.ttlMs;
      const timer = setTimeout(() => {
        if (!this.waiting.delete(prepared.unsignedHash)) return;
        this.forgetExpired();
        this.expired.set(prepared.unsignedHash, Date.now() + this.ttlMs);
        reject(gone(`The prepared transaction ${prepared.unsignedHash} expired unsigned; nothing was sent.`));
      }, this.ttlMs);
      timer.unref();
      const sign = (signed: SignedTransaction) => {
        clearTimeout(timer);
        this.waiting.delete(prepared.unsignedHash);
        resolve(signed);
      };
      this.waiting.set(prepared.unsignedHash, { ...prepared, expiresAt, sign });
      prepared.session.prepared({
        transaction: prepared.transaction,
        signer: prepared.signer,
        unsignedHash: prepared.unsignedHash,
        expiresAt: new Date(expiresAt).toISOString(),
      });
    });
  }

  /** The prepared transaction this signature signs; a problem if none (404), it expired (410) or it was altered. */
  find(signed: SignedTransaction): Prepared {
    const prepared = this.waiting.get(signed.unsignedHash);
    if (prepared) return prepared;
    this.forgetExpired();
    if (this.expired.has(signed.unsignedHash)) {
      throw gone("This transaction's preparation expired unsigned; send the write again to prepare a new one.");
    }
    const sameNonce = [...this.waiting.values()].find(
      (p) => p.signer.toLowerCase() === signed.from.toLowerCase() && p.transaction.nonce === signed.nonce,
    );
    if (sameNonce) {
      throw new Problem(
        422,
        "Unprocessable document",
        `The signed transaction differs from the one prepared for ${signed.from} with nonce ${signed.nonce} ` +
          `(${sameNonce.unsignedHash}): sign the prepared transaction exactly as it was answered.`,
      );
    }
    throw new Problem(
      404,
      "Not found",
      "This node prepared no such transaction: send the write with 'Prefer: sign=client' and sign what it answers.",
    );
  }

  private forgetExpired(): void {
    const now = Date.now();
    for (const [hash, until] of this.expired) if (until < now) this.expired.delete(hash);
  }
}

/** A nonce held for one client-signed write, from its preparation until it is mined or given up. */
export interface NonceReservation {
  readonly nonce: number;
  /**
   * The client's signature arrived: the nonce is held firmly from now on. False if another write of the signer
   * already signed with it (it took over the nonce of this preparation, left unsigned too long): prepare again.
   */
  signed(): boolean;
  /** The write's transaction was accepted by the chain: its nonce is used, whatever the chain's count says yet. */
  broadcast(): void;
  /** The write ended (mined, refused or expired): its nonce is no longer held. */
  release(): void;
}

/** How long an unsigned preparation keeps its nonce from the signer's next preparations, on a chain that queues. */
export const UNSIGNED_NONCE_HOLD_MS = 5_000;

/**
 * The nonces of client-signed writes in flight, per signer. Two writes prepared for one signer before either is
 * mined would both read the same `pending` count from the chain, and the second would fail (nonce too low) once
 * signed: each preparation takes instead the lowest nonce from the chain's count up that no signed write in flight
 * holds, no preparation of the last `holdMs` holds, and this node has not broadcast (a count read just before a
 * broadcast may not include it yet). A preparation left unsigned longer than `holdMs` gives its nonce to the next
 * one, so an abandoned preparation stalls the signer's later transactions (queued behind the gap) at most that long.
 * `holdMs` 0 holds nothing for unsigned preparations: for a chain that queues no transaction ahead of its nonce (the
 * embedded one), where only one write at a time per signer can work.
 */
export class ClientNonces {
  private readonly holds = new Map<string, Map<number, { since: number; signed: boolean }>>();
  private readonly sent = new Map<string, Set<number>>();
  private readonly holdMs: number;
  private readonly now: () => number;

  constructor(holdMs = UNSIGNED_NONCE_HOLD_MS, now: () => number = Date.now) {
    this.holdMs = holdMs;
    this.now = now;
  }

  /** Reserves the signer's next free nonce, given the chain's `pending` transaction count. */
  reserve(signer: string, pending: number): NonceReservation {
    const key = signer.toLowerCase();
    const holds = this.holds.get(key) ?? new Map<number, { since: number; signed: boolean }>();
    const sent = this.sent.get(key) ?? new Set<number>();
    this.holds.set(key, holds);
    this.sent.set(key, sent);
    for (const n of sent) if (n < pending) sent.delete(n); // the chain counts them now
    const now = this.now();
    const taken = (n: number) => {
      const hold = holds.get(n);
      return sent.has(n) || (hold !== undefined && (hold.signed || now - hold.since < this.holdMs));
    };
    let nonce = pending;
    while (taken(nonce)) nonce++;
    const hold = { since: now, signed: false };
    holds.set(nonce, hold);
    let ended = false;
    return {
      nonce,
      signed: () => {
        const current = holds.get(nonce);
        if (current !== hold && (current?.signed || sent.has(nonce))) return false;
        holds.set(nonce, hold);
        hold.signed = true;
        return true;
      },
      broadcast: () => void sent.add(nonce),
      release: () => {
        if (ended) return;
        ended = true;
        if (holds.get(nonce) === hold) holds.delete(nonce);
      },
    };
  }

  /** How many nonces are held for `signer` by writes in flight. */
  heldFor(signer: string): number {
    return this.holds.get(signer.toLowerCase())?.size ?? 0;
  }
}
