/**
 * The gate clerk's e-EIR work for the container at the barrier: its e-EIR that awaits this gate (a gate-out here, or
 * its return here), and the condition report that goes on chain with the gate record: the truck, the seals found
 * (checked against the e-EIR's as they are typed), sound or damaged with damage codes picked on the box's diagram or
 * from lists, and photos from the camera or a file, uploaded first so that their SHA-256 goes on chain.
 */
import { useEffect, useId, useRef, useState } from "preact/hooks";
import type { operations } from "../../../../client/index.ts";
import { api, ApiProblem, data, written, type Interchange } from "../api.ts";
import { ErrorMessage, Notice, Section, TruckPlateField } from "../components.tsx";
import { ContainerDiagram } from "../ContainerDiagram.tsx";
import {
  COMPONENTS,
  DAMAGE_TYPES,
  damageKey,
  FACES,
  faceOf,
  LOCATIONS,
  type Damage,
  type Face,
} from "../damageCodes.ts";
import { formatDateTime, t } from "../i18n.ts";
import { useConsole } from "../state.ts";
import { ConditionFacts, damageCodes } from "./GateRecords.tsx";
import "./Gate.css";

export type Direction = "out" | "in";
type History = operations["getContainerInterchanges"]["responses"][200]["content"]["application/json"];
type Party = { orgId: string; name: string };

/** The e-EIRs of `container` that await this facility's gate in `direction`, each with its condition report form. */
export function InterchangeGate({
  container,
  haulier,
  direction,
  reload,
}: {
  container: string;
  haulier: Party;
  direction: Direction;
  reload: number;
}) {
  const { caller, liveTick } = useConsole();
  const [history, setHistory] = useState<History | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [recorded, setRecorded] = useState<Interchange | null>(null);
  const [again, setAgain] = useState(0);
  useEffect(() => {
    let current = true;
    data(api.GET("/v1/containers/{container}/interchanges", { params: { path: { container } } })).then(
      (h) => current && (setHistory(h), setError(null)),
      (e) =>
        current &&
        // No e-EIR and no release record: nothing awaits, which the section says in words.
        (e instanceof ApiProblem && e.problem.status === 404
          ? (setHistory({ container, interchanges: [], release: null }), setError(null))
          : setError(e)),
    );
    return () => void (current = false);
  }, [container, reload, again, liveTick]);

  const mine = (p: Party | null) => p?.orgId === caller?.orgId;
  const awaiting = (history?.interchanges ?? []).filter((e) =>
    direction === "out"
      ? e.status === "issued" && mine(e.outFacility)
      : e.status === "gatedOut" && mine(e.returnFacility),
  );
  const title = direction === "out" ? t("gateEir.outTitle") : t("gateEir.inTitle");
  return (
    <Section title={title} id="eir-gate">
      <ErrorMessage error={error} />
      {recorded ? <Recorded eir={recorded} direction={direction} /> : null}
      {history === null ? (
        error ? null : (
          <p>{t("common.loading")}</p>
        )
      ) : awaiting.length === 0 ? (
        <p>{t(direction === "out" ? "gateEir.noneOut" : "gateEir.noneIn", { container })}</p>
      ) : (
        awaiting.map((eir) => (
          <GateEventForm
            key={eir.id}
            eir={eir}
            direction={direction}
            haulier={haulier}
            releaseGatedOut={Boolean(history.release?.gatedOutAt)}
            onDone={(updated) => {
              setRecorded(updated);
              setAgain((n) => n + 1);
            }}
          />
        ))
      )}
    </Section>
  );
}

/** What the seals found say against the e-EIR's: none typed, a match, or which are missing and which extra. */
export function sealCheck(expected: readonly string[], found: readonly string[]) {
  // None typed (a box coming back unpacked): nothing is compared, on the page or on chain.
  if (found.length === 0) return { state: "none" as const, missing: [], extra: [] };
  const missing = expected.filter((s) => !found.includes(s));
  const extra = found.filter((s) => !expected.includes(s));
  return { state: missing.length || extra.length ? ("mismatch" as const) : ("match" as const), missing, extra };
}

interface Photo {
  sha256: string;
  fileName: string;
  /** The picture as a data: URL, for its thumbnail (the console's CSP allows no blob: images). */
  preview: string;
}

function GateEventForm({
  eir,
  direction,
  haulier,
  releaseGatedOut,
  onDone,
}: {
  eir: Interchange;
  direction: Direction;
  haulier: Party;
  releaseGatedOut: boolean;
  onDone: (updated: Interchange) => void;
}) {
  const ids = { condition: useId(), seals: useId() };
  const [truckPlate, setPlate] = useState(eir.truckPlate ?? "");
  const [seals, setSeals] = useState<string[]>(Array.from({ length: Math.max(1, eir.seals.length) }, () => ""));
  const [condition, setCondition] = useState<"sound" | "damaged">("sound");
  const [damages, setDamages] = useState<Damage[]>([]);
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const found = seals.map((s) => s.trim()).filter(Boolean);
  const check = sealCheck(eir.seals, found);
  const ready = truckPlate && (condition === "sound" || damages.length > 0) && !busy;

  const submit = async () => {
    setBusy(true);
    setError(null);
    const body = {
      haulier: haulier.orgId,
      truckPlate,
      seals: found,
      condition,
      damages: condition === "damaged" ? damages : [],
      photos: photos.map((p) => p.sha256),
    };
    const params = { path: { id: eir.id } };
    try {
      onDone(
        written(
          await data(
            direction === "out"
              ? api.POST("/v1/equipment-interchanges/{id}/gate-out", { params, body })
              : api.POST("/v1/equipment-interchanges/{id}/gate-in", { params, body }),
          ),
        ),
      );
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      class="gate-event card"
      aria-label={t("gateEir.formFor", { reference: eir.reference })}
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h3>
        {eir.reference} <span class="state">{t(`eir.purposes.${eir.purpose}`)}</span>
      </h3>
      <dl class="facts">
        <dt>{t("gate.haulier")}</dt>
        <dd>{eir.haulier?.name ?? "—"}</dd>
        <dt>{t("eir.truckPlate")}</dt>
        <dd>{eir.truckPlate ?? t("gateEir.noTruck")}</dd>
        <dt>{t("gateEir.sealsOnEir")}</dt>
        <dd class="mono">{eir.seals.length ? eir.seals.join(", ") : t("gateEir.noSeals")}</dd>
        <dt>{t("eir.valid")}</dt>
        <dd>
          {formatDateTime(eir.validFrom)} – {formatDateTime(eir.validUntil)}
        </dd>
      </dl>
      {eir.haulier && eir.haulier.orgId !== haulier.orgId ? (
        <p class="hint bad">{t("gateEir.otherHaulier", { name: eir.haulier.name })}</p>
      ) : null}
      {direction === "out" && eir.purpose === "importPickUp" && !releaseGatedOut ? (
        <p class="hint">{t("gateEir.releaseFirst")}</p>
      ) : null}

      <TruckPlateField value={truckPlate} onValue={setPlate} />

      <fieldset class="seals">
        <legend>{t("gateEir.sealsFound")}</legend>
        {seals.map((seal, i) => (
          <SealField
            key={i}
            index={i}
            value={seal}
            expected={eir.seals}
            onValue={(v) => setSeals(seals.map((s, j) => (j === i ? v : s)))}
          />
        ))}
        {seals.length < 3 ? (
          <button type="button" onClick={() => setSeals([...seals, ""])}>
            {t("gateEir.addSeal")}
          </button>
        ) : null}
        <p
          id={ids.seals}
          class={`seal-check ${check.state === "mismatch" ? "bad" : check.state === "match" ? "good" : ""}`}
          aria-live="polite"
        >
          {check.state === "none"
            ? t("gateEir.sealsNone")
            : check.state === "match"
              ? t("gateEir.sealsMatch")
              : t("gateEir.sealsMismatch", {
                  missing: check.missing.join(", ") || "—",
                  extra: check.extra.join(", ") || "—",
                })}
        </p>
      </fieldset>

      <fieldset class="condition">
        <legend id={ids.condition}>{t("gateEir.condition")}</legend>
        <div class="choices">
          {(["sound", "damaged"] as const).map((c) => (
            <label key={c} class={condition === c ? "choice on" : "choice"}>
              <input
                type="radio"
                name={`${eir.id}-condition`}
                value={c}
                checked={condition === c}
                onChange={() => setCondition(c)}
              />
              {t(`gateEir.conditions.${c}`)}
            </label>
          ))}
        </div>
      </fieldset>
      {condition === "damaged" ? <DamagePicker damages={damages} onChange={setDamages} /> : null}

      <PhotoPicker eirId={eir.id} photos={photos} onChange={setPhotos} />

      <div class="actions">
        <button type="submit" class="primary big" disabled={!ready}>
          {direction === "out" ? t("gateEir.recordOut") : t("gateEir.recordIn")}
        </button>
      </div>
      {condition === "damaged" && damages.length === 0 ? <p class="hint">{t("gateEir.damageNeeded")}</p> : null}
      <ErrorMessage error={error} />
    </form>
  );
}

function SealField({
  index,
  value,
  expected,
  onValue,
}: {
  index: number;
  value: string;
  expected: readonly string[];
  onValue: (value: string) => void;
}) {
  const id = useId();
  const seal = value.trim();
  return (
    <div class="field seal">
      <label for={id}>{t("gateEir.seal", { n: index + 1 })}</label>
      <input
        id={id}
        value={value}
        autocomplete="off"
        spellcheck={false}
        aria-invalid={seal !== "" && !expected.includes(seal)}
        onInput={(e) => onValue((e.currentTarget as HTMLInputElement).value.toUpperCase().replace(/\s+/g, ""))}
      />
      {seal ? (
        <span class={expected.includes(seal) ? "hint good" : "hint bad"}>
          {expected.includes(seal) ? t("gateEir.sealOnEir") : t("gateEir.sealNotOnEir")}
        </span>
      ) : null}
    </div>
  );
}

const codeLabel = (kind: "locations" | "components" | "types", code: string) =>
  `${code} · ${t(`damage.${kind}.${code}`)}`;
const locationLabel = (code: string) =>
  `${code} · ${t("damage.locationName", { face: t(`damage.faces.${code[0]}`), area: t(`damage.areas.${code[1]}`) })}`;

/** Damage reports: the face tapped on the diagram (or the location picked from the list), the component and the kind. */
function DamagePicker({ damages, onChange }: { damages: Damage[]; onChange: (damages: Damage[]) => void }) {
  const ids = { location: useId(), component: useId(), type: useId(), list: useId() };
  const [location, setLocation] = useState("");
  const [component, setComponent] = useState<string>(COMPONENTS[0]);
  const [damageType, setType] = useState<string>(DAMAGE_TYPES[0]);
  const componentField = useRef<HTMLSelectElement>(null);
  const counts: Partial<Record<Face, number>> = {};
  for (const d of damages) {
    const face = faceOf(d.location);
    if (face) counts[face] = (counts[face] ?? 0) + 1;
  }
  const next = { location, component, damageType };
  const duplicate = damages.some((d) => damageKey(d) === damageKey(next));
  return (
    <fieldset class="damages">
      <legend>{t("damage.title")}</legend>
      <ContainerDiagram
        picked={faceOf(location)}
        counts={counts}
        onPick={(face) => {
          // A face tapped: the whole face, unless a part of it was already picked from the list.
          if (faceOf(location) !== face) setLocation(`${face}X`);
          componentField.current?.focus();
        }}
      />
      <div class="damage-fields">
        <div class="field">
          <label for={ids.location}>{t("damage.location")}</label>
          <select id={ids.location} value={location} onChange={(e) => setLocation(e.currentTarget.value)}>
            <option value="">{t("damage.pickLocation")}</option>
            {FACES.map((face) => (
              <optgroup key={face} label={t(`damage.faces.${face}`)}>
                {LOCATIONS.filter((l) => l[0] === face).map((l) => (
                  <option key={l} value={l}>
                    {locationLabel(l)}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
        <div class="field">
          <label for={ids.component}>{t("damage.component")}</label>
          <select
            id={ids.component}
            ref={componentField}
            value={component}
            onChange={(e) => setComponent(e.currentTarget.value)}
          >
            {COMPONENTS.map((c) => (
              <option key={c} value={c}>
                {codeLabel("components", c)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for={ids.type}>{t("damage.type")}</label>
          <select id={ids.type} value={damageType} onChange={(e) => setType(e.currentTarget.value)}>
            {DAMAGE_TYPES.map((c) => (
              <option key={c} value={c}>
                {codeLabel("types", c)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div class="actions">
        <button
          type="button"
          disabled={!location || duplicate || damages.length >= 16}
          onClick={() => onChange([...damages, next])}
        >
          {t("damage.add")}
        </button>
      </div>
      <h4 id={ids.list}>{t("damage.recorded")}</h4>
      {damages.length === 0 ? (
        <p class="hint">{t("damage.none")}</p>
      ) : (
        <ul class="damage-list" aria-labelledby={ids.list}>
          {damages.map((d) => (
            <li key={damageKey(d)} data-code={damageKey(d)}>
              <span>
                <strong class="mono">
                  {d.location} {d.component} {d.damageType}
                </strong>{" "}
                {locationLabel(d.location)} · {t(`damage.components.${d.component}`)} ·{" "}
                {t(`damage.types.${d.damageType}`)}
              </span>
              <button
                type="button"
                aria-label={t("damage.remove", { code: damageKey(d) })}
                onClick={() => onChange(damages.filter((x) => damageKey(x) !== damageKey(d)))}
              >
                {t("gateEir.remove")}
              </button>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}

/** Photos from the tablet's camera or a file, each uploaded at once: the node answers with the hash the record cites. */
function PhotoPicker({
  eirId,
  photos,
  onChange,
}: {
  eirId: string;
  photos: Photo[];
  onChange: (photos: Photo[]) => void;
}) {
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const upload = async (files: FileList | null) => {
    if (!files?.length) return;
    setBusy(true);
    setError(null);
    const added: Photo[] = [];
    try {
      for (const file of [...files]) {
        const stored = written(
          await data(
            api.POST("/v1/equipment-interchanges/{id}/photos", {
              params: { path: { id: eirId }, query: { fileName: file.name } },
              // The raw bytes, as the upload streams them to IPFS.
              body: file as unknown as string,
              bodySerializer: (body: unknown) => body as BodyInit,
              headers: { "Content-Type": file.type || "application/octet-stream" },
            }),
          ),
        );
        if (!photos.some((p) => p.sha256 === stored.sha256))
          added.push({ sha256: stored.sha256, fileName: file.name, preview: await dataUrl(file) });
      }
    } catch (e) {
      setError(e);
    } finally {
      onChange([...photos, ...added]);
      setBusy(false);
    }
  };
  return (
    <fieldset class="photos">
      <legend>{t("photo.title")}</legend>
      <div class="field">
        <label for={id}>{t("photo.take")}</label>
        <input
          id={id}
          type="file"
          accept="image/*"
          capture="environment"
          multiple
          disabled={busy || photos.length >= 16}
          onChange={(e) => {
            const input = e.currentTarget as HTMLInputElement;
            void upload(input.files).then(() => (input.value = ""));
          }}
        />
        <span class="hint">{busy ? t("photo.uploading") : t("photo.hint")}</span>
      </div>
      <ErrorMessage error={error} />
      {photos.length ? (
        <ul class="thumbs">
          {photos.map((p) => (
            <li key={p.sha256}>
              <img src={p.preview} alt={t("photo.alt", { name: p.fileName })} width={160} height={120} />
              <span class="hint">{t("photo.hash")}</span>
              <code class="hash">{p.sha256}</code>
              <button
                type="button"
                aria-label={t("photo.remove", { name: p.fileName })}
                onClick={() => onChange(photos.filter((x) => x.sha256 !== p.sha256))}
              >
                {t("gateEir.remove")}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </fieldset>
  );
}

const dataUrl = (file: File) =>
  new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });

/** The gate record as the chain now holds it: the seal check it made, the condition, the damage codes, photo hashes. */
export function Recorded({ eir, direction }: { eir: Interchange; direction: Direction }) {
  const record = direction === "out" ? eir.gateOut : eir.gateIn;
  if (!record) return null;
  return (
    <div class="recorded card" data-reference={eir.reference}>
      <Notice
        text={t(direction === "out" ? "gateEir.recordedOut" : "gateEir.recordedIn", { reference: eir.reference })}
      />
      <dl class="facts">
        <dt>{t("eir.status")}</dt>
        <dd>{t(`eir.statuses.${eir.status}`)}</dd>
        <ConditionFacts record={record} />
        {direction === "in" && eir.newDamageAttributedToHaulier.length ? (
          <>
            <dt>{t("gateEir.newDamage")}</dt>
            <dd class="mono bad">{damageCodes(eir.newDamageAttributedToHaulier)}</dd>
          </>
        ) : null}
      </dl>
    </div>
  );
}
