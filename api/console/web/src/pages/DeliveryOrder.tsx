/** The carrier issues a delivery order for containers of an accomplished B/L (or a sea waybill), to a terminal. */
import { useId, useState } from "preact/hooks";
import { api, data, written, type BillOfLading } from "../api.ts";
import { ErrorMessage, Notice, PartyPicker, Section, ValidityField, containerCheck } from "../components.tsx";
import { t } from "../i18n.ts";

const DAY_MS = 86_400_000;

/** Container numbers as typed: separated by spaces, commas or new lines, in capitals. */
export const containersOf = (text: string) =>
  text
    .toUpperCase()
    .split(/[\s,;，；]+/)
    .filter(Boolean);

export function DeliveryOrderForm({ bills }: { bills: BillOfLading[] }) {
  const ids = { bl: useId(), containers: useId() };
  const releasable = bills.filter((b) => b.state === "accomplished" || b.blType === "seaWaybill");
  const [blNumber, setBl] = useState("");
  const [containersText, setContainers] = useState("");
  const [terminal, setTerminal] = useState({ text: "", orgId: undefined as string | undefined });
  const [days, setDays] = useState(3);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const containers = containersOf(containersText);
  const checks = containers.map((c) => ({ container: c, ...containerCheck(c) }));
  const ready = blNumber !== "" && checks.length > 0 && checks.every((c) => c.ok) && !!terminal.orgId;

  return (
    <Section title={t("deliveryOrder.title")} id="delivery-order">
      <Notice text={notice} />
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError(null);
          setNotice(null);
          try {
            const now = Date.now();
            const order = written(
              await data(
                api.POST("/v1/delivery-orders", {
                  body: {
                    blNumber,
                    containers,
                    terminal: terminal.orgId!,
                    // From a minute ago, so that the gate may release at once.
                    validFrom: new Date(now - 60_000).toISOString(),
                    validUntil: new Date(now + days * DAY_MS).toISOString(),
                  },
                }),
              ),
            );
            setNotice(t("deliveryOrder.issued", { id: order.deliveryOrderId, blNumber }));
          } catch (err) {
            setError(err);
          } finally {
            setBusy(false);
          }
        }}
      >
        <div class="field">
          <label for={ids.bl}>{t("bl.number")}</label>
          <select id={ids.bl} value={blNumber} onChange={(e) => setBl((e.currentTarget as HTMLSelectElement).value)}>
            <option value="">{t("deliveryOrder.chooseBl")}</option>
            {releasable.map((b) => (
              <option key={b.tokenId} value={b.blNumber}>
                {b.blNumber} · {t(`bl.types.${b.blType}`)} · {t(`bl.states.${b.state}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for={ids.containers}>{t("customs.containers")}</label>
          <textarea
            id={ids.containers}
            rows={2}
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
        <PartyPicker
          label={t("deliveryOrder.terminal")}
          role="terminal"
          value={terminal.text}
          required
          onChange={(text, orgId) => setTerminal({ text, orgId })}
        />
        <ValidityField label={t("deliveryOrder.validDays")} days={days} onDays={setDays} />
        <div class="actions">
          <button type="submit" class="primary" disabled={busy || !ready}>
            {t("deliveryOrder.submit")}
          </button>
        </div>
        <ErrorMessage error={error} />
      </form>
    </Section>
  );
}
