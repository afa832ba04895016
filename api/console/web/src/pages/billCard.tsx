/** One B/L with the actions the caller may take on it now (the API's allowedActions), each one or two clicks. */
import { useState } from "preact/hooks";
import { api, data, type BillOfLading, type BlAction } from "../api.ts";
import { BillFacts, ErrorMessage, PartyPicker } from "../components.tsx";
import { t } from "../i18n.ts";
import { AmendForm } from "./Amend.tsx";
import { Attachments } from "./Attachments.tsx";
import "./Carrier.css";

const NEEDS_RECIPIENT: BlAction[] = ["endorse-and-deliver", "transfer", "endorse"];
/** The actions this console offers, in the order a clerk most often takes them. */
const OFFERED: BlAction[] = [
  "endorse-and-deliver",
  "transfer",
  "endorse",
  "blank-endorse",
  "surrender",
  "reject-transfer",
  "amend",
  "accept-surrender",
  "reject-surrender",
];

type SurrenderKind = "delivery" | "amendment" | "paper";

async function act(bl: BillOfLading, action: BlAction, to: string | undefined, kind: SurrenderKind) {
  const path = { blNumber: bl.blNumber };
  const query = { carrier: bl.carrier?.orgId };
  const params = { path, query };
  switch (action) {
    case "endorse-and-deliver":
      return data(api.POST("/v1/bills-of-lading/{blNumber}/endorse-and-deliver", { params, body: { to: to! } }));
    case "transfer":
      return data(api.POST("/v1/bills-of-lading/{blNumber}/transfer", { params, body: { to: to! } }));
    case "endorse":
      return data(api.POST("/v1/bills-of-lading/{blNumber}/endorse", { params, body: { to: to! } }));
    case "blank-endorse":
      return data(api.POST("/v1/bills-of-lading/{blNumber}/blank-endorse", { params }));
    case "surrender":
      return data(api.POST("/v1/bills-of-lading/{blNumber}/surrender", { params, body: { kind } }));
    case "reject-transfer":
      return data(api.POST("/v1/bills-of-lading/{blNumber}/reject-transfer", { params }));
    case "accept-surrender":
      return data(api.POST("/v1/bills-of-lading/{blNumber}/accept-surrender", { params }));
    case "reject-surrender":
      return data(api.POST("/v1/bills-of-lading/{blNumber}/reject-surrender", { params }));
    default:
      throw new Error(`The console does not offer ${action}.`);
  }
}

export function BillCard({ bl, onDone }: { bl: BillOfLading; onDone: (message: string) => void }) {
  const [chosen, setChosen] = useState<BlAction | null>(null);
  const [party, setParty] = useState({ text: "", orgId: undefined as string | undefined });
  const [kind, setKind] = useState<SurrenderKind>("delivery");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [showAttachments, setShowAttachments] = useState(false);
  const actions = OFFERED.filter((a) => bl.allowedActions.includes(a));

  const run = async (action: BlAction) => {
    setBusy(true);
    setError(null);
    try {
      await act(bl, action, party.orgId, kind);
      setChosen(null);
      onDone(t("common.done", { what: `${t(`bl.actions.${action}`)} ${bl.blNumber}` }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const needsForm = (a: BlAction) => NEEDS_RECIPIENT.includes(a) || a === "surrender" || a === "amend";

  return (
    <article class={chosen === "amend" ? "card amending" : "card"} aria-label={`${t("bl.number")} ${bl.blNumber}`}>
      <h3>
        {bl.blNumber} <span class={`state ${bl.state}`}>{t(`bl.states.${bl.state}`)}</span>
      </h3>
      <BillFacts bl={bl} />
      <p class="card-links">
        <a href={`#/bl/${encodeURIComponent(bl.blNumber)}`}>
          {t("doc.open")} {bl.blNumber}
        </a>
        <button type="button" aria-expanded={showAttachments} onClick={() => setShowAttachments(!showAttachments)}>
          {t("attachments.title")}
        </button>
      </p>
      {showAttachments ? <Attachments bl={bl} /> : null}
      {actions.length ? (
        <div class="actions">
          {actions.map((a) => (
            <button
              key={a}
              type="button"
              disabled={busy}
              aria-pressed={chosen === a}
              onClick={() => (needsForm(a) ? setChosen(chosen === a ? null : a) : void run(a))}
            >
              {t(`bl.actions.${a}`)}
            </button>
          ))}
        </div>
      ) : null}
      {chosen === "amend" ? (
        <AmendForm
          bl={bl}
          onCancel={() => setChosen(null)}
          onDone={(message) => {
            setChosen(null);
            onDone(message);
          }}
        />
      ) : chosen ? (
        <form
          class="action-form"
          onSubmit={(e) => {
            e.preventDefault();
            void run(chosen);
          }}
        >
          {NEEDS_RECIPIENT.includes(chosen) ? (
            <PartyPicker
              label={t("party.label")}
              value={party.text}
              required
              onChange={(text, orgId) => setParty({ text, orgId })}
            />
          ) : (
            <div class="field">
              <label for={`kind-${bl.tokenId}`}>{t("bl.surrenderKind")}</label>
              <select
                id={`kind-${bl.tokenId}`}
                value={kind}
                onChange={(e) => setKind((e.currentTarget as HTMLSelectElement).value as SurrenderKind)}
              >
                {(["delivery", "amendment", "paper"] as const).map((k) => (
                  <option key={k} value={k}>
                    {t(`bl.surrenderKinds.${k}`)}
                  </option>
                ))}
              </select>
            </div>
          )}
          <div class="actions">
            <button type="submit" class="primary" disabled={busy || (NEEDS_RECIPIENT.includes(chosen) && !party.orgId)}>
              {t("common.confirm")}: {t(`bl.actions.${chosen}`)}
            </button>
            <button type="button" onClick={() => setChosen(null)}>
              {t("common.cancel")}
            </button>
          </div>
        </form>
      ) : null}
      <ErrorMessage error={error} />
    </article>
  );
}
