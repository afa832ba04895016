/**
 * Batch issue, as `paperless issue-batch` does it: a folder or several DCSA JSON files, or a manifest
 * ({ issueTo, consignee, billsOfLading: [{ file, issueTo?, consignee? } | { transportDocument, … }] }, the files it
 * names dropped with it). One transaction per B/L, so a refused one stops nothing: each row says what became of it.
 */
import { useId, useState } from "preact/hooks";
import { api, data, type BillOfLading } from "../api.ts";
import { PartyPicker } from "../components.tsx";
import { t } from "../i18n.ts";
import { ProblemDetails } from "../ProblemDetails.tsx";

type Document = Record<string, unknown>;

interface Row {
  name: string;
  document?: Document;
  issueTo?: string;
  consignee?: string;
  /** Known before anything is sent: the file is not JSON, or the manifest names a file not dropped. */
  localError?: string;
  status: "waiting" | "issuing" | "issued" | "refused";
  blNumber?: string;
  problem?: unknown;
}

interface Dropped {
  name: string;
  text: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const baseName = (path: string) => path.split(/[\\/]/).pop() ?? path;
const text = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);

/** The B/Ls the dropped files describe, in order: the manifest's entries if one was dropped, else every file by name. */
export function batchRows(files: Dropped[]): Row[] {
  const parsed = files.map((f) => {
    try {
      return { ...f, json: JSON.parse(f.text) as unknown };
    } catch {
      return { ...f, json: undefined, bad: true };
    }
  });
  const manifest = parsed.find((p) => isObject(p.json) && Array.isArray(p.json.billsOfLading));
  if (!manifest) {
    return parsed
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((p) =>
        isObject(p.json)
          ? { name: p.name, document: p.json, status: "waiting" }
          : { name: p.name, status: "waiting", localError: t("batch.notDocument", { name: p.name }) },
      );
  }
  const m = manifest.json as { billsOfLading: unknown[]; issueTo?: unknown; consignee?: unknown };
  return m.billsOfLading.map((item, i): Row => {
    const entry = isObject(item) ? item : {};
    const issueTo = text(entry.issueTo) ?? text(m.issueTo);
    const consignee = text(entry.consignee) ?? text(m.consignee);
    const inline = isObject(entry.transportDocument) ? entry.transportDocument : undefined;
    const file = text(entry.file);
    const name = file ?? `${manifest.name} #${i + 1}`;
    if (inline) return { name, document: inline, issueTo, consignee, status: "waiting" };
    const found = file ? parsed.find((p) => p.name === baseName(file)) : undefined;
    if (!found) return { name, status: "waiting", localError: t("batch.missingFile", { name }) };
    if (!isObject(found.json))
      return { name, status: "waiting", localError: t("batch.notDocument", { name: found.name }) };
    return { name, document: found.json, issueTo, consignee, status: "waiting" };
  });
}

/** Every file of a dropped folder (its sub-folders too), or the dropped files themselves. */
async function droppedFiles(transfer: DataTransfer): Promise<File[]> {
  const entries = [...transfer.items].map((i) => i.webkitGetAsEntry?.()).filter((e) => !!e);
  if (!entries.some((e) => e.isDirectory)) return [...transfer.files];
  const files: File[] = [];
  const walk = async (entry: FileSystemEntry): Promise<void> => {
    if (entry.isFile) {
      files.push(await new Promise<File>((ok, fail) => (entry as FileSystemFileEntry).file(ok, fail)));
      return;
    }
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    for (;;) {
      const batch = await new Promise<FileSystemEntry[]>((ok, fail) => reader.readEntries(ok, fail));
      if (batch.length === 0) return;
      for (const e of batch) await walk(e);
    }
  };
  for (const e of entries) await walk(e);
  return files;
}

export function BatchIssue({ onDone }: { onDone: (message: string) => void }) {
  const ids = { files: useId(), folder: useId(), progress: useId() };
  const [rows, setRows] = useState<Row[]>([]);
  const [issueTo, setIssueTo] = useState({ text: "", orgId: undefined as string | undefined });
  const [consignee, setConsignee] = useState({ text: "", orgId: undefined as string | undefined });
  const [over, setOver] = useState(false);
  const [running, setRunning] = useState(false);
  const finished = rows.filter((r) => r.status === "issued" || r.status === "refused").length;
  const issued = rows.filter((r) => r.status === "issued").length;
  const needsHolder = rows.some((r) => !r.localError && !r.issueTo) && !issueTo.orgId;

  const take = async (files: File[]) => {
    const json = files.filter((f) => f.name.toLowerCase().endsWith(".json"));
    setRows(batchRows(await Promise.all(json.map(async (f) => ({ name: f.name, text: await f.text() })))));
  };

  const run = async () => {
    setRunning(true);
    let [ok, refused] = [0, 0];
    const update = (i: number, patch: Partial<Row>) =>
      setRows((old) => old.map((r, j) => (j === i ? { ...r, ...patch } : r)));
    for (const [i, row] of rows.entries()) {
      if (row.status === "issued" || row.status === "refused") continue;
      if (row.localError || !row.document) {
        update(i, { status: "refused" });
        refused++;
        continue;
      }
      update(i, { status: "issuing", problem: undefined });
      // The desk's consignee is for the B/Ls that name one (straight, sea waybill); a to-order B/L names none.
      const named = row.consignee ?? (row.document.isToOrder === true ? undefined : consignee.orgId);
      try {
        const bl = (await data(
          api.POST("/v1/bills-of-lading", {
            body: {
              transportDocument: row.document,
              issueTo: row.issueTo ?? issueTo.orgId!,
              ...(named ? { consignee: named } : {}),
            },
          }),
        )) as BillOfLading;
        update(i, { status: "issued", blNumber: bl.blNumber });
        ok++;
      } catch (e) {
        update(i, { status: "refused", problem: e });
        refused++;
      }
    }
    setRunning(false);
    onDone(t("batch.summary", { issued: ok, refused }));
  };

  return (
    <div class="batch">
      <div
        class={over ? "drop over" : "drop"}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={async (e) => {
          e.preventDefault();
          setOver(false);
          if (e.dataTransfer) await take(await droppedFiles(e.dataTransfer));
        }}
      >
        <label for={ids.files}>{t("batch.files")}</label>
        <input
          id={ids.files}
          type="file"
          multiple
          accept="application/json,.json"
          onChange={(e) => void take([...((e.currentTarget as HTMLInputElement).files ?? [])])}
        />
        <label for={ids.folder}>{t("batch.folder")}</label>
        <input
          id={ids.folder}
          type="file"
          {...{ webkitdirectory: "" }}
          onChange={(e) => void take([...((e.currentTarget as HTMLInputElement).files ?? [])])}
        />
        <span class="hint">{t("batch.hint")}</span>
      </div>
      <div class="pair">
        <PartyPicker
          label={t("carrier.issueTo")}
          value={issueTo.text}
          onChange={(text, orgId) => setIssueTo({ text, orgId })}
        />
        <PartyPicker
          label={t("carrier.consignee")}
          value={consignee.text}
          onChange={(text, orgId) => setConsignee({ text, orgId })}
        />
      </div>
      {rows.length ? (
        <>
          <div class="progress">
            <label for={ids.progress}>{t("batch.progress", { done: finished, total: rows.length })}</label>
            <progress id={ids.progress} max={rows.length} value={finished} />
            <span aria-live="polite">
              {finished === rows.length
                ? t("batch.summary", { issued, refused: rows.length - issued })
                : running
                  ? t("batch.running")
                  : ""}
            </span>
          </div>
          <table class="batch-rows">
            <thead>
              <tr>
                <th scope="col">{t("batch.file")}</th>
                <th scope="col">{t("bl.number")}</th>
                <th scope="col">{t("batch.status")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r, i) => (
                <tr key={i} data-status={r.status}>
                  <td>{r.name}</td>
                  <td>{r.blNumber ?? text(r.document?.transportDocumentReference) ?? "—"}</td>
                  <td>
                    <span class={`batch-status ${r.status}`}>{t(`batch.statuses.${r.status}`)}</span>
                    {r.localError ? <p class="error">{r.localError}</p> : null}
                    {r.problem ? <ProblemDetails error={r.problem} quiet /> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div class="actions">
            <button
              type="button"
              class="primary"
              disabled={running || needsHolder || finished === rows.length}
              onClick={() => void run()}
            >
              {t("batch.submit", { count: rows.length })}
            </button>
          </div>
        </>
      ) : null}
    </div>
  );
}
