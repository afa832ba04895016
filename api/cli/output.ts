/** What the command-line client prints, and the exit codes it ends with. */

/** The exit codes, as `paperless --help` lists them. */
export const EXIT = {
  ok: 0,
  /** The node refused the request (4xx): its problem says why; nothing was changed. */
  refused: 1,
  /** Bad usage or bad local input (options, a file that is not JSON, a bad manifest). */
  usage: 2,
  /** The node cannot be reached, failed (5xx), or answered a transaction this client will not sign. */
  node: 3,
  /** The keystore: none kept, a wrong password, a file that cannot be read or written. */
  keystore: 4,
  /** verify: the document is not authentic (no B/L on the chain has its checksum). */
  notAuthentic: 5,
} as const;

export const EXIT_CODES_HELP = `
Exit codes:
  0  done
  1  refused by the node (4xx): its problem's detail is printed; nothing was changed
  2  bad usage or bad local input (an option, a file that is not JSON, a bad manifest)
  3  node unreachable, failing (5xx), or answering a transaction this client will not sign
  4  keystore problem: no key kept, wrong password, file unreadable or not writable
  5  verify only: the document is not authentic

Environment:
  PAPERLESS_NODE               the node's URL (--node)
  PAPERLESS_API_KEY            the organization's API key on that node (--api-key)
  PAPERLESS_HOME               where the keystore is kept (default ~/.paperless)
  PAPERLESS_KEYSTORE_PASSWORD  the keystore's password, for scripts (otherwise asked on the terminal)
  PAPERLESS_CONTRACTS          optional comma-separated contract addresses a transaction may call`;

/** An RFC 9457 problem as the node answers it. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: { pointer: string; message: string }[];
  [extra: string]: unknown;
}

/** A failure the command ends with: its exit code, and the problem it prints. */
export class CliError extends Error {
  readonly exitCode: number;
  readonly problem: Problem;

  constructor(exitCode: number, title: string, detail: string, problem?: Problem) {
    super(detail);
    this.exitCode = exitCode;
    this.problem = problem ?? { title, detail };
  }
}

/** Prints a failure: the problem's title, detail and field errors on stderr; with --json, the problem on stdout. */
export function printFailure(error: CliError, json: boolean): void {
  const { title, status, detail, errors } = error.problem;
  const head = [title, status ? `(${status})` : ""].filter(Boolean).join(" ");
  process.stderr.write(`paperless: ${head}${head && detail ? ": " : ""}${detail ?? ""}\n`);
  for (const e of errors ?? []) process.stderr.write(`  ${e.pointer || "/"}: ${e.message}\n`);
  if (json) process.stdout.write(`${JSON.stringify({ ...error.problem, exitCode: error.exitCode })}\n`);
}

/** Prints a command's result: one JSON object with --json, the human lines otherwise. */
export function printResult(json: boolean, body: unknown, lines: () => string[]): void {
  if (json) process.stdout.write(`${JSON.stringify(body ?? {})}\n`);
  else for (const line of lines()) process.stdout.write(`${line}\n`);
}
