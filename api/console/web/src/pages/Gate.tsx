/**
 * The terminal's gate clerk: a truck is at the barrier. Type the container number (its ISO 6346 check digit is
 * checked as it is typed), pick the haulier, and see a large yes or no with every reason; then record the gate-out,
 * and the e-EIR's gate-out (or, for a box coming back, its gate-in) with seals, condition, damage and photos.
 */
import { useId, useState } from "preact/hooks";
import { api, ApiProblem, data, type GateDecision } from "../api.ts";
import {
  ContainerNumberField,
  containerCheck,
  ErrorMessage,
  Notice,
  PartyPicker,
  Section,
  TruckPlateField,
  useOrganizations,
} from "../components.tsx";
import { formatDateTime, hasTranslation, t } from "../i18n.ts";
import { rolesOf, useConsole } from "../state.ts";
import { QrScan } from "../QrScan.tsx";
import { InterchangeGate, type Direction } from "./GateEir.tsx";

export function GatePage() {
  const { caller } = useConsole();
  const organizations = useOrganizations();
  const [direction, setDirection] = useState<Direction>("out");
  const [container, setContainer] = useState("");
  const [haulier, setHaulier] = useState({ text: "", orgId: undefined as string | undefined });
  const [decision, setDecision] = useState<GateDecision | null>(null);
  // The container and haulier the clerk looked up: the e-EIR work below is for them.
  const [lookedUp, setLookedUp] = useState<{ container: string; haulier: { orgId: string; name: string } } | null>(
    null,
  );
  const [reload, setReload] = useState(0);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const check = container ? containerCheck(container) : null;
  const clear = () => {
    setDecision(null);
    setLookedUp(null);
  };

  const decide = async (asked = { container, haulier: haulier.orgId!, direction }) => {
    setBusy(true);
    setError(null);
    setDecision(null);
    try {
      // The release's yes or no is a terminal's, for a box leaving; a box coming back (or a depot's) has its e-EIR only.
      if (asked.direction === "out" && rolesOf(caller).includes("terminal")) {
        const query = { container: asked.container, haulier: asked.haulier };
        setDecision(await data(api.GET("/v1/gate/decision", { params: { query } })));
      }
      const party = organizations.find((o) => o.orgId === asked.haulier);
      setLookedUp({
        container: asked.container,
        haulier: { orgId: asked.haulier, name: party?.name ?? asked.haulier },
      });
      setReload((n) => n + 1);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  /** The driver shows the e-EIR's code: its container and haulier fill the form, and the gate answers. */
  const scanned = async (target: string) => {
    const [, page, reference] = target.split("/");
    if (page !== "eir") return setError(new ApiProblem({ status: 0, detail: t("gate.scanNotEir") }));
    setError(null);
    try {
      const eir = await data(
        api.GET("/v1/equipment-interchanges/{id}/verify", { params: { path: { id: reference } } }),
      );
      if (!eir.authentic) return setError(new ApiProblem({ status: 404, detail: t("eir.notAuthentic") }));
      const next: Direction = eir.status === "gatedOut" ? "in" : "out";
      const orgId = eir.haulier?.orgId ?? "";
      const party = organizations.find((o) => o.orgId === orgId);
      setDirection(next);
      setContainer(eir.container);
      setHaulier({ text: party ? `${party.name} (${orgId})` : orgId, orgId });
      await decide({ container: eir.container, haulier: orgId, direction: next });
    } catch (e) {
      setError(e);
    }
  };

  return (
    <>
      <h1>{t("gate.title")}</h1>
      <div class="directions" role="group" aria-label={t("gateEir.direction")}>
        {(["out", "in"] as const).map((d) => (
          <button
            key={d}
            type="button"
            class="big"
            aria-pressed={direction === d}
            onClick={() => {
              setDirection(d);
              clear();
            }}
          >
            {t(d === "out" ? "gateEir.directionOut" : "gateEir.directionIn")}
          </button>
        ))}
      </div>
      <details class="gate-scan">
        <summary>{t("gate.scan")}</summary>
        <QrScan intro={t("gate.scanIntro")} onTarget={(target) => void scanned(target)} />
      </details>
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
            clear();
          }}
        />
        <PartyPicker
          label={t("gate.haulier")}
          role="haulier"
          value={haulier.text}
          required
          onChange={(text, orgId) => {
            setHaulier({ text, orgId });
            clear();
          }}
        />
        <div class="actions">
          <button type="submit" class="primary big" disabled={busy || !check?.ok || !haulier.orgId}>
            {direction === "out" ? t("gate.check") : t("gateEir.findEir")}
          </button>
        </div>
      </form>
      <ErrorMessage error={error} />
      {decision ? <Decision decision={decision} onGatedOut={() => void decide()} /> : null}
      {lookedUp ? (
        <InterchangeGate
          container={lookedUp.container}
          haulier={lookedUp.haulier}
          direction={direction}
          reload={reload}
        />
      ) : null}
      <DischargeForm />
    </>
  );
}

/** Once the answer is yes: the truck's plate, and the gate-out goes on chain (refused there unless releasable). */
function GateOutForm({ decision, onDone }: { decision: GateDecision; onDone: () => void }) {
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
      <TruckPlateField value={truckPlate} onValue={setPlate} />
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
