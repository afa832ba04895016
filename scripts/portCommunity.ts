/**
 * A whole port community of nodes on this machine (`npm run community`, the multi-node tests and
 * `npm run bench:community`): one chain as its own process (anvil, its state kept in a file across restarts), and one
 * gateway process per node, each with its own data folder, keystore, index, Helia IPFS node and port:
 *
 *   operator   the port community operator's node: registers organizations; signs for no organization, and hosts a
 *              small forwarder (an NVOCC issuing its own house B/Ls), which signs its own transactions
 *   carrier    COSCO Shipping Lines
 *   bank       Bank of Tianjin; it hosts the shipper (Suzano), which signs its own transactions (client-side signing)
 *   consignee  Tianjin Paper Import Co.
 *   terminal   the terminal, with customs and the haulier
 *
 * Every node learns its organizations' keys itself (each gateway makes them at first start and prints the signer
 * addresses); the operator registers those addresses. The shipper's and the forwarder's keys are made here, each in
 * an encrypted keystore file (the format the `paperless` command-line client keeps), and no node ever sees them. Each node's IPFS peers only with
 * the others, on 127.0.0.1.
 *
 * This launcher keeps what a real community keeps in each organization's own secret store in one file,
 * `community.json` (0600): the nodes' keystore passwords, the operator's key and the API keys each node printed once.
 * That is a convenience of a demo on one machine; docs/deployment.md describes the real layout.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { createInterface } from "node:readline";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { JsonRpcProvider, Wallet } from "ethers";
import { ENVIRONMENT_VARIABLES } from "../api/config.ts";
import { peerKeyFile } from "../api/adapters/ipfs/index.ts";
import { peerIdOf } from "../api/adapters/ipfs/peering.ts";
import { privateFolder, writePrivateFile } from "../api/adapters/secrets.ts";
import type { Role } from "../api/domain.ts";
import { DEMO_ADMIN_DELAY_SECONDS, DEMO_PARTIES, DEMO_RECOVERY_DELAY_SECONDS } from "./community.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The demo parties of `npm start`, and a forwarder without a node of its own. */
export const COMMUNITY_PARTIES: { key: string; name: string; role: Role; orgId: string }[] = [
  ...DEMO_PARTIES,
  { key: "forwarder", name: "Binhai Global Logistics (NVOCC)", role: "carrier", orgId: "91120116MA07NV0C2F" },
];

/** The nodes of the community, in the order they are listed, and the parties (COMMUNITY_PARTIES keys) each serves. */
export const COMMUNITY_NODES = [
  { name: "operator", signsFor: [], hosts: ["forwarder"] },
  { name: "carrier", signsFor: ["carrier"], hosts: [] },
  { name: "bank", signsFor: ["bank"], hosts: ["shipper"] },
  { name: "consignee", signsFor: ["consignee"], hosts: [] },
  { name: "terminal", signsFor: ["terminal", "customs", "haulier"], hosts: [] },
] as const satisfies readonly { name: string; signsFor: readonly string[]; hosts: readonly string[] }[];

export type NodeName = (typeof COMMUNITY_NODES)[number]["name"];

/** The organizations whose key is kept on the user's machine, not on any node (client-side signing). */
const CLIENT_SIGNED = ["shipper", "forwarder"] as const;

/** anvil's first development account (from its public default mnemonic): it funds the operator once. */
const ANVIL_FUNDER_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
const OPERATOR_FUNDING_WEI = 10n ** 21n;

/** How often each node of the community asks the chain for new blocks (CHAIN_POLL_MS). */
export const CHAIN_POLL_MS = 100;

/** How often anvil writes its state file: a `kill -9` of the chain process loses at most this much. */
export const CHAIN_STATE_INTERVAL_SECONDS = 1;

export interface CommunityOrganization {
  /** COMMUNITY_PARTIES key: carrier, shipper, bank, consignee, terminal, customs, haulier, forwarder. */
  key: string;
  orgId: string;
  name: string;
  role: Role;
  apiKey: string;
  /** Its signing key's address: held by its node, or (client-signed) by its own keystore file. */
  signer: string;
}

/** The key file of an organization that signs its own transactions: an Ethereum JSON keystore (scrypt). */
export interface ClientKey {
  address: string;
  keystoreFile: string;
  password: string;
}

/** What the launcher keeps between starts (`community.json`, 0600). */
interface CommunityState {
  operatorKey: string;
  addresses: { PartyRegistry: string; BillOfLading: string; ImportRelease: string; EquipmentInterchange: string };
  operatorApiKey: string;
  keystorePasswords: Record<string, string>;
  organizations: CommunityOrganization[];
  clientKeys: Record<string, ClientKey>;
  /** Each node's URL and the chain's, as of the latest start (for scripts such as the README's walk-through). */
  urls?: Record<NodeName | "chain", string>;
}

export interface CommunityPorts {
  chain: number;
  /** By node name: its HTTP port, and its IPFS (libp2p TCP) port. */
  nodes: Record<NodeName, { http: number; ipfs: number }>;
}

/** The default ports of `npm run community`: the chain on 4545, nodes on 4000–4004, their IPFS on 4100–4104. */
export function defaultPorts(base = 4000): CommunityPorts {
  const nodes = {} as CommunityPorts["nodes"];
  COMMUNITY_NODES.forEach((n, i) => (nodes[n.name] = { http: base + i, ipfs: base + 100 + i }));
  return { chain: base + 545, nodes };
}

/** A child process whose output lines are kept and, optionally, logged with its name. */
class Child {
  readonly process: ChildProcess;
  readonly lines: string[] = [];
  readonly exited: Promise<number | null>;
  readonly name: string;
  private waiters: { test: (line: string) => boolean; resolve: (line: string) => void }[] = [];

  constructor(name: string, command: string, args: string[], env: NodeJS.ProcessEnv, log?: (line: string) => void) {
    this.name = name;
    this.process = spawn(command, args, { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    for (const stream of [this.process.stdout!, this.process.stderr!]) {
      createInterface({ input: stream }).on("line", (line) => {
        this.lines.push(line);
        log?.(`[${name}] ${line}`);
        this.waiters = this.waiters.filter((w) => !(w.test(line) && (w.resolve(line), true)));
      });
    }
    this.exited = new Promise((resolve) => this.process.once("exit", (code) => resolve(code)));
  }

  /** The first output line that passes `test` (already printed or still to come); rejects if the process ends first. */
  line(test: (line: string) => boolean, what: string): Promise<string> {
    const seen = this.lines.find(test);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      this.waiters.push({ test, resolve });
      void this.exited.then((code) =>
        reject(new Error(`${this.name} stopped (exit ${code}) before ${what}:\n${this.lines.slice(-20).join("\n")}`)),
      );
    });
  }

  /**
   * Stops the process with `signal` and waits for it to end. With `graceMs`, it was signalled already (Ctrl-C reaches
   * the terminal's whole process group): it gets that long to end on its own before `signal` is sent.
   */
  async stop(signal: NodeJS.Signals = "SIGTERM", graceMs = 0): Promise<void> {
    const ended = () => this.process.exitCode !== null || this.process.signalCode !== null;
    if (ended()) return;
    if (graceMs > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.exited, new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
      clearTimeout(timer);
      if (ended()) return;
    }
    this.process.kill(signal);
    await this.exited;
  }
}

/** The anvil binary npm installed (its platform package), started directly so that signals reach it. */
function anvilBinary(): string {
  const require = createRequire(import.meta.url);
  const arch = process.arch === "x64" ? "amd64" : process.arch;
  try {
    return path.join(
      path.dirname(require.resolve(`@foundry-rs/anvil-${process.platform}-${arch}/package.json`)),
      "bin",
      "anvil",
    );
  } catch {
    throw new Error(`anvil has no binary for ${process.platform}-${arch}: run the community on linux or macOS.`);
  }
}

/** The chain: anvil on 127.0.0.1, its state loaded from and written to `stateFile`. */
export class ChainProcess {
  private child?: Child;
  readonly url: string;
  readonly port: number;
  readonly stateFile: string;
  private readonly log?: (line: string) => void;

  constructor(port: number, stateFile: string, log?: (line: string) => void) {
    this.port = port;
    this.stateFile = stateFile;
    this.log = log;
    this.url = `http://127.0.0.1:${port}`;
  }

  get pid(): number | undefined {
    return this.child?.process.pid;
  }

  /** Resolves with the exit code when the chain process ends, for whatever reason. */
  get exited(): Promise<number | null> {
    return this.child?.exited ?? Promise.resolve(null);
  }

  async start(): Promise<void> {
    const args = ["--host", "127.0.0.1", "--port", String(this.port), "--state", this.stateFile];
    // No --preserve-historical-states: the nodes read logs and the latest state only, and keeping every block's state made
    // each one-second write of the file longer, stalling the chain (raw p99 3.6 s in bench:community, 2026-12-01).
    args.push("--state-interval", String(CHAIN_STATE_INTERVAL_SECONDS));
    this.child = new Child("chain", anvilBinary(), args, process.env, this.log);
    await this.child.line((l) => l.startsWith("Listening on"), "listening");
  }

  /** Stops the chain cleanly: anvil writes its state file on the way out. */
  async stop(graceMs = 0): Promise<void> {
    await this.child?.stop("SIGINT", graceMs);
  }

  /** Kills the chain process at once (SIGKILL), as a crash would: what it had not written yet is lost. */
  async kill(): Promise<void> {
    await this.child?.stop("SIGKILL");
  }
}

/** One gateway process of the community. */
export class CommunityNode {
  private child?: Child;
  readonly url: string;
  readonly name: NodeName;
  readonly dataDir: string;
  readonly ports: { http: number; ipfs: number };
  peerId = "";
  private readonly env: () => NodeJS.ProcessEnv;
  private readonly log?: (line: string) => void;

  constructor(
    name: NodeName,
    dataDir: string,
    ports: { http: number; ipfs: number },
    env: () => NodeJS.ProcessEnv,
    log?: (line: string) => void,
  ) {
    this.name = name;
    this.dataDir = dataDir;
    this.ports = ports;
    this.env = env;
    this.log = log;
    this.url = `http://127.0.0.1:${ports.http}`;
  }

  get ipfsAddress(): string {
    return `/ip4/127.0.0.1/tcp/${this.ports.ipfs}/p2p/${this.peerId}`;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.process.exitCode === null && this.child.process.signalCode === null;
  }

  /** Its IPFS peer id, from the key file it keeps in its data folder (made now if missing). */
  async preparePeerId(): Promise<void> {
    this.peerId = await peerIdOf(peerKeyFile(this.dataDir));
  }

  /** Starts the gateway and waits until it listens; returns what it printed on the way. */
  async start(): Promise<string[]> {
    this.child = new Child(
      this.name,
      process.execPath,
      ["--max-semi-space-size=64", "api/server.ts"],
      this.env(),
      this.log,
    );
    await this.child.line((l) => l.startsWith("Paperless Port gateway on "), "it listened");
    return [...this.child.lines];
  }

  /** Stops the gateway cleanly (SIGTERM). */
  async stop(graceMs = 0): Promise<void> {
    await this.child?.stop("SIGTERM", graceMs);
  }

  /** The block up to which this node has indexed the chain (GET /health). */
  async indexedBlock(): Promise<number> {
    const res = await fetch(`${this.url}/health`);
    const body = (await res.json()) as { index: { block: number } };
    return body.index.block;
  }
}

export interface PortCommunityOptions {
  /** Where the chain's state, each node's data folder and `community.json` live (kept across starts). */
  dataDir: string;
  ports?: CommunityPorts;
  /** Each process's output lines, prefixed with its name. */
  log?: (line: string) => void;
}

export interface PortCommunity {
  chain: ChainProcess;
  nodes: Record<NodeName, CommunityNode>;
  /** The organizations by COMMUNITY_PARTIES key, with their API keys on their nodes and their signers. */
  organizations: Record<string, CommunityOrganization>;
  /** The node that serves each organization (COMMUNITY_PARTIES key → node). */
  nodeOf: Record<string, CommunityNode>;
  operatorApiKey: string;
  /** The keys of organizations that sign their own transactions, by COMMUNITY_PARTIES key (shipper, forwarder). */
  clientKeys: Record<string, ClientKey>;
  addresses: CommunityState["addresses"];
  /** Whether this start set the community up (deployed, registered), or found it in `dataDir`. */
  created: boolean;
  /** Resolves once every running node has indexed the chain's current head. */
  synced(): Promise<number>;
  /**
   * Stops every node, then the chain (which writes its state). `interrupted`: Ctrl-C reached every process already
   * (the terminal signals its whole foreground group), so each gets a few seconds to end on its own first.
   */
  stop(options?: { interrupted?: boolean }): Promise<void>;
}

const stateFileOf = (dataDir: string) => path.join(dataDir, "community.json");

/** Starts (or, from `dataDir`, starts again) the whole community; stops whatever it started if anything fails. */
export async function startPortCommunity(options: PortCommunityOptions): Promise<PortCommunity> {
  const dataDir = path.resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  privateFolder(dataDir);
  const ports = options.ports ?? defaultPorts();
  const chain = new ChainProcess(ports.chain, path.join(dataDir, "chain-state.json"), options.log);
  const nodes = {} as Record<NodeName, CommunityNode>;
  const stopAll = async ({ interrupted = false } = {}) => {
    const graceMs = interrupted ? 5000 : 0;
    await Promise.all(Object.values(nodes).map((n) => n.stop(graceMs)));
    await chain.stop(graceMs);
  };
  try {
    await chain.start();
    const provider = new JsonRpcProvider(chain.url, undefined, { cacheTimeout: -1, staticNetwork: true });
    const stateFile = stateFileOf(dataDir);
    let state: CommunityState | undefined = existsSync(stateFile)
      ? (JSON.parse(readFileSync(stateFile, "utf8")) as CommunityState)
      : undefined;
    if (state && (await provider.getCode(state.addresses.PartyRegistry)) === "0x") {
      throw new Error(
        `The chain in ${chain.stateFile} has no PartyRegistry at ${state.addresses.PartyRegistry}: its state was ` +
          `lost (the chain process was killed before it wrote it). Delete ${dataDir} to start a new community.`,
      );
    }
    const created = state === undefined;
    const operatorKey = state?.operatorKey ?? Wallet.createRandom().privateKey;
    const addresses = state?.addresses ?? (await deployContracts(provider, chain.url, operatorKey));
    const keystorePasswords =
      state?.keystorePasswords ??
      Object.fromEntries(COMMUNITY_NODES.map((n) => [n.name, randomBytes(18).toString("base64url")]));
    provider.destroy();

    const partyOf = (key: string) => COMMUNITY_PARTIES.find((p) => p.key === key)!;
    const peers = () => Object.values(nodes);
    for (const spec of COMMUNITY_NODES) {
      const node: CommunityNode = new CommunityNode(
        spec.name,
        path.join(dataDir, "nodes", spec.name),
        ports.nodes[spec.name],
        () => ({
          ...withoutGatewaySettings(process.env),
          PORT: String(node.ports.http),
          HOST: "127.0.0.1",
          DATA_DIR: node.dataDir,
          RPC_URL: chain.url,
          PARTY_REGISTRY_ADDRESS: addresses.PartyRegistry,
          BILL_OF_LADING_ADDRESS: addresses.BillOfLading,
          IMPORT_RELEASE_ADDRESS: addresses.ImportRelease,
          EQUIPMENT_INTERCHANGE_ADDRESS: addresses.EquipmentInterchange,
          KEYSTORE_PASSWORD: keystorePasswords[spec.name],
          NODE_ORGANIZATIONS: spec.signsFor.length ? spec.signsFor.map((k) => partyOf(k).orgId).join(",") : "none",
          ...(spec.hosts.length ? { HOSTED_ORGANIZATIONS: spec.hosts.map((k) => partyOf(k).orgId).join(",") } : {}),
          ...(spec.name === "operator" ? { OPERATOR_PRIVATE_KEY: operatorKey } : {}),
          // anvil mines each transaction as it arrives: the nodes look for new blocks every 100 ms, not 500.
          CHAIN_POLL_MS: String(CHAIN_POLL_MS),
          IPFS_LISTEN: `/ip4/127.0.0.1/tcp/${node.ports.ipfs}`,
          IPFS_PEERS: peers()
            .filter((p) => p !== node)
            .map((p) => p.ipfsAddress)
            .join(","),
        }),
        options.log,
      );
      nodes[spec.name] = node;
    }
    await Promise.all(peers().map((n) => n.preparePeerId()));
    const printed = Object.fromEntries(
      await Promise.all(peers().map(async (n) => [n.name, await n.start()] as const)),
    ) as Record<NodeName, string[]>;

    if (!state) {
      state = await registerCommunity(dataDir, nodes, printed, {
        operatorKey,
        addresses,
        keystorePasswords,
      });
    }
    state.urls = {
      chain: chain.url,
      ...(Object.fromEntries(peers().map((n) => [n.name, n.url])) as Record<NodeName, string>),
    };
    writePrivateFile(stateFile, JSON.stringify(state, null, 2) + "\n");
    const community = communityOf(state, chain, nodes, created, stopAll);
    await community.synced();
    return community;
  } catch (error) {
    await stopAll();
    throw error;
  }
}

function communityOf(
  state: CommunityState,
  chain: ChainProcess,
  nodes: Record<NodeName, CommunityNode>,
  created: boolean,
  stop: PortCommunity["stop"],
): PortCommunity {
  const organizations = Object.fromEntries(state.organizations.map((o) => [o.key, o]));
  const nodeOf: Record<string, CommunityNode> = {};
  for (const spec of COMMUNITY_NODES) {
    for (const key of [...spec.signsFor, ...spec.hosts]) nodeOf[key] = nodes[spec.name];
  }
  return {
    chain,
    nodes,
    organizations,
    nodeOf,
    operatorApiKey: state.operatorApiKey,
    clientKeys: state.clientKeys,
    addresses: state.addresses,
    created,
    async synced() {
      const provider = new JsonRpcProvider(chain.url, undefined, { cacheTimeout: -1, staticNetwork: true });
      const head = await provider.getBlockNumber();
      provider.destroy();
      for (const node of Object.values(nodes).filter((n) => n.running)) {
        while ((await node.indexedBlock()) < head) await new Promise((r) => setTimeout(r, 20));
      }
      return head;
    },
    stop,
  };
}

/** The caller's environment without any gateway setting, so that each node gets only what the launcher gives it. */
function withoutGatewaySettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out = { ...env };
  for (const key of ENVIRONMENT_VARIABLES) delete out[key];
  return out;
}

/** Funds a new operator from anvil's development account and deploys the contracts with `scripts/deploy.ts`. */
async function deployContracts(
  provider: JsonRpcProvider,
  rpcUrl: string,
  operatorKey: string,
): Promise<CommunityState["addresses"]> {
  const funder = new Wallet(ANVIL_FUNDER_KEY, provider);
  const operator = new Wallet(operatorKey);
  await (await funder.sendTransaction({ to: operator.address, value: OPERATOR_FUNDING_WEI })).wait();
  const deploy = new Child(
    "deploy",
    process.execPath,
    ["scripts/deploy.ts"],
    {
      ...withoutGatewaySettings(process.env),
      RPC_URL: rpcUrl,
      OPERATOR_PRIVATE_KEY: operatorKey,
      ADMIN_DELAY_SECONDS: String(DEMO_ADMIN_DELAY_SECONDS),
      RECOVERY_DELAY_SECONDS: String(DEMO_RECOVERY_DELAY_SECONDS),
    },
    undefined,
  );
  const code = await deploy.exited;
  const json = deploy.lines.find((l) => l.startsWith("{"));
  if (code !== 0 || !json) throw new Error(`The contracts were not deployed:\n${deploy.lines.join("\n")}`);
  return JSON.parse(json) as CommunityState["addresses"];
}

/** The line a gateway prints at first start for an organization (see api/server.ts), or the operator's API key. */
function printedValue(lines: string[], pattern: RegExp, what: string): string {
  for (const line of lines) {
    const match = pattern.exec(line);
    if (match) return match[1];
  }
  throw new Error(
    `The node did not print ${what} (it prints it at its first start only: if an earlier first start failed ` +
      `part-way, delete the community's folder and start again):\n${lines.join("\n")}`,
  );
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * First start: the own key files of the organizations that sign client-side; the operator registers every organization with the signer its node made
 * (or the organization's own address) through the operator's node; everything is kept in `community.json`.
 */
async function registerCommunity(
  dataDir: string,
  nodes: Record<NodeName, CommunityNode>,
  printed: Record<NodeName, string[]>,
  base: Pick<CommunityState, "operatorKey" | "addresses" | "keystorePasswords">,
): Promise<CommunityState> {
  const operatorApiKey = printedValue(printed.operator, /^Operator API key \(shown once[^)]*\): (\S+)$/, "its API key");
  const clientKeys: Record<string, ClientKey> = {};
  for (const key of CLIENT_SIGNED) clientKeys[key] = await makeClientKey(path.join(dataDir, "clients", key));

  const organizations: CommunityOrganization[] = [];
  for (const spec of COMMUNITY_NODES) {
    for (const key of [...spec.signsFor, ...spec.hosts]) {
      const party = COMMUNITY_PARTIES.find((p) => p.key === key)!;
      const lines = printed[spec.name];
      const id = escape(party.orgId);
      const signer =
        clientKeys[key]?.address ??
        printedValue(lines, new RegExp(`^Organization ${id}: signs with (0x[0-9a-fA-F]{40})`), `${key}'s signer`);
      const apiKey = printedValue(
        lines,
        new RegExp(`^ {2}API key of ${id} \\(shown once[^)]*\\): (\\S+)$`),
        "an API key",
      );
      organizations.push({ key, orgId: party.orgId, name: party.name, role: party.role, apiKey, signer });
    }
  }
  for (const o of organizations) {
    const res = await fetch(`${nodes.operator.url}/v1/organizations`, {
      method: "POST",
      headers: { authorization: `Bearer ${operatorApiKey}`, "content-type": "application/json" },
      body: JSON.stringify({
        orgId: o.orgId,
        name: o.name,
        roles: [o.role],
        creditTier: "aeoAdvanced",
        signer: o.signer,
      }),
    });
    if (res.status !== 201) throw new Error(`Registering ${o.name} failed: ${res.status} ${await res.text()}`);
  }
  return { ...base, operatorApiKey, organizations, clientKeys };
}

/** A new key in an encrypted keystore file (scrypt), and its password beside it: the organization's own machine. */
async function makeClientKey(folder: string): Promise<ClientKey> {
  privateFolder(folder);
  const wallet = Wallet.createRandom();
  const password = randomBytes(18).toString("base64url");
  // The `paperless` client's layout: PAPERLESS_HOME=<folder> signs with it.
  const keystoreFile = path.join(folder, "keystore.json");
  writePrivateFile(keystoreFile, await wallet.encrypt(password));
  return { address: wallet.address, keystoreFile, password };
}
