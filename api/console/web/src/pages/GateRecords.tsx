/** An e-EIR's gate records as the public check shows them: where and when, condition, damage codes, photo hashes. */
import type { InterchangeVerification } from "../api.ts";
import { formatDateTime, t } from "../i18n.ts";

type Authentic = Extract<InterchangeVerification, { authentic: true }>;
type GateRecord = NonNullable<Authentic["gateOut"]>;

/** Damage codes as the trade writes them: location, component, damage type (`LB PA DT; DX DH BR`). */
export const damageCodes = (damages: readonly { location: string; component: string; damageType: string }[]) =>
  damages.map((d) => `${d.location} ${d.component} ${d.damageType}`).join("; ");

/** A gate record's condition report, as terms of a <dl>: seal check, condition, damage codes, photo hashes, transaction. */
export function ConditionFacts({ record }: { record: GateRecord }) {
  return (
    <>
      <dt>{t("gateEir.sealCheck")}</dt>
      <dd class={record.sealCheck === "mismatched" ? "bad" : undefined}>
        {t(`gateEir.sealChecks.${record.sealCheck}`)}
      </dd>
      <dt>{t("gateEir.condition")}</dt>
      <dd>{t(`gateEir.conditions.${record.condition}`)}</dd>
      <dt>{t("damage.recorded")}</dt>
      <dd class="mono damage-codes">{record.damages.length ? damageCodes(record.damages) : "—"}</dd>
      <dt>{t("photo.onChain")}</dt>
      <dd class="mono photo-hashes">{record.photos.length ? record.photos.map((p) => p.sha256).join(" ") : "—"}</dd>
      <dt>{t("gateEir.transaction")}</dt>
      <dd class="mono">{record.transactionHash}</dd>
    </>
  );
}

export function GateRecords({ result }: { result: Authentic }) {
  return (
    <div class="gate-records">
      {(["gateOut", "gateIn"] as const).map((which) => {
        const record = result[which];
        return (
          <div key={which} class="gate-record" data-gate={which}>
            <h3>{t(`eirGates.${which}`)}</h3>
            {record ? (
              <dl class="facts">
                <dt>{t("eirGates.facility")}</dt>
                <dd>{t("eirGates.at", { facility: record.facility?.name ?? "—", time: formatDateTime(record.at) })}</dd>
                <ConditionFacts record={record} />
              </dl>
            ) : (
              <p class="hint">{t("eirGates.none")}</p>
            )}
          </div>
        );
      })}
    </div>
  );
}
