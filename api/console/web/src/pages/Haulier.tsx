/**
 * The haulier's dispatcher: its e-EIRs, those still without a truck first; the containers consignees nominated it to
 * collect; assign the truck and driver; each e-EIR as a QR code the driver shows at the gate (it opens the public
 * e-EIR check).
 */
import QRCode from "qrcode";
import { useEffect, useId, useState } from "preact/hooks";
import { api, data, type ContainerView, type Interchange } from "../api.ts";
import { ErrorMessage, Notice, Section, TruckPlateField } from "../components.tsx";
import { formatDateTime, t } from "../i18n.ts";
import { useConsole } from "../state.ts";
import "./Haulier.css";

/** The page a scanned e-EIR code opens: the public check of that e-EIR, on this node. */
export const checkUrl = (reference: string) => `${window.location.origin}/console/#/eir/${reference}`;

export function HaulierPage() {
  const { caller, liveTick } = useConsole();
  const [reload, setReload] = useState(0);
  const [list, setList] = useState<Interchange[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [nominations, setNominations] = useState<ContainerView[] | null>(null);
  useEffect(() => {
    let current = true;
    data(api.GET("/v1/haulier/nominations")).then(
      (r) => current && setNominations(r.items),
      (e) => current && setError(e),
    );
    return () => void (current = false);
  }, [liveTick, reload]);
  useEffect(() => {
    let current = true;
    data(api.GET("/v1/equipment-interchanges", { params: { query: { filter: "mine" } } })).then(
      (r) => current && (setList(r.items), setError(null)),
      (e) => current && setError(e),
    );
    return () => void (current = false);
  }, [liveTick, reload]);

  const mine = (list ?? []).filter((e) => e.haulier?.orgId === caller?.orgId);
  const awaiting = mine.filter((e) => e.status === "issued" && !e.truckPlate);
  const others = mine.filter((e) => !awaiting.includes(e));
  const done = (message: string) => {
    setNotice(message);
    setReload((n) => n + 1);
  };
  return (
    <>
      <h1>{t("haulier.title")}</h1>
      <Notice text={notice} />
      <ErrorMessage error={error} />
      <Section title={t("haulier.awaiting")} id="awaiting">
        {list === null ? (
          <p>{t("common.loading")}</p>
        ) : awaiting.length === 0 ? (
          <p>{t("haulier.noneAwaiting")}</p>
        ) : (
          <div class="cards">
            {awaiting.map((e) => (
              <InterchangeCard key={e.id} eir={e} onDone={done} />
            ))}
          </div>
        )}
      </Section>
      <Nominations nominations={nominations} interchanges={mine} />
      <Section title={t("haulier.mine")} id="mine">
        {list === null ? null : others.length === 0 ? (
          <p>{t("common.none")}</p>
        ) : (
          <div class="cards">
            {others.map((e) => (
              <InterchangeCard key={e.id} eir={e} onDone={done} />
            ))}
          </div>
        )}
      </Section>
    </>
  );
}

function InterchangeCard({ eir, onDone }: { eir: Interchange; onDone: (message: string) => void }) {
  const ids = { driver: useId() };
  const [qr, setQr] = useState<string | null>(null);
  const [truckPlate, setPlate] = useState("");
  const [driver, setDriver] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    QRCode.toDataURL(checkUrl(eir.reference), { margin: 1, width: 180 }).then(setQr, () => setQr(null));
  }, [eir.reference]);

  const assign = async () => {
    setBusy(true);
    setError(null);
    try {
      await data(
        api.POST("/v1/equipment-interchanges/{id}/assign-truck", {
          params: { path: { id: eir.id } },
          body: { truckPlate, ...(driver ? { driver } : {}) },
        }),
      );
      onDone(t("common.done", { what: `${t("haulier.assign")} ${eir.reference}` }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <article class="card" aria-label={`${t("eir.reference")} ${eir.reference}`}>
      <h3>
        {eir.reference} <span class="state">{t(`eir.statuses.${eir.status}`)}</span>
      </h3>
      <div class="eir">
        <dl class="facts">
          <dt>{t("gate.container")}</dt>
          <dd class="mono">{eir.container}</dd>
          <dt>{t("eir.purpose")}</dt>
          <dd>{t(`eir.purposes.${eir.purpose}`)}</dd>
          <dt>{t("eir.outFacility")}</dt>
          <dd>{eir.outFacility?.name ?? "—"}</dd>
          <dt>{t("eir.returnFacility")}</dt>
          <dd>{eir.returnFacility?.name ?? "—"}</dd>
          <dt>{t("eir.valid")}</dt>
          <dd>
            {formatDateTime(eir.validFrom)} – {formatDateTime(eir.validUntil)}
          </dd>
          <dt>{t("eir.truckPlate")}</dt>
          <dd>{eir.truckPlate ?? "—"}</dd>
        </dl>
        {qr ? (
          <img class="qr" src={qr} alt={t("eir.qr", { reference: eir.reference })} width={180} height={180} />
        ) : null}
      </div>
      {eir.status === "issued" ? (
        <form
          class="action-form"
          onSubmit={(e) => {
            e.preventDefault();
            void assign();
          }}
        >
          <TruckPlateField value={truckPlate} onValue={setPlate} />
          <div class="field">
            <label for={ids.driver}>{t("eir.driver")}</label>
            <input
              id={ids.driver}
              value={driver}
              autocomplete="off"
              onInput={(e) => setDriver((e.currentTarget as HTMLInputElement).value)}
            />
          </div>
          <div class="actions">
            <button type="submit" class="primary" disabled={busy || !truckPlate}>
              {t("haulier.assign")}
            </button>
          </div>
        </form>
      ) : null}
      <ErrorMessage error={error} />
    </article>
  );
}

/** The containers consignees nominated this haulier to collect, those still to collect first, with their e-EIR. */
function Nominations({
  nominations,
  interchanges,
}: {
  nominations: ContainerView[] | null;
  interchanges: Interchange[];
}) {
  const sorted = [...(nominations ?? [])].sort((a, b) => Number(a.gatedOutAt !== null) - Number(b.gatedOutAt !== null));
  return (
    <Section title={t("nominations.title")} id="nominations">
      {nominations === null ? (
        <p>{t("common.loading")}</p>
      ) : sorted.length === 0 ? (
        <p>{t("nominations.none")}</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">{t("gate.container")}</th>
              <th scope="col">{t("nominations.blNumber")}</th>
              <th scope="col">{t("nominations.deliveryOrder")}</th>
              <th scope="col">{t("nominations.terminal")}</th>
              <th scope="col">{t("nominations.customs")}</th>
              <th scope="col">{t("nominations.state")}</th>
              <th scope="col">{t("nominations.eir")}</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((c) => {
              const eir = interchanges.find(
                (e) =>
                  e.container === c.container && e.deliveryOrderId === c.deliveryOrderId && e.status !== "cancelled",
              );
              return (
                <tr key={c.container} data-container={c.container}>
                  <th scope="row" class="mono">
                    {c.container}
                  </th>
                  <td>{c.blNumber ?? "—"}</td>
                  <td>{c.deliveryOrderId ?? "—"}</td>
                  <td>{c.terminal?.name ?? "—"}</td>
                  <td>
                    {c.customsHeld
                      ? t("nominations.held")
                      : c.customsReleased
                        ? t("nominations.released")
                        : t("nominations.notReleased")}
                  </td>
                  <td>
                    {c.gatedOutAt
                      ? t("nominations.collected", { time: formatDateTime(c.gatedOutAt) })
                      : t("nominations.waiting")}
                  </td>
                  <td class="mono">{eir ? eir.reference : t("nominations.noEir")}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </Section>
  );
}
