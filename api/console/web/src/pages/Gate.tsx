/**
 * The terminal's gate clerk: a truck is at the barrier. Type the container number (its ISO 6346 check digit is
 * checked as it is typed), pick the haulier, and see a large yes or no with every reason.
 */
import { useId, useState } from "preact/hooks";
import { api, data, type GateDecision } from "../api.ts";
import { ContainerNumberField, containerCheck, ErrorMessage, Notice, PartyPicker, Section } from "../components.tsx";
import { formatDateTime, hasTranslation, t } from "../i18n.ts";

export function GatePage() {
  const [container, setContainer] = useState("");
  const [haulier, setHaulier] = useState({ text: "", orgId: undefined as string | undefined });
  const [decision, setDecision] = useState<GateDecision | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const check = container ? containerCheck(container) : null;

  const decide = async () => {
    setBusy(true);
    setError(null);
    setDecision(null);
    try {
      setDecision(
        await data(api.GET("/v1/gate/decision", { params: { query: { container, haulier: haulier.orgId! } } })),
      );
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h1>{t("gate.title")}</h1>
      <form
        class="gate-form"
        onSubmit={(e) => {
          e.preventDefault();
          void decide();
        }}
      >
        <ContainerNumberField
          big
          value={container}
          onValue={(value) => {
            setContainer(value);
            setDecision(null);
          }}
        />
        <PartyPicker
          label={t("gate.haulier")}
          role="haulier"
          value={haulier.text}
          required
          onChange={(text, orgId) => {
            setHaulier({ text, orgId });
            setDecision(null);
          }}
        />
        <div class="actions">
          <button type="submit" class="primary big" disabled={busy || !check?.ok || !haulier.orgId}>
            {t("gate.check")}
          </button>
        </div>
      </form>
      <ErrorMessage error={error} />
      {decision ? <Decision decision={decision} onGatedOut={() => void decide()} /> : null}
      <DischargeForm />
    </>
  );
}

/** Once the answer is yes: the truck's plate, and the gate-out goes on chain (refused there unless releasable). */
function GateOutForm({ decision, onDone }: { decision: GateDecision; onDone: () => void }) {
  const id = useId();
  const [truckPlate, setPlate] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return (
    <form
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        try {
          await data(
            api.POST("/v1/gate/gate-outs", {
              body: { container: decision.container, haulier: decision.haulier.orgId, truckPlate },
            }),
          );
          onDone();
        } catch (err) {
          setError(err);
        } finally {
          setBusy(false);
        }
      }}
    >
      <div class="field">
        <label for={id}>{t("eir.truckPlate")}</label>
        <input
          id={id}
          value={truckPlate}
          required
          autocomplete="off"
          placeholder="津A12345"
          onInput={(e) => setPlate((e.currentTarget as HTMLInputElement).value.toUpperCase())}
        />
      </div>
      <div class="actions">
        <button type="submit" class="primary big" disabled={busy || !truckPlate}>
          {t("gate.gateOut")}
        </button>
      </div>
      <ErrorMessage error={error} />
    </form>
  );
}

/** The terminal records a container's discharge from the vessel under its B/L. */
function DischargeForm() {
  const ids = { bl: useId() };
  const [blNumber, setBl] = useState("");
  const [container, setContainer] = useState("");
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const check = container ? containerCheck(container) : null;
  return (
    <Section title={t("gate.discharge")} id="discharge">
      <Notice text={notice} />
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError(null);
          setNotice(null);
          try {
            await data(api.POST("/v1/terminal/discharges", { body: { blNumber, container } }));
            setNotice(t("common.done", { what: `${t("gate.discharge")} ${container}` }));
          } catch (err) {
            setError(err);
          } finally {
            setBusy(false);
          }
        }}
      >
        <div class="field">
          <label for={ids.bl}>{t("bl.number")}</label>
          <input
            id={ids.bl}
            value={blNumber}
            autocomplete="off"
            onInput={(e) => setBl((e.currentTarget as HTMLInputElement).value.trim())}
          />
        </div>
        <ContainerNumberField value={container} onValue={setContainer} />
        <div class="actions">
          <button type="submit" disabled={busy || !blNumber || !check?.ok}>
            {t("gate.recordDischarge")}
          </button>
        </div>
        <ErrorMessage error={error} />
      </form>
    </Section>
  );
}

function Decision({ decision, onGatedOut }: { decision: GateDecision; onGatedOut: () => void }) {
  return (
    <Section title={`${decision.container} · ${decision.haulier.name}`} id="decision">
      <p class={decision.releasable ? "verdict yes" : "verdict no"} role="status">
        {decision.releasable ? t("gate.releasable") : t("gate.notReleasable")}
      </p>
      {decision.refusals.length ? (
        <>
          <h3>{t("gate.reasons")}</h3>
          <ul class="reasons">
            {decision.refusals.map((r) => (
              <li key={r.code} data-code={r.code}>
                <strong>{hasTranslation(`gate.refusals.${r.code}`) ? t(`gate.refusals.${r.code}`) : r.code}</strong>
                <span>{r.reason}</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p class="hint">{t("gate.decidedAt", { time: formatDateTime(decision.decidedAt) })}</p>
      {decision.releasable ? <GateOutForm decision={decision} onDone={onGatedOut} /> : null}
    </Section>
  );
}
