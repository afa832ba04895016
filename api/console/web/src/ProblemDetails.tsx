/** A refusal as the clerk reads it: the API's problem sentence, then each field it names and what to do about it. */
import { ApiProblem, problemText } from "./api.ts";

interface FieldError {
  pointer: string;
  message: string;
}

/** The field errors a 400/422 problem carries (RFC 9457 extension `errors`: JSON Pointer and message). */
export function fieldErrors(error: unknown): FieldError[] {
  if (!(error instanceof ApiProblem)) return [];
  const errors = (error.problem as { errors?: unknown }).errors;
  return Array.isArray(errors)
    ? errors.filter((e): e is FieldError => typeof e?.pointer === "string" && typeof e?.message === "string")
    : [];
}

/** `quiet`: one of many rows (a batch), not announced as an alert each. */
export function ProblemDetails({ error, quiet = false }: { error: unknown; quiet?: boolean }) {
  if (!error) return null;
  const errors = fieldErrors(error);
  return (
    <div class="error problem" role={quiet ? undefined : "alert"}>
      <p>{problemText(error)}</p>
      {errors.length ? (
        <ul>
          {errors.map((e) => (
            <li key={e.pointer + e.message}>
              <code>{e.pointer || "/"}</code> {e.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
