/** Customs: release, hold and lift a hold, by declaration, B/L and containers (each number checked as it is typed). */
import { useId, useState } from "preact/hooks";
import { api, data, written, type ContainerView } from "../api.ts";
import { ErrorMessage, Notice, Section, containerCheck } from "../components.tsx";
import { t } from "../i18n.ts";
import { containersOf } from "./DeliveryOrder.tsx";

type Decision = "releases" | "holds" | "holds/lift";
const DECISIONS: Decision[] = ["releases", "holds", "holds/lift"];

export function CustomsPage() {
  const ids = { declaration: useId(), bl: useId(), containers: useId() };
  const [declarationNumber, setDeclaration] = useState("");
  const [blNumber, setBl] = useState("");
  const [containersText, setContainers] = useState("");
  const [result, setResult] = useState<ContainerView[] | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const containers = containersOf(containersText);
  const checks = containers.map((c) => ({ container: c, ...containerCheck(c) }));
  const ready = declarationNumber !== "" && blNumber !== "" && checks.length > 0 && checks.every((c) => c.ok);

  const decide = async (decision: Decision) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const body = { declarationNumber, blNumber, containers };
      const call =
        decision === "releases"
          ? api.POST("/v1/customs/releases", { body })
          : decision === "holds"
            ? api.POST("/v1/customs/holds", { body })
            : api.POST("/v1/customs/holds/lift", { body });
      const answer = written(await data(call));
      setResult(answer.items);
      setNotice(t("common.done", { what: `${t(`customs.decisions.${decision}`)} ${declarationNumber}` }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <h1>{t("customs.title")}</h1>
      <Notice text={notice} />
      <form onSubmit={(e) => e.preventDefault()}>
        <div class="field">
          <label for={ids.declaration}>{t("customs.declaration")}</label>
          <input
            id={ids.declaration}
            value={declarationNumber}
            autocomplete="off"
            onInput={(e) => setDeclaration((e.currentTarget as HTMLInputElement).value.trim())}
          />
        </div>
        <div class="field">
          <label for={ids.bl}>{t("bl.number")}</label>
          <input
            id={ids.bl}
            value={blNumber}
            autocomplete="off"
            onInput={(e) => setBl((e.currentTarget as HTMLInputElement).value.trim())}
          />
        </div>
        <div class="field">
          <label for={ids.containers}>{t("customs.containers")}</label>
          <textarea
            id={ids.containers}
            rows={3}
            value={containersText}
            spellcheck={false}
            aria-describedby={`${ids.containers}-checks`}
            onInput={(e) => setContainers((e.currentTarget as HTMLTextAreaElement).value)}
          />
          <ul id={`${ids.containers}-checks`} class="checks" aria-live="polite">
            {checks.map((c) => (
              <li key={c.container} class={c.ok ? "hint good" : "hint bad"}>
                {c.container}: {c.message}
              </li>
            ))}
          </ul>
        </div>
        <div class="actions">
          {DECISIONS.map((d) => (
            <button
              key={d}
              type="button"
              class={d === "releases" ? "primary" : undefined}
              disabled={busy || !ready}
              onClick={() => void decide(d)}
            >
              {t(`customs.decisions.${d}`)}
            </button>
          ))}
        </div>
      </form>
      <ErrorMessage error={error} />
      {result ? (
        <Section title={t("customs.now")} id="containers">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("gate.container")}</th>
                <th scope="col">{t("bl.number")}</th>
                <th scope="col">{t("customs.released")}</th>
                <th scope="col">{t("customs.held")}</th>
              </tr>
            </thead>
            <tbody>
              {result.map((c) => (
                <tr key={c.container}>
                  <td class="mono">{c.container}</td>
                  <td>{c.blNumber ?? "—"}</td>
                  <td>{c.customsReleased ? t("common.yes") : t("common.no")}</td>
                  <td>{c.customsHeld ? t("common.yes") : t("common.no")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Section>
      ) : null}
    </>
  );
}
