import { z } from "zod";
import { CREDIT_TIERS, ROLES } from "../index/model.ts";
import { OrgId } from "../billsOfLading/schemas.ts";

export const RegisterOrganization = z.object({
  orgId: OrgId,
  name: z.string().min(1).max(200),
  roles: z.array(z.enum(ROLES)).min(1),
  creditTier: z.enum(CREDIT_TIERS).default("regular"),
});

export const AppointAgent = z.object({
  principal: OrgId.nullable().describe(
    "The organization the agent acts for, e.g. its carrier; null ends the appointment",
  ),
});

export const StatusAction = z.enum(["suspend", "reinstate", "revoke"]);
