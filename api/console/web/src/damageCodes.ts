/**
 * The damage codes the gate clerk picks from. The API takes any two capitals or digits for each of a damage
 * report's location, component and damage type (api/equipment/schemas.ts `Damage`); these are the ones the port uses,
 * after CEDEX: the location is the face (F front, D rear doors, L left, R right, T top, B floor) and the part of it
 * (X whole, T upper, B lower), as in the README's `LB` (left side, lower) and `DX` (the doors).
 */

/** The box's faces, in the order the diagram and the lists show them. */
export const FACES = ["F", "L", "D", "R", "T", "B"] as const;
export type Face = (typeof FACES)[number];

/** The parts of a face a location names; the top and the floor are recorded whole. */
const AREAS: Record<Face, readonly string[]> = {
  F: ["X", "T", "B"],
  L: ["X", "T", "B"],
  D: ["X", "T", "B"],
  R: ["X", "T", "B"],
  T: ["X"],
  B: ["X"],
};

/** Every location code, face by face: FX, FT, FB, LX, …, TX, BX. */
export const LOCATIONS: readonly string[] = FACES.flatMap((face) => AREAS[face].map((area) => face + area));

export const COMPONENTS = ["PA", "CP", "CF", "RT", "RB", "DL", "DH", "DG", "FB", "CM"] as const;
export const DAMAGE_TYPES = ["DT", "BT", "BR", "HO", "CU", "CK", "CO", "MS", "LO"] as const;

export const faceOf = (location: string): Face | undefined => FACES.find((f) => f === location[0]);

/** One damage report, as the API takes it. */
export interface Damage {
  location: string;
  component: string;
  damageType: string;
}

export const damageKey = (d: Damage) => `${d.location}-${d.component}-${d.damageType}`;
