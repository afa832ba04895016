/**
 * The carrier issues an e-EIR (equipment interchange receipt): which box, laden or empty with its seals, for which
 * move, out of which facility and back to which, by which haulier, for how long. The haulier sees it at once.
 */
import { useId, useState } from "preact/hooks";
import type { InterchangePurpose } from "../../../../domain.ts";
import { api, data, written } from "../api.ts";
import { ContainerNumberField, Notice, PartyPicker, Section, ValidityField, containerCheck } from "../components.tsx";
import { t } from "../i18n.ts";
import { ProblemDetails } from "../ProblemDetails.tsx";
import { TextField } from "./IssueFromForm.tsx";

const DAY_MS = 86_400_000;
const PURPOSES: InterchangePurpose[] = ["importPickUp", "emptyPickUpForExport", "emptyReturn", "exportLadenDelivery"];
const SIZE_TYPES = ["22G1", "42G1", "45G1", "22R1", "45R1", "22U1", "45U1", "22T1"];

type Picked = { text: string; orgId: string | undefined };
const nobody: Picked = { text: "", orgId: undefined };

export function InterchangeForm() {
  const ids = { purpose: useId(), sizeType: useId(), laden: useId(), sizeTypes: useId() };
  const [container, setContainer] = useState("");
  const [sizeType, setSizeType] = useState("45G1");
  const [purpose, setPurpose] = useState<InterchangePurpose>("importPickUp");
  const [laden, setLaden] = useState(true);
  const [seals, setSeals] = useState("");
  const [deliveryOrderId, setDeliveryOrderId] = useState("");
  const [bookingReference, setBooking] = useState("");
  const [outFacility, setOut] = useState<Picked>(nobody);
  const [returnFacility, setReturn] = useState<Picked>(nobody);
  const [haulier, setHaulier] = useState<Picked>(nobody);
  const [truckPlate, setTruckPlate] = useState("");
  const [days, setDays] = useState(3);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const needsOrder = purpose === "importPickUp";
  const needsBooking = purpose === "emptyPickUpForExport" || purpose === "exportLadenDelivery";
  const sealList = seals
    .toUpperCase()
    .split(/[\s,;，；]+/)
    .filter(Boolean);
  const ready =
    containerCheck(container).ok &&
    !!outFacility.orgId &&
    !!returnFacility.orgId &&
    !!haulier.orgId &&
    (!needsOrder || Number(deliveryOrderId) > 0) &&
    (!needsBooking || bookingReference.trim() !== "");

  const choosePurpose = (p: InterchangePurpose) => {
    setPurpose(p);
    // What each move usually carries: an import pick-up and an export delivery are laden, the others empty.
    setLaden(p === "importPickUp" || p === "exportLadenDelivery");
  };

  const submit = async () => {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const now = Date.now();
      const issued = written(
        await data(
          api.POST("/v1/equipment-interchanges", {
            body: {
              container,
              sizeType,
              laden,
              seals: sealList,
              purpose,
              ...(needsOrder ? { deliveryOrderId: Number(deliveryOrderId) } : {}),
              ...(bookingReference.trim() ? { bookingReference: bookingReference.trim() } : {}),
              outFacility: outFacility.orgId!,
              returnFacility: returnFacility.orgId!,
              haulier: haulier.orgId!,
              ...(truckPlate.trim() ? { truckPlate: truckPlate.trim() } : {}),
              // From a minute ago, so that the gate may let the truck through at once.
              validFrom: new Date(now - 60_000).toISOString(),
              validUntil: new Date(now + days * DAY_MS).toISOString(),
            },
          }),
        ),
      );
      setNotice(t("interchange.issued", { reference: issued.reference, container: issued.container }));
      setContainer("");
      setSeals("");
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Section title={t("interchange.title")} id="interchange">
      <Notice text={notice} />
      <form
        class="interchange-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <ContainerNumberField value={container} onValue={setContainer} />
        <div class="field">
          <label for={ids.sizeType}>{t("issueForm.sizeType")}</label>
          <input
            id={ids.sizeType}
            list={ids.sizeTypes}
            value={sizeType}
            maxLength={4}
            onInput={(e) => setSizeType((e.currentTarget as HTMLInputElement).value.toUpperCase())}
          />
          <datalist id={ids.sizeTypes}>
            {SIZE_TYPES.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
        </div>
        <div class="field">
          <label for={ids.purpose}>{t("eir.purpose")}</label>
          <select
            id={ids.purpose}
            value={purpose}
            onChange={(e) => choosePurpose((e.currentTarget as HTMLSelectElement).value as InterchangePurpose)}
          >
            {PURPOSES.map((p) => (
              <option key={p} value={p}>
                {t(`eir.purposes.${p}`)}
              </option>
            ))}
          </select>
        </div>
        <div class="field check">
          <input
            id={ids.laden}
            type="checkbox"
            checked={laden}
            onChange={(e) => setLaden((e.currentTarget as HTMLInputElement).checked)}
          />
          <label for={ids.laden}>{t("interchange.laden")}</label>
        </div>
        <TextField label={t("interchange.seals")} value={seals} required={laden} onValue={setSeals} />
        {needsOrder ? (
          <TextField
            label={t("interchange.deliveryOrder")}
            value={deliveryOrderId}
            inputMode="numeric"
            required
            onValue={(v) => setDeliveryOrderId(v.replace(/\D/g, ""))}
          />
        ) : (
          <TextField
            label={t("interchange.booking")}
            value={bookingReference}
            required={needsBooking}
            maxLength={32}
            onValue={setBooking}
          />
        )}
        <PartyPicker
          label={t("interchange.outFacility")}
          value={outFacility.text}
          required
          onChange={(text, orgId) => setOut({ text, orgId })}
        />
        <PartyPicker
          label={t("interchange.returnFacility")}
          value={returnFacility.text}
          required
          onChange={(text, orgId) => setReturn({ text, orgId })}
        />
        <PartyPicker
          label={t("gate.haulier")}
          role="haulier"
          value={haulier.text}
          required
          onChange={(text, orgId) => setHaulier({ text, orgId })}
        />
        <TextField label={t("interchange.truckPlate")} value={truckPlate} onValue={setTruckPlate} />
        <ValidityField label={t("interchange.validDays")} days={days} onDays={setDays} />
        <div class="actions wide">
          <button type="submit" class="primary" disabled={busy || !ready}>
            {t("interchange.submit")}
          </button>
        </div>
        <div class="wide">
          <ProblemDetails error={error} />
        </div>
      </form>
    </Section>
  );
}
