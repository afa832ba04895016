/** The gateway's configuration, parsed once from the environment at start; every problem is reported at once. */
import path from "node:path";
import { z } from "zod";
import { invalidNetwork } from "./adapters/webhook.ts";
import { parseListenAddress, parsePeer } from "./adapters/ipfs/peering.ts";
import { ORG_ID_PATTERN } from "./domain.ts";

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, "must be a 0x-prefixed 20-byte hex address");

/** A comma-separated list of multiaddrs, each checked by `parse` (which throws a sentence naming the address). */
function multiaddrList(parse: (text: string) => unknown) {
  return z
    .string()
    .trim()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === "") return undefined;
      const list = value.split(",").map((a) => a.trim());
      for (const text of list) {
        try {
          parse(text);
        } catch (err) {
          ctx.addIssue({ code: "custom", message: (err as Error).message });
          return z.NEVER;
        }
      }
      return list;
    });
}

/**
 * A comma-separated list of orgIds, duplicates dropped. With `none`, the word `none` is the empty list: a node that
 * signs for no organization (the operator's own node); `none` cannot be an orgId, which has no small letters.
 */
function orgIdList({ none }: { none: boolean }) {
  return z
    .string()
    .trim()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === "") return undefined;
      if (none && value === "none") return [];
      const orgIds = value.split(",").map((o) => o.trim());
      const wrong = orgIds.filter((o) => !ORG_ID_PATTERN.test(o));
      if (wrong.length) {
        ctx.addIssue({
          code: "custom",
          message:
            `must be comma-separated orgIds (1 to 32 capitals and digits, inner '-' allowed)` +
            `${none ? " or none" : ""}; not ${wrong.map((o) => `'${o}'`).join(", ")}`,
        });
        return z.NEVER;
      }
      return [...new Set(orgIds)];
    });
}

const Environment = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default("127.0.0.1"),
    DATA_DIR: z.string().default("./data"),
    PUBLIC_URL: z
      .url({ protocol: /^https?$/, message: "must be an http(s) URL such as https://node.example.org" })
      .optional(),
    PDF_CJK_FONT: z.string().min(1).optional(),
    RPC_URL: z.url({ message: "must be a URL such as http://127.0.0.1:8545" }).optional(),
    PARTY_REGISTRY_ADDRESS: address.optional(),
    BILL_OF_LADING_ADDRESS: address.optional(),
    IMPORT_RELEASE_ADDRESS: address.optional(),
    EQUIPMENT_INTERCHANGE_ADDRESS: address.optional(),
    OPERATOR_PRIVATE_KEY: z
      .string()
      .regex(/^0x[0-9a-fA-F]{64}$/, "must be a 0x-prefixed 32-byte hex private key")
      .optional(),
    KEYSTORE_PASSWORD: z.string().min(12, "must be at least 12 characters").optional(),
    NODE_ORGANIZATIONS: orgIdList({ none: true }),
    HOSTED_ORGANIZATIONS: orgIdList({ none: false }),
    IPFS_API_URL: z.url({ message: "must be a URL such as http://127.0.0.1:5001" }).optional(),
    IPFS_LISTEN: multiaddrList(parseListenAddress),
    IPFS_PEERS: multiaddrList(parsePeer),
    IPFS_FETCH_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
    CHAIN_POLL_MS: z.coerce.number().int().min(10, "must be at least 10").default(500),
    MAX_UPLOAD_BYTES: z.coerce
      .number()
      .int()
      .positive()
      .default(25 * 1024 * 1024),
    WEBHOOK_PRIVATE_NETWORKS: z
      .string()
      .trim()
      .optional()
      .transform((value, ctx) => {
        if (value === undefined || value === "") return undefined;
        if (value === "allow" || value === "deny") return value;
        const networks = value.split(",").map((n) => n.trim());
        const problem = invalidNetwork(networks);
        if (problem) {
          ctx.addIssue({ code: "custom", message: `must be allow, deny or a list of networks: ${problem}` });
          return z.NEVER;
        }
        return networks;
      }),
    SIGNER_FUNDING_WEI: z.coerce
      .bigint()
      .min(0n)
      .default(10n ** 18n),
  })
  .superRefine((env, ctx) => {
    if (env.IPFS_LISTEN && env.IPFS_API_URL) {
      ctx.addIssue({
        code: "custom",
        path: ["IPFS_LISTEN"],
        message: "is for the embedded Helia node; with IPFS_API_URL, set Kubo's own Addresses.Swarm instead",
      });
    }
    if (env.IPFS_LISTEN && !env.IPFS_PEERS) {
      ctx.addIssue({
        code: "custom",
        path: ["IPFS_PEERS"],
        message: "is required when IPFS_LISTEN is set: the node accepts connections from its configured peers only",
      });
    }
    if (env.NODE_ORGANIZATIONS && !env.RPC_URL) {
      ctx.addIssue({
        code: "custom",
        path: ["NODE_ORGANIZATIONS"],
        message:
          "is for a node on a configured chain (RPC_URL); the embedded demo (npm start) serves every organization",
      });
    }
    if (env.HOSTED_ORGANIZATIONS && !env.RPC_URL) {
      ctx.addIssue({
        code: "custom",
        path: ["HOSTED_ORGANIZATIONS"],
        message:
          "is for a node on a configured chain (RPC_URL); the embedded demo (npm start) serves every organization",
      });
    }
    if (env.HOSTED_ORGANIZATIONS && !env.NODE_ORGANIZATIONS) {
      ctx.addIssue({
        code: "custom",
        path: ["HOSTED_ORGANIZATIONS"],
        message: "needs NODE_ORGANIZATIONS (or NODE_ORGANIZATIONS=none): a node hosting others names what it signs for",
      });
    }
    const both = env.HOSTED_ORGANIZATIONS?.filter((o) => env.NODE_ORGANIZATIONS?.includes(o)) ?? [];
    if (both.length) {
      ctx.addIssue({
        code: "custom",
        path: ["HOSTED_ORGANIZATIONS"],
        message: `names ${both.join(", ")}, which NODE_ORGANIZATIONS names too: a node signs for an organization or hosts it, not both`,
      });
    }
    if (env.RPC_URL) {
      for (const key of [
        "PARTY_REGISTRY_ADDRESS",
        "BILL_OF_LADING_ADDRESS",
        "IMPORT_RELEASE_ADDRESS",
        "EQUIPMENT_INTERCHANGE_ADDRESS",
        "OPERATOR_PRIVATE_KEY",
        "KEYSTORE_PASSWORD",
      ]) {
        // A node that names the organizations it serves need not be the operator's node.
        if (key === "OPERATOR_PRIVATE_KEY" && env.NODE_ORGANIZATIONS) continue;
        if (!env[key as keyof typeof env]) {
          ctx.addIssue({ code: "custom", path: [key], message: "is required when RPC_URL is set" });
        }
      }
    }
  });

/** Every environment variable the gateway reads. */
export const ENVIRONMENT_VARIABLES = Object.keys(Environment.shape);

export interface GatewayConfig {
  port: number;
  host: string;
  dataDir: string;
  /**
   * The URL people reach this node at, behind any TLS proxy: printed B/Ls link their QR code to its verify page.
   * Absent: http://HOST:PORT.
   */
  publicUrl?: string;
  /**
   * The font a printed B/L draws Chinese (and any text beyond Latin-1) with: a TTF or OTF file, or a TTC file and
   * the PostScript name of the face in it (`file.ttc#NotoSansCJKsc-Regular`); "none" for the standard fonts only.
   * Absent: the first of the usual Debian CJK fonts installed (api/billsOfLading/pdfFonts.ts).
   */
  pdfCjkFont?: string;
  /** Absent: the embedded Hardhat chain started by `npm start`. */
  chain?: {
    rpcUrl: string;
    partyRegistryAddress: string;
    billOfLadingAddress: string;
    importReleaseAddress: string;
    equipmentInterchangeAddress: string;
    /** Absent: this is not the operator's node (only with `organizations`). */
    operatorPrivateKey?: string;
  };
  keystorePassword?: string;
  /**
   * The orgIds this node signs for (NODE_ORGANIZATIONS): its keystore holds only their keys, it issues API keys and
   * sends notifications only to them. Absent: every organization it registers (the embedded demo, one node for all).
   */
  organizations?: string[];
  /**
   * The orgIds this node hosts without holding their keys (HOSTED_ORGANIZATIONS): they sign their own transactions
   * (client-side signing); the node issues their API keys and notifies them, as for its own.
   */
  hostedOrganizations?: string[];
  ipfsApiUrl?: string;
  /**
   * The other nodes of the port community whose IPFS this node's IPFS peers with. Absent: the embedded Helia node
   * runs offline (`npm start`), or Kubo keeps its own peering.
   */
  ipfsNetwork?: {
    /** Embedded Helia only: the multiaddrs it listens on. */
    listen: string[];
    /** Multiaddrs ending in /p2p/<peer id>. */
    peers: string[];
    fetchTimeoutMs: number;
  };
  maxUploadBytes: number;
  /** How often the node asks the chain for new blocks: its index follows them, and receipts are awaited, at this pace. */
  chainPollMs?: number;
  /** Ether sent to each new signing key on a chain where gas is not free. */
  signerFundingWei?: bigint;
  /**
   * Loopback, private and other special-purpose addresses webhooks may go to: all, none, or these networks.
   * Absent: none, in every mode (the embedded demo too).
   */
  webhookPrivateNetworks?: "allow" | "deny" | string[];
}

export class ConfigError extends Error {}

/** Parses the environment; throws ConfigError listing every problem, one per line. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const parsed = Environment.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, ""),
    pdfCjkFont: e.PDF_CJK_FONT,
    chain: e.RPC_URL
      ? {
          rpcUrl: e.RPC_URL,
          partyRegistryAddress: e.PARTY_REGISTRY_ADDRESS!,
          billOfLadingAddress: e.BILL_OF_LADING_ADDRESS!,
          importReleaseAddress: e.IMPORT_RELEASE_ADDRESS!,
          equipmentInterchangeAddress: e.EQUIPMENT_INTERCHANGE_ADDRESS!,
          operatorPrivateKey: e.OPERATOR_PRIVATE_KEY,
        }
      : undefined,
    keystorePassword: e.KEYSTORE_PASSWORD,
    organizations: e.NODE_ORGANIZATIONS,
    hostedOrganizations: e.HOSTED_ORGANIZATIONS,
    ipfsApiUrl: e.IPFS_API_URL,
    ipfsNetwork: e.IPFS_PEERS
      ? { listen: e.IPFS_LISTEN ?? [], peers: e.IPFS_PEERS, fetchTimeoutMs: e.IPFS_FETCH_TIMEOUT_MS }
      : undefined,
    maxUploadBytes: e.MAX_UPLOAD_BYTES,
    chainPollMs: e.CHAIN_POLL_MS,
    signerFundingWei: e.SIGNER_FUNDING_WEI,
    webhookPrivateNetworks: e.WEBHOOK_PRIVATE_NETWORKS,
  };
}
