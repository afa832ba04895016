/**
 * Amending a B/L surrendered for amendment (the only state the contract amends in): the current transport document,
 * to edit here or replace with a file, sent as the next version. The B/L number stays; the gateway validates the rest.
 */
import { useEffect, useId, useState } from "preact/hooks";
import { api, data, type BillOfLading } from "../api.ts";
import { FileDrop } from "../components.tsx";
import { t } from "../i18n.ts";
import { ProblemDetails } from "../ProblemDetails.tsx";

export function AmendForm({
  bl,
  onDone,
  onCancel,
}: {
  bl: BillOfLading;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const id = useId();
  const [text, setText] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const params = { path: { blNumber: bl.blNumber }, query: { carrier: bl.carrier?.orgId } };

  useEffect(() => {
    data(api.GET("/v1/bills-of-lading/{blNumber}", { params })).then(
      (current) => setText(JSON.stringify(current.transportDocument, null, 2)),
      setError,
    );
  }, [bl.blNumber, bl.version]);

  const submit = async () => {
    let transportDocument: Record<string, unknown>;
    try {
      transportDocument = JSON.parse(text ?? "") as Record<string, unknown>;
      setLocalError(null);
    } catch (e) {
      return setLocalError(t("amend.notJson", { reason: (e as Error).message }));
    }
    setBusy(true);
    setError(null);
    try {
      const amended = (await data(
        api.POST("/v1/bills-of-lading/{blNumber}/amend", { params, body: { transportDocument } }),
      )) as BillOfLading;
      onDone(t("amend.done", { blNumber: amended.blNumber, version: amended.version }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      class="action-form amend"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <p class="hint">{t("amend.intro", { version: bl.version + 1 })}</p>
      <FileDrop
        label={t("amend.file")}
        onText={(content, name) => {
          try {
            setText(JSON.stringify(JSON.parse(content), null, 2));
            setLocalError(null);
          } catch {
            setLocalError(t("common.fileNotJson", { name }));
          }
        }}
      />
      <div class="field">
        <label for={id}>{t("amend.document")}</label>
        <textarea
          id={id}
          class="mono"
          rows={12}
          spellcheck={false}
          value={text ?? ""}
          disabled={text === null}
          onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)}
        />
      </div>
      {localError ? (
        <p class="error" role="alert">
          {localError}
        </p>
      ) : null}
      <div class="actions">
        <button type="submit" class="primary" disabled={busy || text === null}>
          {t("amend.submit", { version: bl.version + 1 })}
        </button>
        <button type="button" onClick={onCancel}>
          {t("common.cancel")}
        </button>
      </div>
      <ProblemDetails error={error} />
    </form>
  );
}
