/** Anyone, without signing in: an e-EIR checked by its reference (EIR-…) or id, as a scanned QR code opens it. */
import { useEffect, useId, useState } from "preact/hooks";
import { api, data, type InterchangeVerification } from "../api.ts";
import { GateRecords } from "./GateRecords.tsx";
import { ErrorMessage, Section } from "../components.tsx";
import { formatDateTime, t } from "../i18n.ts";

export function EirCheckPage({ reference: given }: { reference: string }) {
  const id = useId();
  const [reference, setReference] = useState(given);
  const [result, setResult] = useState<InterchangeVerification | null>(null);
  const [error, setError] = useState<unknown>(null);
  const check = async (which: string) => {
    setError(null);
    setResult(null);
    try {
      setResult(await data(api.GET("/v1/equipment-interchanges/{id}/verify", { params: { path: { id: which } } })));
    } catch (e) {
      setError(e);
    }
  };
  useEffect(() => {
    if (given) void check(given);
  }, [given]);

  return (
    <>
      <h1>{t("eir.checkTitle")}</h1>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void check(reference);
        }}
      >
        <div class="field">
          <label for={id}>{t("eir.reference")}</label>
          <input
            id={id}
            value={reference}
            autocomplete="off"
            spellcheck={false}
            placeholder="EIR-…"
            onInput={(e) => setReference((e.currentTarget as HTMLInputElement).value.trim().toUpperCase())}
          />
        </div>
        <div class="actions">
          <button type="submit" class="primary" disabled={!reference}>
            {t("eir.check")}
          </button>
        </div>
      </form>
      <ErrorMessage error={error} />
      {result ? (
        result.authentic ? (
          <Section title={`${result.reference} · ${result.container}`} id="eir">
            <p class="verdict yes" role="status">
              {t("verify.authentic")}
            </p>
            <dl class="facts">
              <dt>{t("eir.status")}</dt>
              <dd>
                {t(`eir.statuses.${result.status}`)}
                {result.overdue ? ` · ${t("eir.overdue")}` : ""}
              </dd>
              <dt>{t("eir.purpose")}</dt>
              <dd>{t(`eir.purposes.${result.purpose}`)}</dd>
              <dt>{t("gate.haulier")}</dt>
              <dd>{result.haulier?.name ?? "—"}</dd>
              <dt>{t("eir.truckPlate")}</dt>
              <dd>{result.truckPlate ?? "—"}</dd>
              <dt>{t("eir.outFacility")}</dt>
              <dd>{result.outFacility?.name ?? "—"}</dd>
              <dt>{t("eir.returnFacility")}</dt>
              <dd>{result.returnFacility?.name ?? "—"}</dd>
              <dt>{t("eir.valid")}</dt>
              <dd>
                {formatDateTime(result.validFrom)} – {formatDateTime(result.validUntil)}
              </dd>
            </dl>
            <GateRecords result={result} />
          </Section>
        ) : (
          <Section title={result.id} id="eir">
            <p class="verdict no" role="status">
              {t("eir.notAuthentic")}
            </p>
          </Section>
        )
      ) : null}
    </>
  );
}
