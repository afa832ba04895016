/**
 * The e-EIR projection: each equipment interchange and each container's interchanges, built from
 * EquipmentInterchange's events — custody, seals, condition, photos and attributed damage at every gate.
 */
import { bytesToText } from "../bytes.ts";
import type { ChainEvent } from "../adapters/chain/events.ts";
import { on, type Projection } from "../chainIndex/follower.ts";
import { interchangeReference } from "./reference.ts";
import {
  CONDITIONS,
  INTERCHANGE_PURPOSES as PURPOSES,
  INTERCHANGE_STATUSES as STATUSES,
  ORGANIZATION_STATUSES as ORG_STATUSES,
  SEAL_CHECKS,
} from "../domain.ts";

export interface Damage {
  location: string;
  component: string;
  damageType: string;
}

export interface GateRecord {
  facility: number;
  haulier: number;
  at: number;
  truckPlate: string;
  sealCheck: (typeof SEAL_CHECKS)[number];
  /** The seals the gate found, as listed: every gate event carries them. */
  sealsFound: string[];
  /** The haulier's standing at the gate: always active at gate-out; a suspended or revoked haulier may return a box. */
  haulierStatus: (typeof ORG_STATUSES)[number];
  condition: (typeof CONDITIONS)[number];
  damages: Damage[];
  photoSha256: string[];
  transactionHash: string;
}

export interface EquipmentInterchange {
  id: string;
  /** The short reference a clerk reads out (EIR-…), derived from the id. */
  reference: string;
  container: string;
  sizeType: string;
  laden: boolean;
  seals: string[];
  purpose: (typeof PURPOSES)[number];
  orderReference: string;
  issuer: number;
  haulier: number;
  outFacility: number;
  returnFacility: number;
  validFrom: number;
  validUntil: number;
  issuedAt: number;
  status: (typeof STATUSES)[number];
  truckPlate: string | null;
  driverRef: string | null;
  cancellationReason: string | null;
  gateOut: GateRecord | null;
  gateIn: GateRecord | null;
  newDamage: Damage[];
  transactionHash: string;
}

const damagesOf = (raw: unknown): Damage[] =>
  ((raw as string[][]) ?? []).map(([location, component, damageType]) => ({
    location: bytesToText(location),
    component: bytesToText(component),
    damageType: bytesToText(damageType),
  }));

export class EquipmentProjection implements Projection {
  private readonly interchanges = new Map<string, EquipmentInterchange>();
  private readonly byContainer = new Map<string, string[]>();
  /** The ids by short reference: a list, so that two sharing one are both found (and the caller asked for the id). */
  private readonly byReference = new Map<string, string[]>();

  readonly handlers = on(
    "EquipmentInterchange",
    [
      "Issued",
      "TruckAssigned",
      "Cancelled",
      "DamageRecorded",
      "PhotosRecorded",
      "GatedOut",
      "GatedIn",
      "NewDamageAttributed",
    ],
    (event) => this.apply(event),
  );

  interchange(id: string): EquipmentInterchange | undefined {
    return this.interchanges.get(id.toLowerCase());
  }

  /** The e-EIRs with this short reference (any case): one, or none; two only if their ids' hashes collide. */
  withReference(reference: string): EquipmentInterchange[] {
    return (this.byReference.get(reference.toUpperCase()) ?? []).map((id) => this.interchanges.get(id)!);
  }

  ofContainer(container: string): EquipmentInterchange[] {
    return (this.byContainer.get(container) ?? []).map((id) => this.interchanges.get(id)!);
  }

  all(): IterableIterator<EquipmentInterchange> {
    return this.interchanges.values();
  }

  private apply(event: ChainEvent): void {
    const a = event.args;
    const id = (a.id as string)?.toLowerCase();
    const eir = id ? this.interchanges.get(id) : undefined;
    const at = event.timestamp;
    // Damage and photos follow their gate event in the same transaction.
    const gateOf = () => (eir ? (a.atGateIn ? eir.gateIn : eir.gateOut) : null);
    switch (event.name) {
      case "Issued": {
        const purpose = PURPOSES[a.purpose as number];
        const reference = a.orderReference as string;
        const shortReference = interchangeReference(id);
        this.interchanges.set(id, {
          id,
          reference: shortReference,
          container: a.container as string,
          sizeType: a.sizeType as string,
          laden: a.laden as boolean,
          seals: a.seals as string[],
          purpose,
          orderReference: purpose === "importPickUp" ? String(BigInt(reference)) : bytesToText(reference),
          issuer: a.issuer as number,
          haulier: a.haulier as number,
          outFacility: a.outFacility as number,
          returnFacility: a.returnFacility as number,
          validFrom: Number(a.validFrom),
          validUntil: Number(a.validUntil),
          issuedAt: at,
          status: "issued",
          truckPlate: null,
          driverRef: null,
          cancellationReason: null,
          gateOut: null,
          gateIn: null,
          newDamage: [],
          transactionHash: event.transactionHash,
        });
        const list = this.byContainer.get(a.container as string) ?? [];
        list.push(id);
        this.byContainer.set(a.container as string, list);
        const sharing = this.byReference.get(shortReference) ?? [];
        if (!sharing.includes(id)) this.byReference.set(shortReference, [...sharing, id]);
        break;
      }
      case "TruckAssigned":
        if (eir) {
          eir.truckPlate = a.truckPlate as string;
          eir.driverRef = /^0x0+$/.test(a.driverRef as string) ? null : (a.driverRef as string);
        }
        break;
      case "Cancelled":
        if (eir) {
          eir.status = "cancelled";
          eir.cancellationReason = a.reason as string;
        }
        break;
      case "DamageRecorded": {
        const gate = gateOf();
        if (gate) gate.damages = damagesOf(a.damages);
        break;
      }
      case "PhotosRecorded": {
        const gate = gateOf();
        if (gate) gate.photoSha256 = (a.photoSha256 as string[]).map((h) => h.toLowerCase());
        break;
      }
      case "GatedOut":
      case "GatedIn": {
        if (!eir) break;
        const sealCheck = SEAL_CHECKS[a.sealCheck as number];
        const gate: GateRecord = {
          facility: a.facility as number,
          haulier: a.haulier as number,
          at,
          truckPlate: a.truckPlate as string,
          sealCheck,
          sealsFound: a.sealsFound as string[],
          haulierStatus: event.name === "GatedIn" ? ORG_STATUSES[a.haulierStatus as number] : "active",
          condition: CONDITIONS[a.condition as number],
          damages: [],
          photoSha256: [],
          transactionHash: event.transactionHash,
        };
        if (event.name === "GatedOut") {
          eir.gateOut = gate;
          eir.status = "gatedOut";
        } else {
          eir.gateIn = gate;
          eir.status = "returned";
        }
        break;
      }
      case "NewDamageAttributed":
        if (eir) eir.newDamage = damagesOf(a.damages);
        break;
    }
  }
}
