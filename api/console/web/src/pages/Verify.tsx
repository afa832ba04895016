/**
 * Anyone, without signing in: is this transport document (or checksum, or scanned QR code) an authentic, current
 * B/L, and whose is it?
 */
import { useEffect, useId, useState } from "preact/hooks";
import { api, data, type Verification } from "../api.ts";
import { ErrorMessage, FileDrop, Section } from "../components.tsx";
import { t } from "../i18n.ts";
import { QrScan } from "../QrScan.tsx";

const CHECKSUM = /^0x[0-9a-fA-F]{64}$/;

/** `checksum`: one given in the address (a printed B/L's QR code opens "#/verify/<checksum>"), verified at once. */
export function VerifyPage({ checksum: given = "" }: { checksum?: string }) {
  const id = useId();
  const [checksum, setChecksum] = useState(given);
  const [result, setResult] = useState<Verification | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [fileError, setFileError] = useState<string | null>(null);

  const show = async (call: Promise<Verification>) => {
    setError(null);
    setResult(null);
    try {
      setResult(await call);
    } catch (e) {
      setError(e);
    }
  };

  const verifyChecksum = (documentChecksum: string) =>
    void show(data(api.GET("/v1/verify/{documentChecksum}", { params: { path: { documentChecksum } } })));
  useEffect(() => {
    setChecksum(given);
    if (CHECKSUM.test(given)) verifyChecksum(given);
  }, [given]);

  return (
    <>
      <h1>{t("verify.title")}</h1>
      <p>{t("verify.intro")}</p>
      <FileDrop
        label={t("verify.file")}
        onText={(text, name) => {
          let transportDocument: Record<string, unknown>;
          try {
            transportDocument = JSON.parse(text) as Record<string, unknown>;
          } catch {
            setResult(null);
            return setFileError(t("common.fileNotJson", { name }));
          }
          setFileError(null);
          void show(data(api.POST("/v1/verify", { body: { transportDocument } })));
        }}
      />
      {fileError ? (
        <p class="error" role="alert">
          {fileError}
        </p>
      ) : null}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void show(
            data(api.GET("/v1/verify/{documentChecksum}", { params: { path: { documentChecksum: checksum } } })),
          );
        }}
      >
        <div class="field">
          <label for={id}>{t("verify.checksum")}</label>
          <input
            id={id}
            value={checksum}
            spellcheck={false}
            autocomplete="off"
            aria-invalid={checksum !== "" && !CHECKSUM.test(checksum)}
            onInput={(e) => setChecksum((e.currentTarget as HTMLInputElement).value.trim())}
          />
          {checksum !== "" && !CHECKSUM.test(checksum) ? (
            <span class="hint bad">{t("verify.checksumInvalid")}</span>
          ) : null}
        </div>
        <div class="actions">
          <button type="submit" class="primary" disabled={!CHECKSUM.test(checksum)}>
            {t("verify.submitChecksum")}
          </button>
        </div>
      </form>
      <Section title={t("qr.title")} id="scan">
        <QrScan onSame={() => verifyChecksum(given)} />
      </Section>
      <ErrorMessage error={error} />
      {result ? <VerificationView v={result} /> : null}
    </>
  );
}

function VerificationView({ v }: { v: Verification }) {
  if (!v.authentic) {
    return (
      <Section title={t("verify.title")} id="verification">
        <p class="verdict no" role="status">
          {t("verify.notAuthentic")}
        </p>
        <p class="mono">{v.documentChecksum}</p>
      </Section>
    );
  }
  return (
    <Section title={`${t("bl.number")} ${v.blNumber}`} id="verification">
      <p class="verdict yes" role="status">
        {t("verify.authentic")}
      </p>
      <dl class="facts">
        <dt>{t("verify.current")}</dt>
        <dd>
          {v.current
            ? t("common.yes")
            : t("verify.notCurrent", { version: v.version, currentVersion: v.currentVersion })}
        </dd>
        <dt>{t("bl.state")}</dt>
        <dd>{t(`bl.states.${v.state}`)}</dd>
        <dt>{t("verify.issuer")}</dt>
        <dd>{v.carrier ? `${v.carrier.name} (${v.carrier.orgId})` : "—"}</dd>
        <dt>{t("verify.controller")}</dt>
        <dd>{v.controlledBy ? `${v.controlledBy.name} (${v.controlledBy.orgId})` : "—"}</dd>
        <dt>{t("bl.checksum")}</dt>
        <dd class="mono">{v.documentChecksum}</dd>
      </dl>
    </Section>
  );
}
