import { z } from "zod";
import { CREDIT_TIERS, ORGANIZATION_STATUSES, ROLES } from "../domain.ts";
import { IsoTime, TransactionHash } from "../responses.ts";
import { OrgId } from "../billsOfLading/schemas.ts";
import { cleanText } from "../validation.ts";

/** A signing key's address, as the organization gives it (from its own node or machine). */
const SignerAddress = z.string().regex(/^0x[0-9a-fA-F]{40}$/, "must be a 0x-prefixed 20-byte hex address");

export const RegisterOrganization = z.object({
  orgId: OrgId,
  name: cleanText({ max: 200 }).describe("The organization's legal name"),
  roles: z.array(z.enum(ROLES)).min(1),
  creditTier: z.enum(CREDIT_TIERS).default("regular"),
  signer: SignerAddress.optional().describe(
    "The address of the organization's own signing key, made on its own node (which prints it at start) or machine, " +
      "where it signs client-side (Prefer: sign=client): this node then stores no key. Required when this node does not serve the organization; absent, the node " +
      "signs with the key it holds for it or makes one",
  ),
});

export const StartRecovery = z.object({
  newSigner: SignerAddress.optional().describe(
    "The address of a new key the organization made on its own node or machine: this node then stores no key. " +
      "Required when this node does not serve the organization; absent, the node makes the key and keeps it",
  ),
});

export const AddSigner = z.object({
  signer: SignerAddress.describe("The address of the new key, made on the organization's own node or machine"),
});

export const SignerParams = z.object({
  orgId: z.string().describe("The organization's id"),
  signer: SignerAddress.describe("The address of the signer to remove"),
});

export const AppointAgent = z.object({
  principal: OrgId.nullable().describe(
    "The organization the agent acts for, e.g. its carrier; null ends the appointment",
  ),
});

export const StatusAction = z.enum(["suspend", "reinstate", "revoke"]);

/** An organization as the register holds it. */
export const OrganizationView = z.object({
  orgId: z.string(),
  name: z.string(),
  roles: z.array(z.enum(ROLES)),
  creditTier: z.enum(CREDIT_TIERS),
  status: z.enum(ORGANIZATION_STATUSES),
  signers: z.array(z.string()).describe("The addresses that sign for it"),
  keyThreshold: z.number().int().describe("How many of its signers must approve a change of its keys"),
  recovery: z
    .object({ newSigner: z.string(), effectiveAt: IsoTime })
    .nullable()
    .describe("A recovery the operator started; it takes effect at effectiveAt unless the organization cancels it"),
  titleAddress: z.string(),
  agentFor: z.string().nullable().describe("For an agent: the orgId of the organization it acts for"),
});

/** Who the caller is: its organization, or the operator. */
export const Me = z.union([
  OrganizationView,
  z.object({ orgId: z.literal("operator"), name: z.string(), roles: z.tuple([z.literal("operator")]) }),
]);

export const Registered = OrganizationView.extend({
  apiKey: z
    .string()
    .nullable()
    .describe(
      "The organization's first API key, shown this once; null when this node does not serve it or it already has " +
        "one (its own node issued it at start)",
    ),
  transactionHash: TransactionHash.describe("The registration's transaction"),
});

/** An organization after the operator changed its status, with the transaction that did it. */
export const StatusChanged = OrganizationView.extend({
  transactionHash: TransactionHash.describe("The status change's transaction"),
});

export const ApiKeyParams = z.object({
  orgId: z.string().describe("The organization's id ('operator' for the operator's own keys)"),
  keyId: z.string().describe("The key's id, as listed"),
});

export const RotateApiKey = z.object({
  keepExisting: z
    .boolean()
    .default(false)
    .describe(
      "Keep the organization's other keys working (revoke them one by one later); by default they stop working at once",
    ),
});

/** An API key as listed: never the key itself. */
export const ApiKeyView = z.object({
  keyId: z.string().describe("Names the key in lists and revocations"),
  orgId: z.string(),
  createdAt: IsoTime,
});

export const NewApiKey = ApiKeyView.extend({
  apiKey: z.string().describe("The new API key, shown this once"),
  revokedKeyIds: z.array(z.string()).describe("The organization's keys this rotation revoked (none with keepExisting)"),
});
