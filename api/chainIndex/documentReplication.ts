/**
 * Keeps on this node's IPFS what concerns its organizations: for each B/L issued or amended and each attachment added,
 * once the projections have applied the event, the content is fetched from the peers if this node does not hold it,
 * checked against the chain (a document's CID is derived from its checksum on chain; an attachment's bytes must match
 * the SHA-256 and size on chain) and pinned. Runs in the background, one fetch at a time, in chain order; a fetch that
 * fails is logged, and the content is fetched again on demand when it is read (or at the next start, which replays
 * every event).
 */
import type { ChainEvent } from "../adapters/chain/events.ts";
import { documentCidFromSha256, type DocumentStore } from "../adapters/ipfs/documentStore.ts";
import type { AfterProjections } from "./follower.ts";

/** Whether a B/L's event concerns this node: whether one of the organizations it serves is party to that B/L. */
export type Concerned = (event: ChainEvent) => boolean;

/** A node that serves every organization (no NODE_ORGANIZATIONS): every document concerns it. */
export const everyDocument: Concerned = () => true;

/** The content an event puts on chain: a document (its CID derived from the checksum) or an attachment. */
export function contentOf(event: ChainEvent): { cid: string; expected?: { sha256: string; size: number } } | undefined {
  const a = event.args;
  if (event.contract !== "BillOfLading") return undefined;
  if (event.name === "Issued" || event.name === "DocumentAmended") {
    return { cid: documentCidFromSha256(a.documentChecksum as string).toString() };
  }
  if (event.name === "AttachmentAdded") {
    return { cid: a.cid as string, expected: { sha256: (a.sha256 as string).toLowerCase(), size: Number(a.size) } };
  }
  return undefined;
}

export class DocumentReplication implements AfterProjections {
  private readonly fetchAndPin: NonNullable<DocumentStore["fetchAndPin"]>;
  private readonly concerned: Concerned;
  private readonly log: (message: string) => void;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    fetchAndPin: NonNullable<DocumentStore["fetchAndPin"]>,
    concerned: Concerned = everyDocument,
    log: (message: string) => void = (message) => console.error(message),
  ) {
    this.fetchAndPin = fetchAndPin;
    this.concerned = concerned;
    this.log = log;
  }

  event(event: ChainEvent): void {
    const content = contentOf(event);
    if (!content || !this.concerned(event)) return;
    this.queue = this.queue.then(() =>
      this.fetchAndPin(content.cid, content.expected).catch((error: Error) =>
        this.log(
          `[gateway] could not keep ${content.cid} (${event.name}, block ${event.blockNumber}): ${error.message}`,
        ),
      ),
    );
  }

  caughtUp(): void {}

  /** Resolves once every fetch queued so far has finished (for tests and a clean stop). */
  settled(): Promise<void> {
    return this.queue;
  }
}
