/** Parses request input with a zod schema; failures become 400 problems that point at each offending field. */
import type { z } from "zod";
import { badRequest } from "./problem.ts";

export function parse<T extends z.ZodType>(schema: T, input: unknown, where = ""): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw badRequest(
    "The request does not have the expected shape.",
    result.error.issues.map((issue) => ({
      pointer: where + (issue.path.length ? "/" + issue.path.join("/") : ""),
      message: issue.message,
    })),
  );
}
