/**
 * A B/L's human-readable face: the transport document laid out like a bill of lading (parties, vessel and voyage,
 * ports, containers and seals, goods, freight, clauses), with its checksum and a QR code that opens the verify page,
 * and the endorsement chain beside it. The browser prints it (to paper or PDF); the screen's header is not printed.
 */
import QRCode from "qrcode";
import { useEffect, useState } from "preact/hooks";
import { api, data, type BillWithDocument } from "../api.ts";
import { ErrorMessage } from "../components.tsx";
import { formatDateTime, t } from "../i18n.ts";

type Doc = Record<string, unknown>;
type Chain = { actionCode: string; actionDateTime: string; actor: Party | null; recipient: Party | null }[];
type Party = { orgId: string; name: string };

const obj = (v: unknown): Doc => (v && typeof v === "object" && !Array.isArray(v) ? (v as Doc) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const text = (v: unknown): string => (v === undefined || v === null ? "" : String(v));

/** The page the QR code opens: this document's checksum on the public verify page. */
export const verifyUrl = (checksum: string) => `${window.location.origin}/console/#/verify/${checksum}`;

function PartyBlock({ label, party }: { label: string; party: unknown }) {
  const p = obj(party);
  if (!p.partyName) return null;
  const address = obj(p.address);
  const lines = list(p.displayedAddress).map(text);
  if (!lines.length && Object.keys(address).length)
    lines.push(
      [address.street, address.streetNumber].filter(Boolean).join(" "),
      [address.postCode, address.city, address.countryCode].filter(Boolean).join(" "),
    );
  return (
    <div class="doc-box">
      <h2>{label}</h2>
      <p>
        <strong>{text(p.partyName)}</strong>
      </p>
      {lines.filter(Boolean).map((l) => (
        <p key={l}>{l}</p>
      ))}
    </div>
  );
}

export function DocumentPage({ blNumber }: { blNumber: string }) {
  const [bl, setBl] = useState<BillWithDocument | null>(null);
  const [chain, setChain] = useState<Chain>([]);
  const [qr, setQr] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const params = { params: { path: { blNumber } } };
    data(api.GET("/v1/bills-of-lading/{blNumber}", params)).then(setBl, setError);
    data(api.GET("/v1/bills-of-lading/{blNumber}/endorsement-chain", params)).then(
      (c) => setChain(c.endorsementChain as Chain),
      () => setChain([]),
    );
  }, [blNumber]);
  const checksum = bl ? text(bl.documentChecksum) : "";
  useEffect(() => {
    if (checksum) QRCode.toDataURL(verifyUrl(checksum), { margin: 1, width: 160 }).then(setQr, () => setQr(null));
  }, [checksum]);

  if (error) return <ErrorMessage error={error} />;
  if (!bl) return <p>{t("common.loading")}</p>;
  const d = bl.transportDocument;
  const parties = obj(d.documentParties);
  const transport = obj(d.transports);
  const voyages = list(transport.vesselVoyages).map(obj);
  const equipment = list(d.utilizedTransportEquipments).map(obj);
  const items = list(d.consignmentItems).map(obj);
  const charges = list(d.charges).map(obj);
  const location = (v: unknown) => {
    const l = obj(v);
    return text(l.locationName ?? l.UNLocationCode ?? obj(l.location).UNLocationCode);
  };

  return (
    <>
      <div class="actions no-print">
        <button type="button" class="primary" onClick={() => window.print()}>
          {t("doc.print")}
        </button>
        <a href={`/v1/bills-of-lading/${encodeURIComponent(blNumber)}/document.pdf`} download={`${blNumber}.pdf`}>
          {t("doc.pdf")}
        </a>
        <a href="#/">{t("doc.back")}</a>
      </div>
      <div class="document-layout">
        <article class="document" aria-label={t("doc.title", { blNumber })}>
          <div class="doc-head">
            <div>
              <h1>{t("doc.heading")}</h1>
              <p>
                {t(`bl.types.${bl.blType}`)} · {t(`bl.states.${bl.state}`)} · {t("bl.version")} {text(bl.version)}
              </p>
            </div>
            <dl class="facts">
              <dt>{t("bl.number")}</dt>
              <dd>
                <strong>{text(d.transportDocumentReference)}</strong>
              </dd>
              <dt>{t("doc.shippedOnBoard")}</dt>
              <dd>{text(d.shippedOnBoardDate) || "—"}</dd>
              <dt>{t("doc.freight")}</dt>
              <dd>
                {t(`doc.freightTerms.${text(d.freightPaymentTermCode)}`, {
                  defaultValue: text(d.freightPaymentTermCode),
                })}
              </dd>
            </dl>
          </div>
          <div class="doc-grid">
            <PartyBlock label={t("doc.shipper")} party={parties.shipper} />
            <PartyBlock label={t("bl.consignee")} party={parties.consignee} />
            <PartyBlock label={t("doc.carrier")} party={parties.issuingParty} />
            {list(parties.notifyParties).map((n, i) => (
              <PartyBlock key={i} label={t("doc.notify")} party={n} />
            ))}
          </div>
          <div class="doc-grid">
            <div class="doc-box">
              <h2>{t("doc.vessel")}</h2>
              {voyages.map((v, i) => (
                <p key={i}>
                  {text(v.vesselName)} / {text(v.carrierExportVoyageNumber)}
                </p>
              ))}
            </div>
            <div class="doc-box">
              <h2>{t("doc.portOfLoading")}</h2>
              <p>{location(transport.portOfLoading)}</p>
            </div>
            <div class="doc-box">
              <h2>{t("doc.portOfDischarge")}</h2>
              <p>{location(transport.portOfDischarge)}</p>
            </div>
          </div>
          <h2>{t("doc.containers")}</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("gate.container")}</th>
                <th scope="col">{t("doc.sizeType")}</th>
                <th scope="col">{t("doc.seals")}</th>
              </tr>
            </thead>
            <tbody>
              {equipment.map((e, i) => (
                <tr key={i}>
                  <td class="mono">{text(obj(e.equipment).equipmentReference)}</td>
                  <td>{text(obj(e.equipment).ISOEquipmentCode)}</td>
                  <td>
                    {list(e.seals)
                      .map((s) => text(obj(s).number))
                      .join(", ")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>{t("doc.goods")}</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("doc.description")}</th>
                <th scope="col">{t("doc.hsCodes")}</th>
                <th scope="col">{t("doc.packages")}</th>
                <th scope="col">{t("doc.weight")}</th>
              </tr>
            </thead>
            <tbody>
              {items.flatMap((item, i) =>
                list(item.cargoItems).map((c, j) => {
                  const cargo = obj(c);
                  const packaging = obj(cargo.outerPackaging);
                  const weight = obj(cargo.cargoGrossWeight);
                  return (
                    <tr key={`${i}-${j}`}>
                      <td>{list(item.descriptionOfGoods).map(text).join("; ")}</td>
                      <td>{list(item.HSCodes).map(text).join(", ")}</td>
                      <td>
                        {text(packaging.numberOfPackages)} {text(packaging.description)}
                      </td>
                      <td>
                        {text(weight.value)} {text(weight.unit)}
                      </td>
                    </tr>
                  );
                }),
              )}
            </tbody>
          </table>
          {charges.length ? (
            <>
              <h2>{t("doc.charges")}</h2>
              <ul>
                {charges.map((c, i) => (
                  <li key={i}>
                    {text(c.chargeName)}: {text(c.currencyAmount)} {text(c.currencyCode)} ({text(c.paymentTermCode)})
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <h2>{t("doc.clauses")}</h2>
          <p class="clauses">{text(d.termsAndConditions)}</p>
          <div class="doc-foot">
            <div>
              <h2>{t("bl.checksum")}</h2>
              <p class="mono">{checksum}</p>
              <p class="hint">{t("doc.verifyHint")}</p>
            </div>
            {qr ? <img class="qr" src={qr} alt={t("doc.qr")} width={160} height={160} /> : null}
          </div>
        </article>
        <aside class="timeline" aria-label={t("doc.chain")}>
          <h2>{t("doc.chain")}</h2>
          <ol>
            {chain.map((step, i) => (
              <li key={i}>
                <strong>{t(`doc.actions.${step.actionCode}`, { defaultValue: step.actionCode })}</strong>
                <span>
                  {step.actor?.name ?? "—"}
                  {step.recipient ? ` → ${step.recipient.name}` : ""}
                </span>
                <time dateTime={step.actionDateTime}>{formatDateTime(step.actionDateTime)}</time>
              </li>
            ))}
          </ol>
        </aside>
      </div>
    </>
  );
}
