/**
 * Opens the configured document store: Kubo RPC when `ipfsApiUrl` is set, else an embedded offline Helia node
 * persisted in `${dataDir}/ipfs`.
 */
import { join } from "node:path";
import type { DocumentStore } from "./documentStore.ts";
import { createHeliaStore } from "./helia.ts";
import { createKuboStore } from "./kubo.ts";

export * from "./documentStore.ts";

export async function openDocumentStore(config: { ipfsApiUrl?: string; dataDir: string }): Promise<DocumentStore> {
  if (config.ipfsApiUrl) return createKuboStore(config.ipfsApiUrl);
  return await createHeliaStore(join(config.dataDir, "ipfs"));
}
