/**
 * Issuing a B/L from a form: the fields a documentation clerk fills, in sections that fit a 1024×768 tablet, built
 * into a DCSA eBL 3.0.3 transport document that the gateway validates (its refusal names each field).
 */
import { useEffect, useId, useState } from "preact/hooks";
import { api, data, type BillOfLading } from "../api.ts";
import { ContainerNumberField, PartyPicker, resolveParty, useOrganizations } from "../components.tsx";
import { t } from "../i18n.ts";
import { ProblemDetails } from "../ProblemDetails.tsx";
import { useConsole } from "../state.ts";
import {
  carrierDefaults,
  defaultFields,
  emptyContainer,
  transportDocumentOf,
  type ContainerLine,
  type IssueFields,
} from "./transportDocumentForm.ts";

/** A labelled text input. */
export function TextField({
  label,
  value,
  onValue,
  ...input
}: {
  label: string;
  value: string;
  onValue: (value: string) => void;
  required?: boolean;
  maxLength?: number;
  pattern?: string;
  title?: string;
  placeholder?: string;
  type?: "text" | "date" | "email";
  inputMode?: "numeric" | "decimal";
  spellcheck?: boolean;
}) {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        value={value}
        onInput={(e) => onValue((e.currentTarget as HTMLInputElement).value)}
        // Preact types each input `type` apart; these few attributes hold for all of them.
        {...(input as Record<string, unknown>)}
      />
    </div>
  );
}

export function IssueFromForm({ onDone }: { onDone: (message: string) => void }) {
  const { caller } = useConsole();
  const organizations = useOrganizations();
  const [f, setFields] = useState<IssueFields>(() => defaultFields(caller?.name ?? ""));
  const [shipperText, setShipperText] = useState("");
  const [consigneeText, setConsigneeText] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [detailsOpen, setDetailsOpen] = useState(true);
  const ids = { type: useId(), freight: useId(), goods: useId(), clauses: useId(), terms: useId() };
  const set = (patch: Partial<IssueFields>) => setFields((old) => ({ ...old, ...patch }));
  const setContainer = (i: number, patch: Partial<ContainerLine>) =>
    setFields((old) => ({ ...old, containers: old.containers.map((c, j) => (j === i ? { ...c, ...patch } : c)) }));

  // The carrier's code, office, contact and terms: as on the last B/L it issued, so the clerk types them once.
  useEffect(() => {
    let current = true;
    data(api.GET("/v1/bills-of-lading", { params: { query: { filter: "issued", limit: 1 } } }))
      .then(({ items }) =>
        items[0]
          ? data(
              api.GET("/v1/bills-of-lading/{blNumber}", {
                params: { path: { blNumber: items[0].blNumber }, query: { carrier: items[0].carrier?.orgId } },
              }),
            )
          : null,
      )
      .then((last) => {
        if (!current || !last) return;
        const found = carrierDefaults(last.transportDocument);
        set(found);
        // Folded away once they are all known; open while the clerk still has one to type.
        if (found.carrierCode && found.issuerStreet && found.contactName && found.contactEmail) setDetailsOpen(false);
      })
      .catch(() => {}); // no defaults: the clerk types them
    return () => void (current = false);
  }, []);

  const named = f.blType !== "toOrder";
  const ready = !!f.shipper.orgId && (!named || !!f.consignee.orgId);

  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      // 201: this node signs for the carrier (a browser-signing carrier is not served by this form).
      const issued = (await data(
        api.POST("/v1/bills-of-lading", {
          body: {
            transportDocument: transportDocumentOf(f),
            issueTo: f.shipper.orgId!,
            ...(named ? { consignee: f.consignee.orgId } : {}),
          },
        }),
      )) as BillOfLading;
      // The next B/L of the same vessel keeps the voyage, ports, parties and goods; its number and boxes are new.
      set({ blNumber: "", bookingReference: "", containers: [emptyContainer()] });
      onDone(t("common.done", { what: `${t("carrier.submit")} ${issued.blNumber}` }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const party = (text: string, orgId: string | undefined) => ({
    orgId,
    name: (orgId && resolveParty(orgId, organizations)?.name) || text,
  });

  return (
    <form
      class="issue-form"
      aria-label={t("issueForm.title")}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <fieldset>
        <legend>{t("issueForm.bl")}</legend>
        <div class="pair">
          <TextField
            label={t("bl.number")}
            value={f.blNumber}
            required
            maxLength={20}
            spellcheck={false}
            onValue={(v) => set({ blNumber: v.toUpperCase() })}
          />
          <div class="field">
            <label for={ids.type}>{t("bl.type")}</label>
            <select
              id={ids.type}
              value={f.blType}
              onChange={(e) => set({ blType: (e.currentTarget as HTMLSelectElement).value as IssueFields["blType"] })}
            >
              {(["toOrder", "straight", "seaWaybill"] as const).map((k) => (
                <option key={k} value={k}>
                  {t(`bl.types.${k}`)}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div class="pair">
          <TextField
            label={t("issueForm.booking")}
            value={f.bookingReference}
            required
            maxLength={35}
            onValue={(v) => set({ bookingReference: v })}
          />
          <div class="field">
            <label for={ids.freight}>{t("issueForm.freight")}</label>
            <select
              id={ids.freight}
              value={f.freight}
              onChange={(e) => set({ freight: (e.currentTarget as HTMLSelectElement).value as IssueFields["freight"] })}
            >
              <option value="PRE">{t("issueForm.prepaid")}</option>
              <option value="COL">{t("issueForm.collect")}</option>
            </select>
          </div>
        </div>
      </fieldset>

      <fieldset>
        <legend>{t("issueForm.parties")}</legend>
        <PartyPicker
          label={t("issueForm.shipper")}
          value={shipperText}
          required
          onChange={(text, orgId) => {
            setShipperText(text);
            set({ shipper: party(text, orgId) });
          }}
        />
        {named ? (
          <PartyPicker
            label={t("bl.consignee")}
            value={consigneeText}
            required
            onChange={(text, orgId) => {
              setConsigneeText(text);
              set({ consignee: party(text, orgId) });
            }}
          />
        ) : null}
        <TextField
          label={t("issueForm.notify")}
          value={f.notifyName}
          maxLength={70}
          onValue={(v) => set({ notifyName: v })}
        />
      </fieldset>

      <fieldset>
        <legend>{t("issueForm.voyage")}</legend>
        <div class="pair">
          <TextField
            label={t("issueForm.vessel")}
            value={f.vesselName}
            required
            maxLength={50}
            onValue={(v) => set({ vesselName: v })}
          />
          <TextField
            label={t("issueForm.voyageNumber")}
            value={f.voyage}
            required
            maxLength={50}
            onValue={(v) => set({ voyage: v.toUpperCase() })}
          />
        </div>
        <div class="pair">
          <TextField
            label={t("issueForm.portOfLoading")}
            value={f.portOfLoading}
            required
            pattern="[A-Za-z]{2}[A-Za-z2-9]{3}"
            maxLength={5}
            title={t("issueForm.locode")}
            placeholder="UN/LOCODE"
            onValue={(v) => set({ portOfLoading: v.toUpperCase() })}
          />
          <TextField
            label={t("issueForm.portOfDischarge")}
            value={f.portOfDischarge}
            required
            pattern="[A-Za-z]{2}[A-Za-z2-9]{3}"
            maxLength={5}
            title={t("issueForm.locode")}
            placeholder="UN/LOCODE"
            onValue={(v) => set({ portOfDischarge: v.toUpperCase() })}
          />
        </div>
        <div class="pair">
          <TextField
            label={t("issueForm.departure")}
            type="date"
            value={f.departureDate}
            required
            onValue={(v) => set({ departureDate: v })}
          />
          <TextField
            label={t("issueForm.arrival")}
            type="date"
            value={f.arrivalDate}
            required
            onValue={(v) => set({ arrivalDate: v })}
          />
        </div>
      </fieldset>

      <fieldset class="wide">
        <legend>{t("issueForm.containers")}</legend>
        {f.containers.map((c, i) => (
          <div class="container-line" role="group" aria-label={t("issueForm.containerN", { n: i + 1 })} key={i}>
            <ContainerNumberField value={c.number} onValue={(number) => setContainer(i, { number })} />
            <TextField
              label={t("issueForm.sizeType")}
              value={c.sizeType}
              required
              maxLength={4}
              onValue={(v) => setContainer(i, { sizeType: v.toUpperCase() })}
            />
            <TextField
              label={t("issueForm.seals")}
              value={c.seals}
              onValue={(v) => setContainer(i, { seals: v.toUpperCase() })}
            />
            <TextField
              label={t("issueForm.packages")}
              value={c.packages}
              inputMode="numeric"
              required
              onValue={(v) => setContainer(i, { packages: v })}
            />
            <TextField
              label={t("issueForm.weight")}
              value={c.weightKg}
              inputMode="decimal"
              required
              onValue={(v) => setContainer(i, { weightKg: v })}
            />
            <div class="line-actions">
              {f.containers.length > 1 ? (
                <button
                  type="button"
                  aria-label={t("issueForm.removeContainer", { n: i + 1 })}
                  onClick={() => set({ containers: f.containers.filter((_, j) => j !== i) })}
                >
                  ×
                </button>
              ) : null}
              {i === f.containers.length - 1 ? (
                <button type="button" onClick={() => set({ containers: [...f.containers, emptyContainer()] })}>
                  {t("issueForm.addContainer")}
                </button>
              ) : null}
            </div>
          </div>
        ))}
      </fieldset>

      <fieldset>
        <legend>{t("issueForm.goods")}</legend>
        <div class="field">
          <label for={ids.goods}>{t("issueForm.description")}</label>
          <textarea
            id={ids.goods}
            rows={2}
            required
            value={f.goodsDescription}
            onInput={(e) => set({ goodsDescription: (e.currentTarget as HTMLTextAreaElement).value })}
          />
        </div>
        <div class="pair">
          <TextField
            label={t("issueForm.hsCode")}
            value={f.hsCode}
            required
            inputMode="numeric"
            onValue={(v) => set({ hsCode: v })}
          />
          <TextField
            label={t("issueForm.packageKind")}
            value={f.packageKind}
            required
            onValue={(v) => set({ packageKind: v })}
          />
        </div>
      </fieldset>

      <fieldset>
        <legend>{t("issueForm.clauses")}</legend>
        <div class="field">
          <label for={ids.clauses}>{t("issueForm.clausesHint")}</label>
          <textarea
            id={ids.clauses}
            rows={3}
            value={f.clauses}
            onInput={(e) => set({ clauses: (e.currentTarget as HTMLTextAreaElement).value })}
          />
        </div>
      </fieldset>

      <details
        class={detailsOpen ? "wide" : undefined}
        open={detailsOpen}
        onToggle={(e) => setDetailsOpen((e.currentTarget as HTMLDetailsElement).open)}
      >
        <summary>{t("issueForm.carrierDetails")}</summary>
        <div class="carrier-details">
          <TextField
            label={t("issueForm.carrierCode")}
            value={f.carrierCode}
            required
            maxLength={4}
            onValue={(v) => set({ carrierCode: v.toUpperCase() })}
          />
          <TextField
            label={t("issueForm.issuer")}
            value={f.issuerName}
            required
            onValue={(v) => set({ issuerName: v })}
          />
          <TextField
            label={t("issueForm.street")}
            value={f.issuerStreet}
            required
            onValue={(v) => set({ issuerStreet: v })}
          />
          <TextField
            label={t("issueForm.city")}
            value={f.issuerCity}
            required
            onValue={(v) => set({ issuerCity: v })}
          />
          <TextField
            label={t("issueForm.country")}
            value={f.issuerCountry}
            required
            maxLength={2}
            onValue={(v) => set({ issuerCountry: v.toUpperCase() })}
          />
          <TextField
            label={t("issueForm.contact")}
            value={f.contactName}
            required
            onValue={(v) => set({ contactName: v })}
          />
          <TextField
            label={t("issueForm.email")}
            type="email"
            value={f.contactEmail}
            required
            onValue={(v) => set({ contactEmail: v })}
          />
          <div class="field wide">
            <label for={ids.terms}>{t("issueForm.terms")}</label>
            <textarea
              id={ids.terms}
              rows={2}
              value={f.termsAndConditions}
              onInput={(e) => set({ termsAndConditions: (e.currentTarget as HTMLTextAreaElement).value })}
            />
          </div>
        </div>
      </details>

      <div class="actions wide">
        <button type="submit" class="primary" disabled={busy || !ready}>
          {t("carrier.submit")}
        </button>
      </div>
      <div class="wide">
        <ProblemDetails error={error} />
      </div>
    </form>
  );
}
