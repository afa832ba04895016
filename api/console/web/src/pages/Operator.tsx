/**
 * The port community's operator: what awaits it first (recoveries pending, organizations suspended), then the
 * register with a search, registration, suspension, reinstatement, revocation and key recovery. Every change goes
 * through the API, which asks the contract; the page names the organization before it acts.
 */
import { useEffect, useId, useRef, useState } from "preact/hooks";
import { CREDIT_TIERS, ORG_ID_PATTERN, ROLES, type CreditTier, type Role } from "../../../../domain.ts";
import { api, data, type Organization } from "../api.ts";
import { ErrorMessage, Notice, Section } from "../components.tsx";
import { formatDateTime, t } from "../i18n.ts";
import "./Operator.css";

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const label = (o: { name: string; orgId: string }) => `${o.name} (${o.orgId})`;

/** A change the operator asks for, waiting for its confirmation. */
type Action = "suspend" | "reinstate" | "revoke" | "startRecovery" | "cancelRecovery" | "completeRecovery";

/** A recovery may be completed once its delay has passed (by this browser's clock; the contract has the last word). */
const due = (o: Organization) => o.recovery !== null && Date.parse(o.recovery.effectiveAt) <= Date.now();

export function OperatorPage() {
  const [organizations, setOrganizations] = useState<Organization[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = async () => {
    try {
      setOrganizations((await data(api.GET("/v1/organizations"))).items);
      setLoadError(null);
    } catch (e) {
      setLoadError(e);
    }
  };
  useEffect(() => void load(), []);

  const list = organizations ?? [];
  const recoveries = list.filter((o) => o.recovery);
  const suspended = list.filter((o) => o.status === "suspended");
  const chosen = list.find((o) => o.orgId === selected);
  const choose = (orgId: string) => {
    setSelected(orgId);
    setNotice(null);
    // The organization's panel is below the register: the keyboard user lands on it.
    requestAnimationFrame(() => document.getElementById("organization")?.focus());
  };

  return (
    <>
      <h1>{t("operator.title")}</h1>
      <Notice text={notice} />
      <ErrorMessage error={loadError} />
      <Section title={t("operator.awaiting")} id="awaiting">
        {/* The operator hears no live events (an organization cancelling its recovery, say): it reads the register again. */}
        <div class="actions">
          <button type="button" onClick={() => void load()}>
            {t("common.refresh")}
          </button>
        </div>
        {organizations === null ? <p>{t("common.loading")}</p> : null}
        {organizations && recoveries.length === 0 && suspended.length === 0 ? (
          <p>{t("operator.nothingAwaits")}</p>
        ) : null}
        <ul class="awaiting">
          {recoveries.map((o) => (
            <li key={`r-${o.orgId}`}>
              <strong>{t("operator.recoveryOf", { organization: label(o) })}</strong>
              <span>
                {due(o)
                  ? t("operator.recoveryDue")
                  : t("operator.recoveryWaits", { time: formatDateTime(o.recovery!.effectiveAt) })}
              </span>
              <button type="button" onClick={() => choose(o.orgId)}>
                {t("operator.open", { name: o.name })}
              </button>
            </li>
          ))}
          {suspended.map((o) => (
            <li key={`s-${o.orgId}`}>
              <strong>{t("operator.suspendedOrg", { organization: label(o) })}</strong>
              <button type="button" onClick={() => choose(o.orgId)}>
                {t("operator.open", { name: o.name })}
              </button>
            </li>
          ))}
        </ul>
      </Section>
      <Register list={list} onChoose={choose} />
      {chosen ? (
        <OrganizationPanel
          key={chosen.orgId}
          organization={chosen}
          onChanged={async (text) => {
            setNotice(text);
            await load();
          }}
          onAsk={() => setNotice(null)}
          onClose={() => setSelected(null)}
        />
      ) : null}
      <Registration
        onRegistered={async (o) => {
          setNotice(t("common.done", { what: t("operator.registeredOrg", { organization: label(o) }) }));
          await load();
        }}
      />
    </>
  );
}

/** The register of organizations, searched by name, orgId, role or status. */
function Register({ list, onChoose }: { list: Organization[]; onChoose: (orgId: string) => void }) {
  const id = useId();
  const [query, setQuery] = useState("");
  const q = query.trim().toLowerCase();
  const shown = list.filter(
    (o) =>
      !q ||
      o.name.toLowerCase().includes(q) ||
      o.orgId.toLowerCase().includes(q) ||
      o.roles.some((r) => r === q || t(`operator.roles.${r}`).toLowerCase().includes(q)) ||
      t(`operator.statuses.${o.status}`).toLowerCase() === q,
  );
  return (
    <Section title={t("operator.register")} id="register">
      <div class="field">
        <label for={id}>{t("operator.search")}</label>
        <input
          id={id}
          type="search"
          value={query}
          autocomplete="off"
          aria-describedby={`${id}-count`}
          onInput={(e) => setQuery((e.currentTarget as HTMLInputElement).value)}
        />
        <span id={`${id}-count`} class="hint" aria-live="polite">
          {t("operator.shown", { n: shown.length, total: list.length })}
        </span>
      </div>
      <div class="table-scroll">
        <table class="register">
          <thead>
            <tr>
              <th scope="col">{t("operator.name")}</th>
              <th scope="col">{t("operator.orgId")}</th>
              <th scope="col">{t("operator.rolesLabel")}</th>
              <th scope="col">{t("operator.status")}</th>
              <th scope="col">{t("operator.signers")}</th>
              <th scope="col">
                <span class="visually-hidden">{t("operator.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((o) => (
              <tr key={o.orgId}>
                <th scope="row">{o.name}</th>
                <td class="mono nowrap">{o.orgId}</td>
                <td class="nowrap">{o.roles.map((r) => t(`operator.roles.${r}`)).join(t("operator.listSeparator"))}</td>
                <td class="nowrap">
                  <span class={`status ${o.status}`}>{t(`operator.statuses.${o.status}`)}</span>
                  {o.recovery ? <span class="status recovering">{t("operator.recovering")}</span> : null}
                </td>
                <td class="mono signers">
                  {o.signers.map((s) => (
                    <span key={s} title={s}>
                      {`${s.slice(0, 6)}…${s.slice(-4)}`}
                    </span>
                  ))}
                </td>
                <td>
                  {/* Read out with the organization's name; it shows beside the button already. */}
                  <button
                    type="button"
                    aria-label={t("operator.open", { name: o.name })}
                    onClick={() => onChoose(o.orgId)}
                  >
                    {t("operator.openShort")}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {shown.length === 0 ? <p>{t("operator.noMatch")}</p> : null}
    </Section>
  );
}

/** One organization's facts, and the changes the operator may make to it, each confirmed by name first. */
function OrganizationPanel({
  organization: o,
  onChanged,
  onAsk,
  onClose,
}: {
  organization: Organization;
  onChanged: (notice: string) => Promise<void>;
  /** A change is asked for: what the page said of the previous one no longer stands. */
  onAsk: () => void;
  onClose: () => void;
}) {
  const headingId = useId();
  const signerId = useId();
  const [asking, setAsking] = useState<Action | null>(null);
  const [newSigner, setNewSigner] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const signerBad = newSigner !== "" && !ADDRESS.test(newSigner);
  const confirmRef = useRef<HTMLButtonElement>(null);
  // The question is asked where the operator's focus goes: on its confirm button (a recovery's on its key field).
  useEffect(() => {
    if (asking === "startRecovery") document.getElementById(signerId)?.focus();
    else if (asking) confirmRef.current?.focus();
  }, [asking]);

  const actions: Action[] = [];
  if (o.status === "active") actions.push("suspend");
  if (o.status === "suspended") actions.push("reinstate");
  if (o.status === "active" || o.status === "suspended") actions.push("revoke");
  if (o.recovery) actions.push("completeRecovery", "cancelRecovery");
  else if (o.status !== "revoked") actions.push("startRecovery");

  const run = async (action: Action) => {
    setBusy(true);
    setError(null);
    const path = { params: { path: { orgId: o.orgId } } };
    try {
      if (action === "suspend") await data(api.POST("/v1/organizations/{orgId}/suspend", path));
      else if (action === "reinstate") await data(api.POST("/v1/organizations/{orgId}/reinstate", path));
      else if (action === "revoke") await data(api.POST("/v1/organizations/{orgId}/revoke", path));
      else if (action === "startRecovery")
        await data(api.POST("/v1/organizations/{orgId}/recovery", { ...path, body: newSigner ? { newSigner } : {} }));
      else if (action === "cancelRecovery") await data(api.DELETE("/v1/organizations/{orgId}/recovery", path));
      else await data(api.POST("/v1/organizations/{orgId}/recovery/complete", path));
      setAsking(null);
      setNewSigner("");
      await onChanged(t("common.done", { what: t(`operator.did.${action}`, { organization: label(o) }) }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card organization" id="organization" tabIndex={-1} aria-labelledby={headingId}>
      <h2 id={headingId}>{label(o)}</h2>
      <dl class="facts">
        <dt>{t("operator.rolesLabel")}</dt>
        <dd>{o.roles.map((r) => t(`operator.roles.${r}`)).join(t("operator.listSeparator"))}</dd>
        <dt>{t("operator.status")}</dt>
        <dd>{t(`operator.statuses.${o.status}`)}</dd>
        <dt>{t("operator.creditTier")}</dt>
        <dd>{t(`operator.creditTiers.${o.creditTier}`)}</dd>
        <dt>{t("operator.signers")}</dt>
        <dd class="mono">
          {o.signers.join(", ")}
          {o.keyThreshold > 1 ? ` (${t("operator.threshold", { n: o.keyThreshold })})` : null}
        </dd>
        {o.agentFor ? (
          <>
            <dt>{t("operator.agentFor")}</dt>
            <dd class="mono">{o.agentFor}</dd>
          </>
        ) : null}
        {o.recovery ? (
          <>
            <dt>{t("operator.recoveryKey")}</dt>
            <dd class="mono">{o.recovery.newSigner}</dd>
            <dt>{t("operator.recoveryFrom")}</dt>
            <dd>
              <time dateTime={o.recovery.effectiveAt}>{formatDateTime(o.recovery.effectiveAt)}</time>{" "}
              <span class={due(o) ? "hint good" : "hint"}>
                {due(o) ? t("operator.recoveryDue") : t("operator.recoveryNotDue")}
              </span>
            </dd>
          </>
        ) : null}
      </dl>
      <p class="hint">{t("operator.ownKeys")}</p>
      {asking === null ? (
        <div class="actions">
          {actions.map((a) => (
            <button
              key={a}
              type="button"
              class={a === "revoke" ? "danger" : undefined}
              onClick={() => {
                setError(null);
                onAsk();
                setAsking(a);
              }}
            >
              {t(`operator.actionsOf.${a}`)}
            </button>
          ))}
          <button type="button" onClick={onClose}>
            {t("operator.close")}
          </button>
        </div>
      ) : (
        <form
          class="confirm"
          aria-labelledby={`${headingId}-ask`}
          onSubmit={(e) => {
            e.preventDefault();
            void run(asking);
          }}
        >
          <p class="question" id={`${headingId}-ask`}>
            {t(`operator.ask.${asking}`, { organization: label(o) })}
          </p>
          {asking === "startRecovery" ? (
            <div class="field">
              <label for={signerId}>{t("operator.newSigner")}</label>
              <input
                id={signerId}
                class="mono"
                value={newSigner}
                autocomplete="off"
                spellcheck={false}
                aria-invalid={signerBad}
                aria-describedby={`${signerId}-hint`}
                onInput={(e) => setNewSigner((e.currentTarget as HTMLInputElement).value.trim())}
              />
              <span id={`${signerId}-hint`} class={signerBad ? "hint bad" : "hint"}>
                {signerBad ? t("operator.addressBad") : t("operator.newSignerHint")}
              </span>
            </div>
          ) : null}
          <div class="actions">
            <button
              type="submit"
              ref={confirmRef}
              class={asking === "revoke" ? "danger" : "primary"}
              disabled={busy || signerBad}
            >
              {t(`operator.confirmOf.${asking}`, { name: o.name })}
            </button>
            <button type="button" disabled={busy} onClick={() => setAsking(null)}>
              {t("common.cancel")}
            </button>
          </div>
        </form>
      )}
      <ErrorMessage error={error} />
    </section>
  );
}

/** Registering an organization: every field checked as it is typed; the API's problem shown when it refuses. */
function Registration({ onRegistered }: { onRegistered: (o: Organization) => Promise<void> }) {
  const ids = { orgId: useId(), name: useId(), tier: useId(), signer: useId() };
  const [orgId, setOrgId] = useState("");
  const [name, setName] = useState("");
  const [roles, setRoles] = useState<Role[]>([]);
  const [creditTier, setCreditTier] = useState<CreditTier>("regular");
  const [signer, setSigner] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [issued, setIssued] = useState<{ organization: string; apiKey: string } | null>(null);
  const orgIdBad = orgId !== "" && !ORG_ID_PATTERN.test(orgId);
  const signerBad = signer !== "" && !ADDRESS.test(signer);
  const ready = ORG_ID_PATTERN.test(orgId) && name.trim() !== "" && roles.length > 0 && !signerBad;

  return (
    <Section title={t("operator.registerNew")} id="registration">
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError(null);
          setIssued(null);
          try {
            const body = { orgId, name: name.trim(), roles, creditTier, ...(signer ? { signer } : {}) };
            const answer = await data(api.POST("/v1/organizations", { body }));
            // The console never asks to sign client-side (Prefer: sign=client): the answer is the registration.
            const registered = answer as Extract<typeof answer, { orgId: string }>;
            if (registered.apiKey) setIssued({ organization: label(registered), apiKey: registered.apiKey });
            setOrgId("");
            setName("");
            setRoles([]);
            setCreditTier("regular");
            setSigner("");
            await onRegistered(registered);
          } catch (err) {
            setError(err);
          } finally {
            setBusy(false);
          }
        }}
      >
        <div class="field">
          <label for={ids.orgId}>{t("operator.orgId")}</label>
          <input
            id={ids.orgId}
            class="mono"
            value={orgId}
            maxLength={32}
            autocomplete="off"
            spellcheck={false}
            aria-invalid={orgIdBad}
            aria-describedby={`${ids.orgId}-hint`}
            onInput={(e) => setOrgId((e.currentTarget as HTMLInputElement).value.toUpperCase().replace(/\s+/g, ""))}
          />
          <span id={`${ids.orgId}-hint`} class={orgIdBad ? "hint bad" : "hint"}>
            {orgIdBad ? t("operator.orgIdBad") : t("operator.orgIdHint")}
          </span>
        </div>
        <div class="field">
          <label for={ids.name}>{t("operator.legalName")}</label>
          <input
            id={ids.name}
            value={name}
            maxLength={200}
            autocomplete="off"
            onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)}
          />
        </div>
        <fieldset class="roles">
          <legend>{t("operator.rolesLabel")}</legend>
          {ROLES.map((r) => (
            <label key={r} class="check">
              <input
                type="checkbox"
                checked={roles.includes(r)}
                onChange={(e) =>
                  setRoles((now) =>
                    (e.currentTarget as HTMLInputElement).checked ? [...now, r] : now.filter((x) => x !== r),
                  )
                }
              />
              <span>{t(`operator.roles.${r}`)}</span>
            </label>
          ))}
        </fieldset>
        <div class="field">
          <label for={ids.tier}>{t("operator.creditTier")}</label>
          <select
            id={ids.tier}
            value={creditTier}
            onChange={(e) => setCreditTier((e.currentTarget as HTMLSelectElement).value as CreditTier)}
          >
            {CREDIT_TIERS.map((c) => (
              <option key={c} value={c}>
                {t(`operator.creditTiers.${c}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for={ids.signer}>{t("operator.signer")}</label>
          <input
            id={ids.signer}
            class="mono"
            value={signer}
            autocomplete="off"
            spellcheck={false}
            aria-invalid={signerBad}
            aria-describedby={`${ids.signer}-hint`}
            onInput={(e) => setSigner((e.currentTarget as HTMLInputElement).value.trim())}
          />
          <span id={`${ids.signer}-hint`} class={signerBad ? "hint bad" : "hint"}>
            {signerBad ? t("operator.addressBad") : t("operator.signerHint")}
          </span>
        </div>
        <div class="actions">
          <button type="submit" class="primary" disabled={busy || !ready}>
            {t("operator.registerSubmit")}
          </button>
        </div>
        <ErrorMessage error={error} />
      </form>
      {issued ? (
        <div class="card issued-key">
          <p>{t("operator.apiKeyOnce", { organization: issued.organization })}</p>
          <output class="mono" aria-label={t("operator.apiKey")}>
            {issued.apiKey}
          </output>
        </div>
      ) : null}
    </Section>
  );
}
