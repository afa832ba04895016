/** A trader's or bank's B/Ls: first what awaits its action, then what it holds. */
import { useState } from "preact/hooks";
import { ErrorMessage, Notice, Section } from "../components.tsx";
import { t } from "../i18n.ts";
import { BillCard } from "./billCard.tsx";
import { NominateHaulier } from "./Nominate.tsx";
import { rolesOf, useConsole } from "../state.ts";
import { useBills } from "./useBills.ts";

export function BillsPage() {
  const { caller } = useConsole();
  const [reload, setReload] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const awaiting = useBills("awaiting", reload);
  const held = useBills("held", reload);
  const awaitingIds = new Set(awaiting.bills?.map((b) => b.tokenId));
  const onlyHeld = held.bills?.filter((b) => !awaitingIds.has(b.tokenId));
  const done = (message: string) => {
    setNotice(message);
    setReload((n) => n + 1);
  };
  return (
    <>
      <h1>{t("bills.title")}</h1>
      <Notice text={notice} />
      <Section title={t("bills.awaiting")} id="awaiting">
        <ErrorMessage error={awaiting.error} />
        {awaiting.bills === null ? (
          <p>{t("common.loading")}</p>
        ) : awaiting.bills.length === 0 ? (
          <p>{t("bills.noneAwaiting")}</p>
        ) : (
          <div class="cards">
            {awaiting.bills.map((bl) => (
              <BillCard key={bl.tokenId} bl={bl} onDone={done} />
            ))}
          </div>
        )}
      </Section>
      <Section title={t("bills.held")} id="held">
        <ErrorMessage error={held.error} />
        {onlyHeld === undefined ? (
          <p>{t("common.loading")}</p>
        ) : onlyHeld.length === 0 ? (
          <p>{t("bills.noneHeld")}</p>
        ) : (
          <div class="cards">
            {onlyHeld.map((bl) => (
              <BillCard key={bl.tokenId} bl={bl} onDone={done} />
            ))}
          </div>
        )}
      </Section>
      {rolesOf(caller).includes("trader") ? <NominateHaulier /> : null}
    </>
  );
}
