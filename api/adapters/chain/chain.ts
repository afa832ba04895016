/**
 * The chain adapter: the only gateway code that talks to the EVM chain. It submits transactions signed with an
 * organization's key after simulating them (so a refusal costs nothing and changes nothing), decodes the contracts'
 * custom errors, journals what it sent on the embedded chain, and reads decoded events for the index.
 */
import {
  AbiCoder,
  type EventFragment,
  type FunctionFragment,
  BrowserProvider,
  keccak256,
  Contract,
  Interface,
  JsonRpcProvider,
  Wallet,
  type Eip1193Provider,
  type Log,
  type Provider,
} from "ethers";
import { bytesToText } from "../../bytes.ts";
import type { IndexedEvent } from "../../index/eventIndex.ts";
import { loadArtifact, type ContractName } from "./artifacts.ts";
import type { Journal } from "./journal.ts";

/** A call the contract refused, with its custom error decoded. */
export class ContractRevert extends Error {
  readonly errorName: string;
  readonly errorArgs: Record<string, unknown>;
  constructor(errorName: string, errorArgs: Record<string, unknown>) {
    super(`${errorName}(${Object.values(errorArgs).map(String).join(", ")})`);
    this.errorName = errorName;
    this.errorArgs = errorArgs;
  }
}

/**
 * One decoded contract event, in chain order, in the shape the index consumes. Numbers that fit are numbers; token
 * ids and checksums are hex; short fixed-size byte strings are text.
 */
export type ChainEvent = IndexedEvent & { contract: ContractName };

export interface Submitted {
  transactionHash: string;
  blockNumber: number;
  timestamp: number;
  /**
   * The whole block's events, when the transaction is known to be alone in its block (the embedded chain mines one
   * per block), so the index can apply them without reading the log; undefined otherwise.
   */
  blockEvents?: ChainEvent[];
}

export interface ChainAddresses {
  PartyRegistry: string;
  BillOfLading: string;
  ImportRelease: string;
  EquipmentInterchange: string;
}

/** Contract interfaces, and one interface that knows every custom error either contract can raise. */
const interfaces: Record<ContractName, Interface> = {
  PartyRegistry: new Interface(loadArtifact("PartyRegistry").abi as never),
  BillOfLading: new Interface(loadArtifact("BillOfLading").abi as never),
  ImportRelease: new Interface(loadArtifact("ImportRelease").abi as never),
  EquipmentInterchange: new Interface(loadArtifact("EquipmentInterchange").abi as never),
};
/** Event fragments by topic hash and function fragments by name, computed once: ethers re-hashes them per call. */
const eventsByTopic = new Map<string, { contract: ContractName; fragment: EventFragment }>();
const functionsByName = new Map<string, FunctionFragment>();
for (const contract of Object.keys(interfaces) as ContractName[]) {
  interfaces[contract].forEachEvent((fragment) =>
    eventsByTopic.set(`${contract}:${fragment.topicHash}`, { contract, fragment }),
  );
  interfaces[contract].forEachFunction((fragment) => functionsByName.set(`${contract}:${fragment.name}`, fragment));
}

const errors = new Interface([
  ...interfaces.PartyRegistry.fragments.filter((f) => f.type === "error"),
  ...interfaces.BillOfLading.fragments.filter((f) => f.type === "error"),
  ...interfaces.ImportRelease.fragments.filter((f) => f.type === "error"),
  ...interfaces.EquipmentInterchange.fragments.filter((f) => f.type === "error"),
]);

export class Chain {
  readonly provider: Provider;
  readonly chainId: bigint;
  private addresses?: ChainAddresses;
  private byAddress?: Map<string, ContractName>;
  private readonly journal?: Journal;
  private readonly freeGas: boolean;
  private readonly nonces = new Map<string, number>();
  /** Block timestamps already seen (the block of every transaction sent, the blocks of indexed events). */
  private readonly blockTimes = new Map<number, number>();
  private queue: Promise<unknown> = Promise.resolve();
  private journaled: Promise<unknown> = Promise.resolve();

  private constructor(provider: Provider, chainId: bigint, options: { journal?: Journal; freeGas: boolean }) {
    this.provider = provider;
    this.chainId = chainId;
    this.journal = options.journal;
    this.freeGas = options.freeGas;
  }

  /** The embedded chain (an in-process Hardhat network with a zero base fee), journaled. */
  static async embedded(eip1193: Eip1193Provider, journal: Journal): Promise<Chain> {
    const provider = new BrowserProvider(eip1193, undefined, { cacheTimeout: -1, polling: false });
    const { chainId } = await provider.getNetwork();
    return new Chain(provider, chainId, { journal, freeGas: true });
  }

  /** Any EVM JSON-RPC chain, for example a Besu/QBFT network run by the port community. */
  static async remote(rpcUrl: string): Promise<Chain> {
    // Receipts are awaited by polling for new blocks: every 500 ms rather than ethers' default 4 s, as QBFT networks
    // seal a block every one to a few seconds.
    const provider = new JsonRpcProvider(rpcUrl, undefined, {
      cacheTimeout: -1,
      staticNetwork: true,
      pollingInterval: 500,
    });
    const { chainId } = await provider.getNetwork();
    const feeData = await provider.getFeeData();
    return new Chain(provider, chainId, { freeGas: (feeData.gasPrice ?? 0n) === 0n });
  }

  use(addresses: ChainAddresses): void {
    this.addresses = addresses;
    this.byAddress = undefined;
  }

  address(contract: ContractName): string {
    if (!this.addresses) throw new Error("The chain adapter has no contract addresses yet.");
    return this.addresses[contract];
  }

  /** A signing key as the adapter takes it. */
  static wallet(privateKey: string): Wallet {
    return new Wallet(privateKey);
  }

  static randomKey(): string {
    return Wallet.createRandom().privateKey;
  }

  /** The keyless title address that stands for an organization as an ERC-721 owner (see TitleAddress.sol). */
  titleAddress(org: number): string {
    const hash = keccak256(
      AbiCoder.defaultAbiCoder().encode(["address", "uint32"], [this.address("PartyRegistry"), org]),
    );
    return "0x" + hash.slice(-40);
  }

  /** Reads a view function. */
  async read(contract: ContractName, method: string, args: unknown[] = []): Promise<unknown> {
    const c = new Contract(this.address(contract), interfaces[contract], this.provider);
    try {
      return await c.getFunction(method).staticCall(...args);
    } catch (error) {
      throw this.decode(error) ?? error;
    }
  }

  /**
   * Simulates, signs, sends and waits for a transaction; throws ContractRevert (nothing sent) if it would fail.
   * `beforeSend` runs after a successful simulation and before sending: where documents are stored, so that a
   * refused request leaves nothing behind.
   */
  async submit(
    signer: Wallet,
    contract: ContractName,
    method: string,
    args: unknown[],
    beforeSend?: () => Promise<void>,
  ): Promise<Submitted> {
    const data = interfaces[contract].encodeFunctionData(functionsByName.get(`${contract}:${method}`) ?? method, args);
    return this.send(signer, { to: this.address(contract), data }, beforeSend);
  }

  /**
   * Gives a new signing key the ether it needs to pay for gas, from `funder`. Nothing on a free-gas chain (the
   * embedded one, or a Besu/QBFT network with min-gas-price 0).
   */
  async fund(funder: Wallet, address: string, amountWei: bigint): Promise<void> {
    if (this.freeGas || amountWei === 0n) return;
    await this.send(funder, { to: address, data: "0x", value: amountWei } as never);
  }

  /** Deploys a contract; returns its address. */
  async deploy(signer: Wallet, contract: ContractName, args: unknown[]): Promise<string> {
    const { bytecode } = loadArtifact(contract);
    const data = bytecode + interfaces[contract].encodeDeploy(args).slice(2);
    const submitted = await this.send(signer, { data });
    const receipt = await this.provider.getTransactionReceipt(submitted.transactionHash);
    return receipt!.contractAddress!;
  }

  private async send(
    signer: Wallet,
    tx: { to?: string; data: string; value?: bigint },
    beforeSend?: () => Promise<void>,
  ): Promise<Submitted> {
    let gasLimit: bigint;
    try {
      gasLimit = await this.provider.estimateGas({ ...tx, from: signer.address });
    } catch (error) {
      throw this.decode(error) ?? error;
    }
    await beforeSend?.();
    // One signature and broadcast at a time, so that nonces stay consecutive; waiting for the receipt is not part
    // of it, so the next transaction is on its way while this one is mined.
    const sent = this.queue.then(async () => {
      const { raw, hash } = await this.broadcast(signer, tx, (gasLimit * 12n) / 10n + 10_000n);
      const mined = this.mined(hash);
      return { hash, mined, durable: this.journal ? this.journalInOrder(raw, mined) : Promise.resolve() };
    });
    this.queue = sent.catch(() => undefined);
    const { hash, mined, durable } = await sent;
    const [{ receipt, timestamp }] = await Promise.all([mined, durable]);
    if (receipt.status !== 1) {
      // Simulation passed but the transaction failed (another one changed the state in between).
      throw new ContractRevert("TransactionFailed", { transactionHash: hash });
    }
    const submitted: Submitted = { transactionHash: hash, blockNumber: receipt.blockNumber, timestamp };
    if (this.journal) submitted.blockEvents = this.decodeLogs(receipt.logs, timestamp);
    return submitted;
  }

  /** Signs with the signer's next nonce and broadcasts; the nonce is read again from the chain after a refusal. */
  private async broadcast(signer: Wallet, tx: { to?: string; data: string; value?: bigint }, gasLimit: bigint) {
    const nonce =
      this.nonces.get(signer.address) ?? (await this.provider.getTransactionCount(signer.address, "pending"));
    const fees = this.freeGas
      ? { maxFeePerGas: 0n, maxPriorityFeePerGas: 0n }
      : await this.provider.getFeeData().then((f) => ({
          maxFeePerGas: f.maxFeePerGas ?? undefined,
          maxPriorityFeePerGas: f.maxPriorityFeePerGas ?? undefined,
        }));
    const raw = await signer.signTransaction({ ...tx, type: 2, chainId: this.chainId, nonce, gasLimit, ...fees });
    this.nonces.set(signer.address, nonce + 1);
    try {
      const hash: string = await (this.provider as JsonRpcProvider).send("eth_sendRawTransaction", [raw]);
      return { raw, hash };
    } catch (error) {
      this.nonces.delete(signer.address);
      throw this.decode(error) ?? error;
    }
  }

  /** The transaction's receipt (at once on the embedded chain, which mines as it receives) and its block's time. */
  private async mined(hash: string) {
    const receipt = (await this.provider.getTransactionReceipt(hash)) ?? (await this.provider.waitForTransaction(hash));
    return { receipt: receipt!, timestamp: await this.blockTime(receipt!.blockNumber) };
  }

  /**
   * Journals a transaction once its block's time is known, after every transaction broadcast before it: on the
   * embedded chain, which mines one block per transaction, broadcast order is chain order, the order replay needs.
   */
  private journalInOrder(raw: string, mined: Promise<{ timestamp: number }>): Promise<void> {
    const entry = this.journaled.then(() => mined).then(({ timestamp }) => this.journal!.append({ raw, timestamp }));
    this.journaled = entry.catch(() => undefined);
    return entry;
  }

  async blockNumber(): Promise<number> {
    return this.provider.getBlockNumber();
  }

  /** The decoded events of the contracts in blocks `from`..`to`, in chain order. */
  async events(from: number, to: number): Promise<ChainEvent[]> {
    const logs = await this.provider.getLogs({
      address: [...this.contractsByAddress().keys()],
      fromBlock: from,
      toBlock: to,
    });
    const out: ChainEvent[] = [];
    for (const log of logs) out.push(...this.decodeLogs([log], await this.blockTime(log.blockNumber)));
    return out;
  }

  /** Our contracts by lower-case address (empty until `use` gave the addresses, as while deploying). */
  private contractsByAddress(): Map<string, ContractName> {
    if (!this.addresses) return new Map();
    this.byAddress ??= new Map(
      (Object.keys(this.addresses) as ContractName[]).map((name) => [this.address(name).toLowerCase(), name]),
    );
    return this.byAddress;
  }

  /** Our contracts' events among `logs` (all from blocks with this timestamp), decoded. */
  private decodeLogs(logs: readonly Log[], timestamp: number): ChainEvent[] {
    const byAddress = this.contractsByAddress();
    const out: ChainEvent[] = [];
    for (const log of logs) {
      const contract = byAddress.get(log.address.toLowerCase());
      if (!contract) continue;
      const known = eventsByTopic.get(`${contract}:${log.topics[0]}`);
      if (!known) continue;
      const values = interfaces[contract].decodeEventLog(known.fragment, log.data, log.topics);
      const args: Record<string, unknown> = {};
      known.fragment.inputs.forEach((input, i) => {
        args[input.name] = plain(values[i], input.type);
      });
      out.push({
        contract,
        name: known.fragment.name,
        args,
        blockNumber: log.blockNumber,
        logIndex: log.index,
        transactionHash: log.transactionHash,
        timestamp,
      });
    }
    return out;
  }

  /** A block's timestamp, read once. */
  private async blockTime(blockNumber: number): Promise<number> {
    let time = this.blockTimes.get(blockNumber);
    if (time === undefined) {
      time = (await this.provider.getBlock(blockNumber))!.timestamp;
      if (this.blockTimes.size > 10_000) this.blockTimes.clear();
      this.blockTimes.set(blockNumber, time);
    }
    return time;
  }

  /** A B/L's token id, as `BillOfLading.tokenIdOf` computes it: keccak256(abi.encode(carrier, blNumber)). */
  static tokenIdOf(carrier: number, blNumber: string): string {
    return keccak256(AbiCoder.defaultAbiCoder().encode(["uint32", "bytes32"], [carrier, blNumber]));
  }

  /** A contract custom error in a failed call or estimate, decoded; undefined if the error is something else. */
  private decode(error: unknown): ContractRevert | undefined {
    const data = revertData(error);
    if (!data || data === "0x") return undefined;
    try {
      const parsed = errors.parseError(data);
      if (!parsed) return undefined;
      const args: Record<string, unknown> = {};
      parsed.fragment.inputs.forEach((input, i) => {
        args[input.name || `arg${i}`] = plain(parsed.args[i], input.type);
      });
      return new ContractRevert(parsed.name, args);
    } catch {
      return undefined;
    }
  }

  async close(): Promise<void> {
    await this.queue;
    this.provider.destroy?.();
  }
}

function revertData(error: unknown): string | undefined {
  let e = error as Record<string, unknown> | undefined;
  for (let depth = 0; e && depth < 6; depth++) {
    if (typeof e.data === "string" && e.data.startsWith("0x")) return e.data;
    if (e.data && typeof (e.data as Record<string, unknown>).data === "string") {
      return (e.data as Record<string, string>).data;
    }
    e = (e.error ?? e.info ?? e.cause) as Record<string, unknown> | undefined;
    if (e && (e as Record<string, unknown>).error) e = (e as Record<string, unknown>).error as Record<string, unknown>;
  }
  return undefined;
}

/** ethers values to plain JSON-friendly ones: small integers as numbers, uint256 as 0x hex, bytes32 as hex. */
function plain(value: unknown, type: string): unknown {
  // Short fixed-size byte strings are text in this project: container numbers (bytes11), truck plates (bytes16, UTF-8).
  if (typeof value === "string" && /^bytes(1[0-6]|[1-9])$/.test(type)) {
    return bytesToText(value);
  }
  if (typeof value === "bigint")
    return type === "uint256" ? "0x" + value.toString(16).padStart(64, "0") : Number(value);
  if (Array.isArray(value)) return value.map((v) => plain(v, type.replace(/\[\]$/, "")));
  return value;
}
