/** An e-EIR's gate records as the public check shows them: where and when, condition, damage codes, photo hashes. */
import type { InterchangeVerification } from "../api.ts";
import { formatDateTime, t } from "../i18n.ts";

type Authentic = Extract<InterchangeVerification, { authentic: true }>;

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
                <dt>{t("gateEir.sealCheck")}</dt>
                <dd>{t(`gateEir.sealChecks.${record.sealCheck}`)}</dd>
                <dt>{t("gateEir.condition")}</dt>
                <dd>{t(`gateEir.conditions.${record.condition}`)}</dd>
                <dt>{t("damage.recorded")}</dt>
                <dd class="mono damage-codes">
                  {record.damages.length
                    ? record.damages.map((d) => `${d.location} ${d.component} ${d.damageType}`).join("; ")
                    : "—"}
                </dd>
                <dt>{t("photo.onChain")}</dt>
                <dd class="mono photo-hashes">
                  {record.photos.length ? record.photos.map((p) => p.sha256).join(" ") : "—"}
                </dd>
                <dt>{t("gateEir.transaction")}</dt>
                <dd class="mono">{record.transactionHash}</dd>
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
