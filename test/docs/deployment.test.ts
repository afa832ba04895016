/**
 * The production layout in docs/deployment/ cannot run here (no Docker engine), so this checks what can be checked
 * without it: every gateway setting in the compose file and its env templates is one the gateway reads and passes its
 * configuration check once the placeholders are filled in, every organization is served by exactly one node, each
 * node's IPFS peers only with the others' and is private, and the chain is a free-gas QBFT chain the contracts run on.
 */
import { expect } from "chai";
import { readFileSync } from "node:fs";
import path from "node:path";
import { generateKeyPair } from "@libp2p/crypto/keys";
import { peerIdFromPrivateKey } from "@libp2p/peer-id";
import { parse } from "yaml";
import { ENVIRONMENT_VARIABLES, loadConfig } from "../../api/config.ts";
import { DEMO_PARTIES } from "../../scripts/community.ts";

const DIR = path.join(import.meta.dirname, "../../docs/deployment");
const read = (file: string) => readFileSync(path.join(DIR, file), "utf8");
const readRepo = (file: string) => readFileSync(path.join(DIR, "../..", file), "utf8");

interface Service {
  environment?: Record<string, string | number>;
  env_file?: string[];
  network_mode?: string;
  volumes?: string[];
  secrets?: string[];
}
interface Compose {
  "x-port-community": {
    organizations: { orgId: string; name: string; node: string; signs?: "client-side" }[];
    validators: string[];
  };
  services: Record<string, Service>;
}

const composeText = read("compose.yaml");
// Compose resolves YAML anchors and `<<` merge keys; so does this parse.
const compose = parse(composeText, { merge: true }) as Compose;
const services = Object.entries(compose.services);
const gateways = services.filter(([name]) => name.startsWith("gateway-"));
const kubos = services.filter(([name]) => name.startsWith("kubo-"));
const besus = services.filter(([name]) => name.startsWith("besu-"));

/** An env file as Compose reads it: `NAME=value` lines; also the names of the commented-out `# NAME=…` examples. */
function envFile(text: string): { values: Record<string, string>; commented: string[] } {
  const values: Record<string, string> = {};
  const commented: string[] = [];
  for (const line of text.split("\n")) {
    const example = /^#\s*([A-Z][A-Z0-9_]*)=/.exec(line);
    if (example) commented.push(example[1]);
    if (line.trim() === "" || line.startsWith("#")) continue;
    const at = line.indexOf("=");
    expect(at, `not a NAME=value line: ${line}`).to.be.greaterThan(0);
    values[line.slice(0, at)] = line.slice(at + 1);
  }
  return { values, commented };
}

/** A gateway service's environment: its env files (their committed templates, `<file>.example`), then `environment`. */
function gatewayEnvironment(service: Service) {
  const values: Record<string, string> = {};
  const commented: string[] = [];
  for (const file of service.env_file ?? []) {
    const template = envFile(read(`${file}.example`));
    Object.assign(values, template.values);
    commented.push(...template.commented);
  }
  for (const [name, value] of Object.entries(service.environment ?? {})) values[name] = String(value);
  return { values, commented };
}

/** The template's `<…>` placeholders filled in with values of the right form, as the setup steps fill them. */
function filledIn(values: Record<string, string>, peerId: string): Record<string, string> {
  const sample = (name: string, placeholder: string): string => {
    if (placeholder.includes("peer id")) return peerId;
    if (name === "KEYSTORE_PASSWORD") return "a long password from the secret store";
    if (name === "OPERATOR_PRIVATE_KEY") return "0x" + "11".repeat(32);
    if (name.endsWith("_ADDRESS")) return "0x" + "22".repeat(20);
    throw new Error(`no sample value for ${name}'s placeholder ${placeholder}`);
  };
  return Object.fromEntries(
    Object.entries(values).map(([name, value]) => [name, value.replace(/<[^>]*>/g, (p) => sample(name, p))]),
  );
}

/** The host names in a list of `/dns4/<host>/tcp/<port>…` multiaddrs. */
const hostsOf = (addresses: string[]) => addresses.map((a) => /^\/dns4\/([^/]+)\//.exec(a)?.[1] ?? a).sort();

/** The organization a service belongs to: `gateway-bank` → `bank`. */
const organizationOf = (serviceName: string) => serviceName.slice(serviceName.indexOf("-") + 1);

describe("docs/deployment: the production layout (compose.yaml, not run here)", () => {
  let peerId: string;
  before(async () => {
    peerId = peerIdFromPrivateKey(await generateKeyPair("Ed25519")).toString();
  });

  it("when the compose file is read, then its first line says it is not run on this machine", () => {
    expect(composeText.split("\n")[0]).to.match(/^# NOT RUN ON THIS MACHINE\./);
    expect(gateways.map(([name]) => name)).to.have.lengthOf(6);
  });

  it("when a gateway is given a variable, in compose.yaml or its env templates, then the gateway reads it", () => {
    // Quoted: YAML reads 911200001030626290 as a number, and a number that large loses its last digits.
    for (const [name, service] of services) {
      for (const [variable, value] of Object.entries(service.environment ?? {})) {
        expect(typeof value, `${name}: ${variable}`).to.equal("string");
      }
    }
    for (const [name, service] of gateways) {
      const { values, commented } = gatewayEnvironment(service);
      for (const variable of [...Object.keys(values), ...commented]) {
        expect(ENVIRONMENT_VARIABLES, `${name}: ${variable}`).to.include(variable);
      }
    }
  });

  it("when each gateway's placeholders are filled in, then its environment passes the gateway's configuration check", () => {
    const operatorNodes: string[] = [];
    for (const [name, service] of gateways) {
      const { values } = gatewayEnvironment(service);
      const config = loadConfig(filledIn(values, peerId));
      expect(config.chain, name).to.not.equal(undefined);
      expect(config.organizations, name).to.have.lengthOf.at.least(1);
      // Its own Kubo, reached on loopback in the namespace it shares (its RPC API listens nowhere else).
      expect(service.network_mode, name).to.equal(`service:kubo-${organizationOf(name)}`);
      expect(config.ipfsApiUrl, name).to.equal("http://127.0.0.1:5001");
      expect(config.host, name).to.equal("127.0.0.1");
      expect(config.signerFundingWei, name).to.equal(0n);
      // Its own chain node: the RPC address the organization's Besu listens on.
      const besu = compose.services[`besu-${organizationOf(name)}`];
      expect(config.chain!.rpcUrl, name).to.equal(`http://${besu.environment!.BESU_RPC_HTTP_HOST}:8545`);
      if (config.chain!.operatorPrivateKey) operatorNodes.push(name);
    }
    expect(operatorNodes).to.deep.equal(["gateway-portauthority"]);
  });

  it("when the templates are read, then every secret in them is a placeholder, never a value", () => {
    for (const [name, service] of gateways) {
      for (const file of service.env_file ?? []) {
        const { values } = envFile(read(`${file}.example`));
        for (const secret of ["KEYSTORE_PASSWORD", "OPERATOR_PRIVATE_KEY"].filter((s) => s in values)) {
          expect(values[secret], `${name}: ${file}.example ${secret}`).to.match(/^<[^>]+>$/);
        }
      }
      expect(JSON.stringify(service.environment), name).to.not.match(/KEYSTORE_PASSWORD|PRIVATE_KEY/);
    }
  });

  it("when the community is listed, then each organization is served by exactly one gateway", () => {
    const { organizations } = compose["x-port-community"];
    const servedBy = new Map<string, string[]>();
    const hosted = new Set<string>();
    for (const [name, service] of gateways) {
      const signsFor = String(service.environment!.NODE_ORGANIZATIONS).split(",");
      const hosts = service.environment!.HOSTED_ORGANIZATIONS
        ? String(service.environment!.HOSTED_ORGANIZATIONS).split(",")
        : [];
      for (const orgId of [...signsFor, ...hosts]) servedBy.set(orgId, [...(servedBy.get(orgId) ?? []), name]);
      for (const orgId of hosts) hosted.add(orgId);
    }
    for (const organization of organizations) {
      expect(servedBy.get(organization.orgId), organization.name).to.deep.equal([organization.node]);
    }
    expect([...servedBy.keys()].sort()).to.deep.equal(organizations.map((o) => o.orgId).sort());
    // A small organization that signs client-side is hosted (no key on the node), and only those are.
    expect(
      organizations.filter((o) => o.signs === "client-side").map((o) => o.orgId),
      "HOSTED_ORGANIZATIONS",
    ).to.deep.equal([...hosted]);
    // It signs client-side through a node that signs for its own organization too (the bank's, the terminal's).
    for (const organization of organizations.filter((o) => o.signs === "client-side")) {
      expect(
        organizations.filter((o) => o.node === organization.node && !o.signs),
        organization.name,
      ).to.not.be.empty;
    }
    // The walk-through's parties are all in the production community.
    for (const party of DEMO_PARTIES) {
      expect(
        organizations.map((o) => o.orgId),
        party.name,
      ).to.include(party.orgId);
    }
  });

  it("when a node's IPFS peers are read, then they are the other organizations' Kubo nodes, in the gateway and in Kubo", () => {
    const allKubos = kubos.map(([name]) => name);
    for (const [name, service] of gateways) {
      const organization = organizationOf(name);
      const others = allKubos.filter((k) => k !== `kubo-${organization}`).sort();
      const { values } = gatewayEnvironment(service);
      expect(hostsOf(values.IPFS_PEERS.split(",")), name).to.deep.equal(others);
      const peering = JSON.parse(read(`kubo/peering/${organization}.json.example`)) as {
        ID: string;
        Addrs: string[];
      }[];
      expect(hostsOf(peering.flatMap((p) => p.Addrs)), `kubo/peering/${organization}.json`).to.deep.equal(others);
    }
  });

  it("when the Kubo nodes start, then they are private: swarm key forced, no bootstrap, no mDNS, no routing, no relays", () => {
    for (const [name, service] of kubos) {
      expect(service.environment, name).to.include({ LIBP2P_FORCE_PNET: "1" });
      expect(service.secrets, name).to.include("swarm_key");
      expect(service.volumes, name).to.include("./kubo/001-private-swarm.sh:/container-init.d/001-private-swarm.sh:ro");
      expect(service.volumes, name).to.include(`./kubo/peering/${organizationOf(name)}.json:/peering.json:ro`);
    }
    // The script's `ipfs config [--json] <key> <value>` lines, as the values they set.
    const settings = new Map<string, unknown>();
    for (const line of read("kubo/001-private-swarm.sh").split("\n")) {
      const m = /^ipfs config (--json )?(\S+) (.+)$/.exec(line);
      if (!m) continue;
      const text = m[3].replace(/^'(.*)'$/, "$1");
      settings.set(m[2], m[1] && !text.startsWith('"$(') ? JSON.parse(text) : text);
    }
    expect(settings.get("Bootstrap")).to.deep.equal([]);
    expect(settings.get("AutoConf.Enabled")).to.equal(false);
    expect(settings.get("Discovery.MDNS.Enabled")).to.equal(false);
    expect(settings.get("Routing.Type")).to.equal("none");
    expect(settings.get("Routing.DelegatedRouters")).to.deep.equal([]);
    expect(settings.get("Swarm.RelayClient.Enabled")).to.equal(false);
    expect(settings.get("Swarm.RelayService.Enabled")).to.equal(false);
    expect(settings.get("Swarm.Transports.Network.Relay")).to.equal(false);
    expect(settings.get("Swarm.DisableNatPortMap")).to.equal(true);
    expect(settings.get("AutoNAT.ServiceMode")).to.equal("disabled");
    expect(settings.get("Addresses.API")).to.deep.equal(["/ip4/127.0.0.1/tcp/5001"]);
    expect(settings.get("Peering.Peers")).to.equal('"$(cat /peering.json)"');
  });

  it("when the genesis is read, then the chain is QBFT with free gas and the EVM version the contracts are compiled for", () => {
    const { genesis, blockchain } = JSON.parse(read("besu/qbftConfigFile.json"));
    expect(genesis.config.qbft).to.have.all.keys("blockperiodseconds", "epochlength", "requesttimeoutseconds");
    expect(genesis.config.zeroBaseFee).to.equal(true);
    expect(genesis.config.londonBlock).to.equal(0);
    const evmVersion = /evmVersion: "(\w+)"/.exec(readRepo("hardhat.config.ts"))![1];
    if (evmVersion === "cancun") expect(genesis.config).to.include({ shanghaiTime: 0, cancunTime: 0 });
    // Four validators, one key each in the genesis: one may fail (n = 3f + 1).
    const { validators } = compose["x-port-community"];
    expect(validators).to.have.lengthOf(4);
    expect(blockchain.nodes.count).to.equal(validators.length);
    for (const validator of validators) expect(besus.map(([name]) => name)).to.include(validator);
    // Every node takes zero-price transactions, and lets the index read the log in the gateway's ranges.
    const catchUpRange = Number(
      /CATCH_UP_RANGE = ([\d_]+)/.exec(readRepo("api/chainIndex/follower.ts"))![1].replaceAll("_", ""),
    );
    for (const [name, service] of besus) {
      expect(service.environment!.BESU_MIN_GAS_PRICE, name).to.equal("0");
      expect(Number(service.environment!.BESU_RPC_MAX_LOGS_RANGE), name).to.be.at.least(catchUpRange);
    }
  });
});
