/** The attachments of each B/L, projected from BillOfLading's AttachmentAdded events. */
import type { ChainEvent } from "../adapters/chain/events.ts";
import type { Projection } from "../chainIndex/follower.ts";

export interface Attachment {
  /** `${transactionHash}-${logIndex}` of its AttachmentAdded event. */
  attachmentId: string;
  tokenId: string;
  cid: string;
  sha256: string;
  size: number;
  fileName: string;
  mediaType: string;
  kind: string;
  uploadedBy: number;
  uploadedAt: string;
  transactionHash: string;
}

/** An attachment's id: the transaction and log position of the event that added it. */
export const attachmentIdOf = (event: { transactionHash: string; logIndex: number }) =>
  `${event.transactionHash}-${event.logIndex}`;

export class AttachmentProjection implements Projection {
  private readonly attachments = new Map<string, Attachment[]>();

  attachmentsOf(tokenId: string): Attachment[] {
    return this.attachments.get(tokenId) ?? [];
  }

  readonly handlers = {
    "BillOfLading:AttachmentAdded": (event: ChainEvent) => {
      const a = event.args;
      const list = this.attachments.get(a.tokenId as string) ?? [];
      list.push({
        attachmentId: attachmentIdOf(event),
        tokenId: a.tokenId as string,
        cid: a.cid as string,
        sha256: (a.sha256 as string).toLowerCase(),
        size: Number(a.size),
        fileName: a.fileName as string,
        mediaType: a.mediaType as string,
        kind: a.kind as string,
        uploadedBy: a.org as number,
        uploadedAt: new Date(event.timestamp * 1000).toISOString(),
        transactionHash: event.transactionHash,
      });
      this.attachments.set(a.tokenId as string, list);
    },
  } satisfies Projection["handlers"];
}
