/**
 * The carrier's documentation desk: surrenders awaiting its decision (and amendments) first, then issuing — from a
 * DCSA file, a form or a batch — delivery orders and e-EIRs.
 */
import { useState } from "preact/hooks";
import { api, data, written } from "../api.ts";
import { ErrorMessage, FileDrop, Notice, PartyPicker, Section } from "../components.tsx";
import { t } from "../i18n.ts";
import { ProblemDetails } from "../ProblemDetails.tsx";
import { BatchIssue } from "./BatchIssue.tsx";
import { BillCard } from "./billCard.tsx";
import { DeliveryOrderForm } from "./DeliveryOrder.tsx";
import { InterchangeForm } from "./InterchangeForm.tsx";
import { IssueFromForm } from "./IssueFromForm.tsx";
import "./Carrier.css";
import { useBills } from "./useBills.ts";

type Document = Record<string, unknown>;

export function CarrierPage() {
  const [reload, setReload] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const awaiting = useBills("awaiting", reload);
  const issued = useBills("issued", reload);
  const surrenders = awaiting.bills?.filter((b) => b.state === "surrenderPending");
  const awaitingIds = new Set(surrenders?.map((b) => b.tokenId));
  const done = (message: string) => {
    setNotice(message);
    setReload((n) => n + 1);
  };
  return (
    <>
      <h1>{t("carrier.title")}</h1>
      <Notice text={notice} />
      <Section title={t("carrier.surrenders")} id="surrenders">
        <ErrorMessage error={awaiting.error} />
        {surrenders === undefined ? (
          <p>{t("common.loading")}</p>
        ) : surrenders.length === 0 ? (
          <p>{t("carrier.noSurrenders")}</p>
        ) : (
          <div class="cards">
            {surrenders.map((bl) => (
              <BillCard key={bl.tokenId} bl={bl} onDone={done} />
            ))}
          </div>
        )}
      </Section>
      <Issue onDone={done} />
      <DeliveryOrderForm bills={issued.bills ?? []} />
      <InterchangeForm />
      <Section title={t("carrier.issued")} id="issued">
        <ErrorMessage error={issued.error} />
        {issued.bills === null ? (
          <p>{t("common.loading")}</p>
        ) : (
          <div class="cards">
            {issued.bills
              .filter((b) => !awaitingIds.has(b.tokenId))
              .map((bl) => (
                <BillCard key={bl.tokenId} bl={bl} onDone={done} />
              ))}
          </div>
        )}
      </Section>
    </>
  );
}

type IssueMode = "file" | "form" | "batch";

/** Issuing, three ways: one DCSA file, the form, or a batch (a folder, several files or a manifest). */
function Issue({ onDone }: { onDone: (message: string) => void }) {
  const [mode, setMode] = useState<IssueMode>("file");
  return (
    <Section title={t("carrier.issueTitle")} id="issue">
      <div class="modes" role="group" aria-label={t("carrier.issueHow")}>
        {(["file", "form", "batch"] as const).map((m) => (
          <button key={m} type="button" aria-pressed={mode === m} onClick={() => setMode(m)}>
            {t(`carrier.modes.${m}`)}
          </button>
        ))}
      </div>
      {mode === "file" ? <IssueFromFile onDone={onDone} /> : null}
      {mode === "form" ? <IssueFromForm onDone={onDone} /> : null}
      {mode === "batch" ? <BatchIssue onDone={onDone} /> : null}
    </Section>
  );
}

function IssueFromFile({ onDone }: { onDone: (message: string) => void }) {
  const [doc, setDoc] = useState<{ name: string; document: Document } | null>(null);
  const [issueTo, setIssueTo] = useState({ text: "", orgId: undefined as string | undefined });
  const [consignee, setConsignee] = useState({ text: "", orgId: undefined as string | undefined });
  const [error, setError] = useState<unknown>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // A new file field after each issue: the one before still shows the file just issued.
  const [issuedCount, setIssuedCount] = useState(0);
  const reference = doc ? String(doc.document.transportDocumentReference ?? "") : "";

  const submit = async () => {
    if (!doc) return setFileError(t("carrier.noFile"));
    setBusy(true);
    setError(null);
    try {
      const issued = written(
        await data(
          api.POST("/v1/bills-of-lading", {
            body: {
              transportDocument: doc.document,
              issueTo: issueTo.orgId!,
              ...(consignee.orgId ? { consignee: consignee.orgId } : {}),
            },
          }),
        ),
      );
      setDoc(null);
      setIssuedCount((n) => n + 1);
      onDone(t("common.done", { what: `${t("carrier.submit")} ${issued.blNumber}` }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      aria-label={t("carrier.issue")}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <FileDrop
        key={issuedCount}
        label={t("carrier.file")}
        onText={(text, name) => {
          try {
            setDoc({ name, document: JSON.parse(text) as Document });
            setFileError(null);
          } catch {
            setDoc(null);
            setFileError(t("common.fileNotJson", { name }));
          }
        }}
      />
      {doc ? <p class="hint">{t("carrier.fileChosen", { name: doc.name, blNumber: reference })}</p> : null}
      {fileError ? (
        <p class="error" role="alert">
          {fileError}
        </p>
      ) : null}
      <PartyPicker
        label={t("carrier.issueTo")}
        value={issueTo.text}
        required
        onChange={(text, orgId) => setIssueTo({ text, orgId })}
      />
      <PartyPicker
        label={t("carrier.consignee")}
        value={consignee.text}
        onChange={(text, orgId) => setConsignee({ text, orgId })}
      />
      <div class="actions">
        <button type="submit" class="primary" disabled={busy || !issueTo.orgId}>
          {t("carrier.submit")}
        </button>
      </div>
      <ProblemDetails error={error} />
    </form>
  );
}
