#!/usr/bin/env node
/**
 * `paperless`: the command-line client of a Paperless Port node, for an organization that keeps its own key. It
 * talks to any node over the documented HTTP API only, and signs every write locally (client-side signing): the
 * node never sees the key.
 */
import path from "node:path";
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import cliProgress from "cli-progress";
import { Command, CommanderError, Option } from "commander";
import type { Wallet } from "ethers";
import { readBatch, readTransportDocument } from "./files.ts";
import { importKey, keyAddress, keystoreFile, newKey, unlock } from "./keystore.ts";
import { Node } from "./node.ts";
import { CliError, EXIT, EXIT_CODES_HELP, printFailure, printResult, type Problem } from "./output.ts";

interface GlobalOptions {
  node: string;
  apiKey?: string;
  json?: boolean;
}

interface Party {
  orgId: string;
  name: string;
}

interface BillOfLading {
  blNumber: string;
  blType: string;
  state: string;
  version: number;
  carrier: Party | null;
  holder: Party | null;
  endorsee: Party | null;
  blankEndorsed: boolean;
  consignee: Party | null;
  surrenderKind: string;
  allowedActions: string[];
  transactionHash?: string;
}

const party = (p: Party | null) => (p ? `${p.name} (${p.orgId})` : "-");

/** One B/L in a line or two, as a clerk reads it. */
function blLines(bl: BillOfLading): string[] {
  const endorsee = bl.blankEndorsed ? ", endorsed in blank" : bl.endorsee ? `, endorsee ${party(bl.endorsee)}` : "";
  const surrender = bl.state === "surrenderPending" ? ` (for ${bl.surrenderKind})` : "";
  const lines = [
    `${bl.blNumber}: ${bl.state}${surrender}, version ${bl.version}, held by ${party(bl.holder)}${endorsee}`,
  ];
  if (bl.transactionHash) lines.push(`  transaction ${bl.transactionHash}`);
  return lines;
}

const program = new Command("paperless");

/** The command's global options: node URL, API key, --json. */
const globals = (command: Command) => command.optsWithGlobals<GlobalOptions>();
const nodeOf = (options: GlobalOptions) =>
  new Node(
    options.node,
    options.apiKey,
    (process.env.PAPERLESS_CONTRACTS ?? "")
      .split(",")
      .map((a) => a.trim())
      .filter(Boolean),
  );

/** A write of this organization, signed locally: the key is unlocked first, so a wrong password sends nothing. */
async function signedWrite(
  command: Command,
  method: "post" | "delete",
  route: Parameters<Node["write"]>[1],
  options: Parameters<Node["write"]>[2],
): Promise<unknown> {
  const wallet: Wallet = await unlock();
  return (await nodeOf(globals(command)).write(method, route, options, wallet)).body;
}

/** Runs a command's action; its failure is printed and sets the exit code. */
function run<A extends unknown[]>(action: (...args: A) => Promise<void>) {
  return async (...args: A) => {
    const command = args[args.length - 1] as Command;
    try {
      await action(...args);
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      printFailure(error, !!globals(command).json);
      process.exitCode = error.exitCode;
    }
  };
}

program
  .description(
    "The command-line client of a Paperless Port node, for an organization that keeps its own key: it signs every " +
      "write on this machine (client-side signing) and talks to the node over its HTTP API only.",
  )
  .addOption(new Option("--node <url>", "the node's URL").env("PAPERLESS_NODE").default("http://127.0.0.1:3000"))
  .addOption(new Option("--api-key <key>", "the organization's API key on that node").env("PAPERLESS_API_KEY"))
  .option("--json", "print one JSON object on stdout: the node's response, or the problem")
  .version(JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")).version)
  .addHelpText("after", EXIT_CODES_HELP)
  .exitOverride()
  .configureOutput({ outputError: (text, write) => write(`paperless: ${text.replace(/^error: /, "")}`) });

// --- The key -------------------------------------------------------------------------------------------------------

const key = program.command("key").description("the organization's key on this machine, and its signers on the node");

key
  .command("new")
  .description("make a new key, kept encrypted in $PAPERLESS_HOME; prints the signer address for the operator")
  .option(
    "--light-kdf",
    "encrypt with a cheap scrypt cost (2^12 instead of 2^17): unlocks in milliseconds, but a stolen file is far " +
      "easier to crack. For test and throw-away keys only",
  )
  .action(
    run(async (options: { lightKdf?: boolean }, command: Command) => {
      const address = await newKey({ lightKdf: !!options.lightKdf });
      printResult(!!globals(command).json, { address, keystore: keystoreFile() }, () => [
        address,
        `Kept in ${keystoreFile()}. Give this signer address to the operator to register your organization.`,
      ]);
    }),
  );

key
  .command("import")
  .argument("[file]", "a JSON keystore, or a file with a hex private key; '-' or none: read from stdin")
  .description("keep an existing key: a JSON keystore (same password) or a hex private key (encrypted here)")
  .option("--light-kdf", "for a hex private key: a cheap scrypt cost, for test keys only (see 'key new')")
  .action(
    run(async (file: string | undefined, options: { lightKdf?: boolean }, command: Command) => {
      const text = !file || file === "-" ? await readStdin() : await readFile(file, "utf8").catch(notReadable(file));
      const address = await importKey(text, { lightKdf: !!options.lightKdf });
      printResult(!!globals(command).json, { address, keystore: keystoreFile() }, () => [address]);
    }),
  );

key
  .command("address")
  .description("print the kept key's signer address (no password needed)")
  .action(
    run(async (_options: object, command: Command) => {
      const address = await keyAddress();
      printResult(!!globals(command).json, { address, keystore: keystoreFile() }, () => [address]);
    }),
  );

/** The caller's organization on the node. */
async function me(command: Command): Promise<{ orgId: string; name: string; signers: string[]; keyThreshold: number }> {
  return (await nodeOf(globals(command)).read("/v1/me")) as never;
}

const signerLines = (org: { name: string; signers: string[]; keyThreshold: number }) => [
  `${org.name}: ${org.signers.length} signer(s), ${org.keyThreshold} needed to change them`,
  ...org.signers.map((s) => `  ${s}`),
];

key
  .command("add")
  .argument("<address>", "the new signer's address (e.g. from 'paperless key address' on another machine)")
  .description("add a signer to your organization, signed with this key (with a threshold above 1: one approval)")
  .action(
    run(async (address: string, _options: object, command: Command) => {
      const { orgId } = await me(command);
      const org = await signedWrite(command, "post", "/v1/organizations/{orgId}/signers", {
        path: { orgId },
        body: { signer: address },
      });
      printResult(!!globals(command).json, org, () => signerLines(org as never));
    }),
  );

key
  .command("remove")
  .argument("<address>", "the signer to remove")
  .description("remove a signer of your organization, signed with this key (its key threshold of signers stays)")
  .action(
    run(async (address: string, _options: object, command: Command) => {
      const { orgId } = await me(command);
      const org = await signedWrite(command, "delete", "/v1/organizations/{orgId}/signers/{signer}", {
        path: { orgId, signer: address },
      });
      printResult(!!globals(command).json, org, () => signerLines(org as never));
    }),
  );

program
  .command("me")
  .description("your organization on the node: its roles and signers, and whether the kept key is one")
  .action(
    run(async (_options: object, command: Command) => {
      const org = await me(command);
      const local = await keyAddress().catch(() => undefined);
      const mine = local && org.signers.some((s) => s.toLowerCase() === local.toLowerCase());
      printResult(!!globals(command).json, org, () => [
        ...signerLines(org),
        local ? `This machine's key ${local} is ${mine ? "one of them" : "NOT one of them"}.` : "No key is kept here.",
      ]);
    }),
  );

// --- The B/L life cycle --------------------------------------------------------------------------------------------

const carrierOption = () =>
  new Option("--carrier <orgId>", "the issuing carrier, when B/Ls of two carriers share a number");

program
  .command("issue")
  .argument("<file>", "a DCSA eBL 3.0.3 transport document (JSON)")
  .description("issue a B/L from a DCSA transport document (a carrier)")
  .requiredOption("--issue-to <orgId>", "the first holder, normally the shipper")
  .option("--consignee <orgId>", "the named consignee (straight B/L, sea waybill)")
  .action(
    run(async (file: string, options: { issueTo: string; consignee?: string }, command: Command) => {
      const transportDocument = await readTransportDocument(file);
      const bl = await signedWrite(command, "post", "/v1/bills-of-lading", {
        body: { transportDocument, issueTo: options.issueTo, consignee: options.consignee },
      });
      printResult(!!globals(command).json, bl, () => blLines(bl as BillOfLading));
    }),
  );

program
  .command("issue-batch")
  .argument("<source>", "a folder of DCSA transport documents (*.json), or a manifest file (see below)")
  .description("issue many B/Ls, one transaction each, with a progress bar on stderr (a carrier)")
  .option("--issue-to <orgId>", "the first holder of every B/L the manifest or folder does not give one")
  .option("--consignee <orgId>", "the named consignee of every B/L the manifest does not give one")
  .addHelpText(
    "after",
    `
A manifest is a JSON file; each file is relative to it, and each entry's issueTo and consignee default to the
manifest's, which default to --issue-to and --consignee:
  { "issueTo": "<orgId>",
    "billsOfLading": [ { "file": "bl-001.json" }, { "file": "bl-002.json", "issueTo": "<orgId>" } ] }
Every file is read before anything is sent. A B/L the node refuses is reported and the others go on; the command
then exits 1. No bar is drawn when stderr is not a terminal, or with --json.`,
  )
  .action(
    run(async (source: string, options: { issueTo?: string; consignee?: string }, command: Command) => {
      const { json } = globals(command);
      const entries = await readBatch(source, options);
      const documents = await Promise.all(entries.map((e) => readTransportDocument(e.file)));
      const wallet = await unlock();
      const node = nodeOf(globals(command));
      const bar =
        !json && process.stderr.isTTY
          ? new cliProgress.SingleBar(
              { stream: process.stderr, format: "issuing [{bar}] {value}/{total} {file}", hideCursor: true },
              cliProgress.Presets.legacy,
            )
          : undefined;
      bar?.start(entries.length, 0, { file: "" });
      const items: { file: string; blNumber?: string; transactionHash?: string; problem?: Problem }[] = [];
      try {
        for (const [i, entry] of entries.entries()) {
          const file = path.basename(entry.file);
          bar?.update(i, { file });
          try {
            const reply = await node.write(
              "post",
              "/v1/bills-of-lading",
              { body: { transportDocument: documents[i], issueTo: entry.issueTo, consignee: entry.consignee } },
              wallet,
            );
            const bl = reply.body as BillOfLading;
            items.push({ file: entry.file, blNumber: bl.blNumber, transactionHash: bl.transactionHash });
          } catch (error) {
            if (!(error instanceof CliError) || error.exitCode !== EXIT.refused) throw error;
            items.push({ file: entry.file, problem: error.problem });
          }
          bar?.update(i + 1, { file });
        }
      } finally {
        bar?.stop();
      }
      const refused = items.filter((i) => i.problem).length;
      printResult(!!json, { items, issued: items.length - refused, refused }, () => [
        ...items.map((i) =>
          i.problem
            ? `${i.file}: refused: ${i.problem.detail ?? i.problem.title}`
            : `${i.file}: issued ${i.blNumber} (${i.transactionHash})`,
        ),
        `${items.length - refused} issued, ${refused} refused`,
      ]);
      if (refused) process.exitCode = EXIT.refused;
    }),
  );

/** The B/L actions: `paperless <action> <blNumber>`, each the route `POST /v1/bills-of-lading/{blNumber}/<action>`. */
const ACTIONS: { name: string; alias?: string; description: string; to?: boolean; kind?: boolean }[] = [
  { name: "endorse", to: true, description: "endorse the to-order B/L to a named endorsee, without delivering it" },
  { name: "transfer", to: true, description: "transfer possession (a straight B/L only to its consignee)" },
  { name: "endorse-and-deliver", to: true, description: "endorse the B/L to a named endorsee and deliver it" },
  { name: "blank-endorse", description: "endorse the to-order B/L in blank (the endorsee in possession)" },
  {
    name: "reject-transfer",
    alias: "reject",
    description: "send back the B/L just received: holder and endorsement are restored",
  },
  { name: "surrender", kind: true, description: "surrender the B/L to its carrier" },
  { name: "accept-surrender", description: "accept the pending surrender (the issuing carrier)" },
  { name: "reject-surrender", description: "reject the pending surrender: the B/L is active again (the carrier)" },
];

for (const spec of ACTIONS) {
  const command = program
    .command(spec.name)
    .argument("<blNumber>", "the B/L number")
    .description(spec.description)
    .addOption(carrierOption());
  if (spec.alias) command.alias(spec.alias);
  if (spec.to) command.requiredOption("--to <orgId>", "the recipient's orgId");
  if (spec.kind) {
    command.addOption(
      new Option("--kind <kind>", "what the surrender is for")
        .choices(["delivery", "amendment", "paper"])
        .default("delivery"),
    );
  }
  command.action(
    run(async (blNumber: string, options: { to?: string; kind?: string; carrier?: string }, cmd: Command) => {
      const body = spec.to ? { to: options.to } : spec.kind ? { kind: options.kind } : {};
      const bl = await signedWrite(cmd, "post", `/v1/bills-of-lading/{blNumber}/${spec.name}` as never, {
        path: { blNumber },
        query: { carrier: options.carrier },
        body,
      });
      printResult(!!globals(cmd).json, bl, () => blLines(bl as BillOfLading));
    }),
  );
}

program
  .command("amend")
  .argument("<blNumber>", "the B/L number, surrendered for amendment")
  .argument("<file>", "the amended DCSA transport document (JSON)")
  .description("amend a B/L surrendered for amendment with a new transport document (the issuing carrier)")
  .addOption(carrierOption())
  .action(
    run(async (blNumber: string, file: string, options: { carrier?: string }, command: Command) => {
      const transportDocument = await readTransportDocument(file);
      const bl = await signedWrite(command, "post", "/v1/bills-of-lading/{blNumber}/amend", {
        path: { blNumber },
        query: { carrier: options.carrier },
        body: { transportDocument },
      });
      printResult(!!globals(command).json, bl, () => blLines(bl as BillOfLading));
    }),
  );

interface ChainEntry {
  actionCode: string;
  actionDateTime: string;
  actor: Party | null;
  recipient: Party | null;
  transactionHash: string;
}

program
  .command("show")
  .argument("<blNumber>", "the B/L number")
  .description("show a B/L: its state, parties, what you may do next, and its endorsement chain")
  .addOption(carrierOption())
  .action(
    run(async (blNumber: string, options: { carrier?: string }, command: Command) => {
      const node = nodeOf(globals(command));
      const request = { path: { blNumber }, query: { carrier: options.carrier } };
      const [bl, chain] = (await Promise.all([
        node.read("/v1/bills-of-lading/{blNumber}", request),
        node.read("/v1/bills-of-lading/{blNumber}/endorsement-chain", request),
      ])) as [BillOfLading, { endorsementChain: ChainEntry[]; versions: unknown[] }];
      printResult(!!globals(command).json, { billOfLading: bl, ...chain }, () => [
        ...blLines(bl),
        `  type ${bl.blType}, carrier ${party(bl.carrier)}${bl.consignee ? `, consignee ${party(bl.consignee)}` : ""}`,
        `  you may: ${bl.allowedActions.join(", ") || "nothing"}`,
        "Endorsement chain:",
        ...chain.endorsementChain.map(
          (e) =>
            `  ${e.actionDateTime}  ${e.actionCode}  ${party(e.actor)}${e.recipient ? ` -> ${party(e.recipient)}` : ""}`,
        ),
      ]);
    }),
  );

interface Verification {
  authentic: boolean;
  current?: boolean;
  version?: number;
  currentVersion?: number;
  blNumber?: string;
  state?: string;
  carrier?: Party | null;
  controlledBy?: Party | null;
  documentChecksum: string;
}

program
  .command("verify")
  .argument("<file>", "a DCSA transport document (JSON), or its checksum (0x + 64 hex digits)")
  .description(
    "verify a transport document against the chain: authentic, current, issuer, who controls it (exit 5: not authentic)",
  )
  .action(
    run(async (file: string, _options: object, command: Command) => {
      const body = /^0x[0-9a-fA-F]{64}$/.test(file)
        ? { documentChecksum: file }
        : { transportDocument: await readTransportDocument(file) };
      const reply = await nodeOf(globals(command)).request("post", "/v1/verify", { body });
      if (reply.status >= 400) {
        const problem = reply.body as Problem;
        throw new CliError(EXIT.refused, problem.title ?? "Refused", problem.detail ?? "", problem);
      }
      const v = reply.body as Verification;
      printResult(!!globals(command).json, v, () =>
        v.authentic
          ? [
              `authentic: B/L ${v.blNumber}, version ${v.version}${v.current ? " (current)" : ` (superseded: the current version is ${v.currentVersion})`}, ${v.state}`,
              `  issued by ${party(v.carrier ?? null)}, controlled by ${party(v.controlledBy ?? null)}`,
            ]
          : [`NOT authentic: no B/L on the chain has this document (checksum ${v.documentChecksum})`],
      );
      if (!v.authentic) process.exitCode = EXIT.notAuthentic;
    }),
  );

// --- Helpers and the run --------------------------------------------------------------------------------------------

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

const notReadable = (file: string) => (error: NodeJS.ErrnoException) => {
  throw new CliError(EXIT.usage, "Bad local input", `${file} cannot be read: ${error.code ?? error.message}.`);
};

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (!(error instanceof CommanderError)) throw error;
  // --help and --version end well; any other commander error (help shown for a missing command too) is bad usage.
  process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
}
