/** What the services share: the adapters and the index, built once at start and passed to `createApp`. */
import type { CjkFont } from "./billsOfLading/pdfFonts.ts";
import type { Chain } from "./adapters/chain/chain.ts";
import type { DocumentStore } from "./adapters/ipfs/documentStore.ts";
import type { Keystore } from "./adapters/keystore.ts";
import type { ApiKeys } from "./auth/apiKeys.ts";
import type { ChainIndex } from "./chainIndex/chainIndex.ts";
import type { NotificationService } from "./notifications/service.ts";
import type { ReleaseProjection } from "./release/projection.ts";
import type { EquipmentProjection } from "./equipment/projection.ts";
import type { GatePhotos } from "./equipment/gatePhotos.ts";
import type { Transactions } from "./transactions.ts";
import type { NodeOrganizations } from "./nodeOrganizations.ts";

export interface GatewayContext {
  chain: Chain;
  /** The one write path: every transaction the gateway sends. */
  transactions: Transactions;
  index: ChainIndex;
  documents: DocumentStore;
  keystore: Keystore;
  apiKeys: ApiKeys;
  /** The organizations this node serves (NODE_ORGANIZATIONS): every one when its configuration names none. */
  nodeOrganizations: NodeOrganizations;
  maxUploadBytes: number;
  /** The URL people reach this node at (PUBLIC_URL): links printed on B/Ls go there. */
  publicUrl: string;
  /** The font printed B/Ls draw Chinese with (PDF_CJK_FONT or an installed one); none: "?" for it. */
  pdfFont?: CjkFont;
  signerFundingWei: bigint;
  notifications: NotificationService;
  releases: ReleaseProjection;
  equipment: EquipmentProjection;
  photos: GatePhotos;
}

/** Who is calling: an organization, or the port community's operator. */
export type Caller = { kind: "operator"; orgId: "operator" } | { kind: "organization"; orgId: string; org: number };

/** The keystore name of the operator's key. */
export const OPERATOR = "operator";
