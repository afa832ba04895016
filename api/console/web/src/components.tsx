/** Pieces the pages share: errors, file drop, the party picker, the container number field, a B/L's facts. */
import type { ComponentChildren } from "preact";
import { useEffect, useId, useState } from "preact/hooks";
import { isContainerNumber } from "../../../release/containerNumber.ts";
import { api, data, problemText, type BillOfLading, type Organization } from "./api.ts";
import { formatDateTime, t } from "./i18n.ts";

/** An error as the clerk reads it: the API's detail, translated where its code is known. */
export function ErrorMessage({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p class="error" role="alert">
      {problemText(error)}
    </p>
  );
}

export function Notice({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <p class="notice" role="status">
      {text}
    </p>
  );
}

export function Section({ title, children, id }: { title: string; children: ComponentChildren; id?: string }) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} id={id}>
      <h2 id={headingId}>{title}</h2>
      {children}
    </section>
  );
}

/** A file input that also takes a dropped file; the file's text and name go to `onText`. */
export function FileDrop({ label, onText }: { label: string; onText: (text: string, name: string) => void }) {
  const id = useId();
  const [over, setOver] = useState(false);
  const read = async (file: File | undefined) => {
    if (file) onText(await file.text(), file.name);
  };
  return (
    <div
      class={over ? "drop over" : "drop"}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        setOver(false);
        void read(e.dataTransfer?.files[0]);
      }}
    >
      <label for={id}>{label}</label>
      <input
        id={id}
        type="file"
        accept="application/json,.json"
        onChange={(e) => void read((e.currentTarget as HTMLInputElement).files?.[0])}
      />
      <span class="hint">{t("common.chooseFile")}</span>
    </div>
  );
}

let organizations: Promise<Organization[]> | undefined;
/** The port community's organizations, asked once per page load. */
export function useOrganizations(): Organization[] {
  const [list, setList] = useState<Organization[]>([]);
  useEffect(() => {
    organizations ??= data(api.GET("/v1/organizations")).then((r) => r.items);
    organizations.then(setList, () => (organizations = undefined));
  }, []);
  return list;
}

/** The organization a picker's text names: its orgId, its name, or "name (orgId)" as the list offers it. */
export function resolveParty(text: string, list: Organization[]): Organization | undefined {
  const typed = text.trim();
  const key = /\(([A-Z0-9-]+)\)$/.exec(typed)?.[1] ?? typed.toUpperCase();
  return (
    list.find((o) => o.orgId === key) ?? list.find((o) => o.name.toLowerCase() === typed.toLowerCase()) ?? undefined
  );
}

/** Picks a party by name or orgId from the organizations (optionally of one role); `onChange` gets its orgId. */
export function PartyPicker({
  label,
  role,
  value,
  onChange,
  required,
}: {
  label: string;
  role?: string;
  value: string;
  onChange: (text: string, orgId: string | undefined) => void;
  required?: boolean;
}) {
  const id = useId();
  const listId = useId();
  const all = useOrganizations();
  const list = role ? all.filter((o) => (o.roles as string[]).includes(role)) : all;
  const party = resolveParty(value, all);
  // What was typed before the organizations arrived is resolved once they are here.
  useEffect(() => {
    if (value) onChange(value, party?.orgId);
  }, [all]);
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <input
        id={id}
        list={listId}
        value={value}
        required={required}
        autocomplete="off"
        placeholder={t("party.placeholder")}
        aria-invalid={value !== "" && !party}
        onInput={(e) => {
          const text = (e.currentTarget as HTMLInputElement).value;
          onChange(text, resolveParty(text, all)?.orgId);
        }}
      />
      <datalist id={listId}>
        {list.map((o) => (
          <option key={o.orgId} value={`${o.name} (${o.orgId})`} />
        ))}
      </datalist>
      {value !== "" && !party ? <span class="hint bad">{t("party.unknown", { text: value })}</span> : null}
    </div>
  );
}

const partyName = (p: { name: string; orgId: string } | null) => (p ? `${p.name} (${p.orgId})` : "—");

/** A B/L's facts, as a definition list. */
export function BillFacts({ bl }: { bl: BillOfLading }) {
  return (
    <dl class="facts">
      <dt>{t("bl.type")}</dt>
      <dd>{t(`bl.types.${bl.blType}`)}</dd>
      <dt>{t("bl.state")}</dt>
      <dd>{t(`bl.states.${bl.state}`)}</dd>
      <dt>{t("bl.carrier")}</dt>
      <dd>{partyName(bl.carrier)}</dd>
      <dt>{t("bl.holder")}</dt>
      <dd>{partyName(bl.holder)}</dd>
      {bl.endorsee ? (
        <>
          <dt>{t("bl.endorsee")}</dt>
          <dd>{partyName(bl.endorsee)}</dd>
        </>
      ) : null}
      {bl.consignee ? (
        <>
          <dt>{t("bl.consignee")}</dt>
          <dd>{partyName(bl.consignee)}</dd>
        </>
      ) : null}
      <dt>{t("bl.version")}</dt>
      <dd>{bl.version}</dd>
      <dt>{t("bl.updatedAt")}</dt>
      <dd>
        <time dateTime={bl.updatedAt}>{formatDateTime(bl.updatedAt)}</time>
      </dd>
    </dl>
  );
}

/** What the clerk is told about the container number typed so far (ISO 6346, check digit included). */
export function containerCheck(text: string): { ok: boolean; message: string } {
  if (isContainerNumber(text)) return { ok: true, message: t("gate.valid") };
  if (/^[A-Z]{3}[UJZ][0-9]{7}$/.test(text)) {
    const digit = [..."0123456789"].find((d) => isContainerNumber(text.slice(0, 10) + d));
    return { ok: false, message: t("gate.wrongCheckDigit", { digit }) };
  }
  return { ok: false, message: t("gate.malformed") };
}

/**
 * One container number, upper-cased and without spaces as it is typed, its check shown beside it. `big`: the gate's
 * own field, large and read out as it changes.
 */
export function ContainerNumberField({
  value,
  onValue,
  big = false,
}: {
  value: string;
  onValue: (container: string) => void;
  big?: boolean;
}) {
  const id = useId();
  const check = value ? containerCheck(value) : null;
  return (
    <div class="field">
      <label for={id}>{t("gate.container")}</label>
      <input
        id={id}
        class={big ? "big" : undefined}
        value={value}
        maxLength={11}
        autocomplete="off"
        autocapitalize={big ? "characters" : undefined}
        spellcheck={false}
        aria-describedby={`${id}-check`}
        aria-invalid={check ? !check.ok : undefined}
        onInput={(e) => onValue((e.currentTarget as HTMLInputElement).value.toUpperCase().replace(/\s+/g, ""))}
      />
      <span
        id={`${id}-check`}
        class={check ? (check.ok ? "hint good" : "hint bad") : "hint"}
        aria-live={big ? "polite" : undefined}
      >
        {check ? check.message : t("gate.containerHint")}
      </span>
    </div>
  );
}

/** How many days a delivery order or an e-EIR is valid for, from now: a choice of 1, 3, 7 or 14. */
export function ValidityField({
  label,
  days,
  onDays,
}: {
  label: string;
  days: number;
  onDays: (days: number) => void;
}) {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select
        id={id}
        value={String(days)}
        onChange={(e) => onDays(Number((e.currentTarget as HTMLSelectElement).value))}
      >
        {[1, 3, 7, 14].map((d) => (
          <option key={d} value={String(d)}>
            {t("deliveryOrder.days", { count: d })}
          </option>
        ))}
      </select>
    </div>
  );
}

/** A truck's plate (津A12345), in capitals as typed; required. */
export function TruckPlateField({ value, onValue }: { value: string; onValue: (plate: string) => void }) {
  const id = useId();
  return (
    <div class="field">
      <label for={id}>{t("eir.truckPlate")}</label>
      <input
        id={id}
        value={value}
        required
        autocomplete="off"
        placeholder="津A12345"
        onInput={(e) => onValue((e.currentTarget as HTMLInputElement).value.toUpperCase())}
      />
    </div>
  );
}
