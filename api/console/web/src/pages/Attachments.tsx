/**
 * A B/L's attachments: the list, each one saved as a file under its own name, and uploads by drag and drop or the
 * file picker, with what the file is. The gateway checks the bytes are what their type says and links them on chain.
 */
import { useEffect, useId, useState } from "preact/hooks";
import type { operations } from "../../../../client/index.ts";
import { api, data, type BillOfLading } from "../api.ts";
import { ErrorMessage } from "../components.tsx";
import { formatDateTime, t } from "../i18n.ts";
import "./Carrier.css";

type Attachment = operations["listAttachments"]["responses"][200]["content"]["application/json"]["items"][number];
type ApiKind = NonNullable<operations["uploadAttachment"]["parameters"]["query"]["kind"]>;

/** The API's kinds (its enum), in the order a trade clerk attaches them. */
const KINDS = [
  "invoice",
  "packingList",
  "certificateOfOrigin",
  "inspectionCertificate",
  "insuranceCertificate",
  "photo",
  "other",
] as const satisfies readonly ApiKind[];
type Kind = (typeof KINDS)[number];

const size = (bytes: number) =>
  bytes < 1024
    ? `${bytes} B`
    : bytes < 1048576
      ? `${(bytes / 1024).toFixed(1)} KB`
      : `${(bytes / 1048576).toFixed(1)} MB`;

export function Attachments({ bl }: { bl: BillOfLading }) {
  const ids = { kind: useId(), file: useId() };
  const [items, setItems] = useState<Attachment[] | null>(null);
  const [kind, setKind] = useState<Kind>("invoice");
  const [over, setOver] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const path = { blNumber: bl.blNumber };
  const carrier = bl.carrier?.orgId;

  useEffect(() => {
    data(api.GET("/v1/bills-of-lading/{blNumber}/attachments", { params: { path, query: { carrier } } })).then(
      (r) => setItems(r.items),
      setError,
    );
  }, [bl.blNumber, reload]);

  const upload = async (file: File | undefined) => {
    if (!file) return;
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const stored = (await data(
        api.POST("/v1/bills-of-lading/{blNumber}/attachments", {
          params: { path, query: { fileName: file.name, kind, carrier } },
          // The raw bytes, with the file's own type: the gateway checks the one against the other.
          body: file as unknown as string,
          bodySerializer: (body: unknown) => body as BodyInit,
          headers: { "Content-Type": file.type || "application/octet-stream" },
        }),
      )) as Attachment;
      setNotice(t("attachments.uploaded", { name: stored.fileName, reference: stored.reference }));
      setReload((n) => n + 1);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const query = carrier ? `?carrier=${encodeURIComponent(carrier)}` : "";
  return (
    <div class="attachments">
      {items === null ? (
        <p>{t("common.loading")}</p>
      ) : items.length === 0 ? (
        <p>{t("attachments.none")}</p>
      ) : (
        <ul class="attachment-list">
          {items.map((a) => (
            <li key={a.attachmentId}>
              {/* A plain link with `download`: the browser saves the file, under its name (the session cookie goes). */}
              <a
                href={`/v1/bills-of-lading/${encodeURIComponent(bl.blNumber)}/attachments/${a.reference}${query}`}
                download={a.fileName}
              >
                {t("attachments.download", { name: a.fileName })}
              </a>
              <span class="hint">
                {t(`attachments.kinds.${a.kind}`, { defaultValue: a.kind })} · {size(a.size)} ·{" "}
                {a.uploadedBy?.name ?? "—"} · <time dateTime={a.uploadedAt}>{formatDateTime(a.uploadedAt)}</time>
              </span>
            </li>
          ))}
        </ul>
      )}
      <div class="field">
        <label for={ids.kind}>{t("attachments.kind")}</label>
        <select
          id={ids.kind}
          value={kind}
          onChange={(e) => setKind((e.currentTarget as HTMLSelectElement).value as Kind)}
        >
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`attachments.kinds.${k}`)}
            </option>
          ))}
        </select>
      </div>
      <div
        class={over ? "drop over" : "drop"}
        data-testid="attachment-drop"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          void upload(e.dataTransfer?.files[0]);
        }}
      >
        <label for={ids.file}>{t("attachments.file")}</label>
        <input
          id={ids.file}
          type="file"
          disabled={busy}
          onChange={(e) => void upload((e.currentTarget as HTMLInputElement).files?.[0])}
        />
        <span class="hint">{busy ? t("attachments.uploading") : t("attachments.dropHint")}</span>
      </div>
      {notice ? (
        <p class="notice" role="status">
          {notice}
        </p>
      ) : null}
      <ErrorMessage error={error} />
    </div>
  );
}
