/**
 * Request input: zod schemas parse it, and failures become problems that point at each offending field. The shared
 * rules for text (clean, NFC, identifier patterns), chain times and JSON bodies live here, so every schema uses one.
 */
import type { RequestHandler } from "express";
import { z } from "zod";
import { fitsBytes } from "./bytes.ts";
import {
  CHAIN_TIME_MAX_SECONDS,
  FORBIDDEN_TEXT_CHARACTERS,
  MAX_JSON_DEPTH,
  MEDIA_TYPE_MAX_LENGTH,
  MEDIA_TYPE_PATTERN,
} from "./domain.ts";
import { badRequest, Problem, unprocessable, type FieldError } from "./problem.ts";

/** An issue a schema raises with this param is a 422 (the input is well formed, but not a value the chain takes). */
const UNPROCESSABLE = { unprocessable: true } as const;

export function parse<T extends z.ZodType>(schema: T, input: unknown, where = ""): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const errors = result.error.issues.map((issue) => ({
    pointer: where + (issue.path.length ? "/" + issue.path.map((p) => escapePointer(String(p))).join("/") : ""),
    message: issue.message,
  }));
  const unprocessableOnly = result.error.issues.every(
    (issue) => issue.code === "custom" && (issue.params as { unprocessable?: boolean } | undefined)?.unprocessable,
  );
  if (unprocessableOnly) throw unprocessable("The request names a value the chain cannot record.", errors);
  throw badRequest("The request does not have the expected shape.", errors);
}

/** One RFC 6901 reference token. */
const escapePointer = (token: string) => token.replace(/~/g, "~0").replace(/\//g, "~1");

// ---- Text --------------------------------------------------------------------------------------------------------

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
export const hasLoneSurrogate = (text: string) => LONE_SURROGATE.test(text);

/** The pattern of clean text, as the OpenAPI document states it: none of the forbidden characters. */
const CLEAN_TEXT = new RegExp(`^[^${FORBIDDEN_TEXT_CHARACTERS.source.slice(1, -1)}]*$`);
const CLEAN_TEXT_MESSAGE =
  "must not contain control characters (NUL, line breaks, tabs), zero-width characters or bidirectional overrides";

/**
 * Free text that goes on chain or into the index (names, reasons, references): NFC-normalized first, then refused
 * if it holds a control, zero-width or bidirectional character or a lone surrogate; `bytes` bounds its UTF-8 length.
 */
export function cleanText(options: { min?: number; max: number; bytes?: number }) {
  let text = z
    .string()
    .normalize("NFC")
    .min(options.min ?? 1)
    .max(options.max)
    .regex(CLEAN_TEXT, CLEAN_TEXT_MESSAGE)
    .refine((s) => !hasLoneSurrogate(s), "must not contain a lone UTF-16 surrogate");
  if (options.bytes !== undefined)
    text = text.refine(fitsBytes(options.bytes), `at most ${options.bytes} bytes in UTF-8`);
  return text;
}

/**
 * An identifier of a fixed shape (orgId, B/L number, seal, plate): NFC-normalized, then matched against its pattern
 * from api/domain.ts, which admits no control, zero-width, bidirectional or full-width character.
 */
export function identifier(pattern: RegExp, message: string, bytes?: number) {
  const id = z.string().normalize("NFC").regex(pattern, message);
  // The length in bytes is told only of an identifier of the right shape: one message per field.
  const fits = {
    message: `at most ${bytes} bytes in UTF-8`,
    when: (p: { issues: unknown[] }) => p.issues.length === 0,
  };
  return bytes === undefined ? id : id.refine(fitsBytes(bytes), fits);
}

/** A media type as RFC 6838 names it (`type/subtype`, at most 127 characters), for uploads and stored files. */
export const MediaType = z
  .string()
  .max(MEDIA_TYPE_MAX_LENGTH)
  .regex(MEDIA_TYPE_PATTERN, "must be a media type such as application/pdf (RFC 6838: type/subtype)")
  .describe("A media type (RFC 6838), e.g. application/pdf");

/** Whether a Content-Type header value (parameters allowed) names a valid media type. */
export function isMediaType(contentType: string): boolean {
  const essence = contentType.split(";")[0].trim();
  return MediaType.safeParse(essence).success;
}

// ---- Times -------------------------------------------------------------------------------------------------------

/** An ISO 8601 date and time the contracts can record: from 1970 to the end of their uint40 seconds. */
export function chainTime() {
  return z.iso
    .datetime({ offset: true })
    .refine(
      (text) => {
        const ms = Date.parse(text);
        return ms >= 0 && Math.floor(ms / 1000) <= CHAIN_TIME_MAX_SECONDS;
      },
      {
        message: "must be between 1970-01-01T00:00:00Z and the end of the chain's clock (uint40 seconds)",
        params: UNPROCESSABLE,
        // Only for a well-formed date and time: a malformed one is reported once, as malformed (400).
        when: (payload) => payload.issues.length === 0,
      },
    )
    .describe("An ISO 8601 date and time, from 1970 on");
}

// ---- JSON bodies -------------------------------------------------------------------------------------------------

/**
 * Checks a parsed JSON body before anything reads it: at most MAX_JSON_DEPTH levels of arrays and objects (deeper
 * nesting would overflow the stack of the validators and of canonicalization) and no lone surrogate in any string or
 * member name. Walks with its own stack, so the check itself cannot overflow. Returns the first problem found.
 */
export function jsonBodyProblem(body: unknown): Problem | undefined {
  const pending: { value: unknown; depth: number; pointer: string }[] = [{ value: body, depth: 0, pointer: "" }];
  while (pending.length > 0) {
    const { value, depth, pointer } = pending.pop()!;
    if (typeof value === "string") {
      if (hasLoneSurrogate(value)) return loneSurrogate(pointer);
      continue;
    }
    if (value === null || typeof value !== "object") continue;
    if (depth + 1 > MAX_JSON_DEPTH) {
      return badRequest(
        `The request body nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep, which no request needs.`,
        [{ pointer, message: `nested more than ${MAX_JSON_DEPTH} levels deep` }],
      );
    }
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    for (const [key, child] of entries) {
      const at = `${pointer}/${escapePointer(key)}`;
      if (hasLoneSurrogate(key)) return loneSurrogate(at);
      pending.push({ value: child, depth: depth + 1, pointer: at });
    }
  }
  return undefined;
}

function loneSurrogate(pointer: string): Problem {
  const errors: FieldError[] = [{ pointer, message: "contains a lone UTF-16 surrogate (such as \\ud800)" }];
  return badRequest("The request body holds text that is not valid Unicode: a lone UTF-16 surrogate.", errors);
}

/** Refuses a parsed JSON body that is nested too deep or holds invalid Unicode (see jsonBodyProblem). */
export const checkJsonBody: RequestHandler = (req, _res, next) => {
  next(req.body === undefined ? undefined : jsonBodyProblem(req.body));
};
