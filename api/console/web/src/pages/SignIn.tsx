/** Sign-in with the organization's API key: sent once to POST /v1/session, never kept by the browser. */
import { useId, useState } from "preact/hooks";
import { api, data } from "../api.ts";
import { ErrorMessage } from "../components.tsx";
import { t } from "../i18n.ts";
import { useConsole } from "../state.ts";

/** `ended`: the node ended the session this page had (expired, or its key revoked). */
export function SignInPage({ ended }: { ended: boolean }) {
  const id = useId();
  const { signedIn } = useConsole();
  const [apiKey, setApiKey] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  return (
    <>
      <h1>{t("signIn.title")}</h1>
      {ended ? (
        <p class="error" role="alert">
          {t("signIn.ended")}
        </p>
      ) : null}
      <p>{t("signIn.intro")}</p>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError(null);
          try {
            const session = await data(api.POST("/v1/session", { body: { apiKey } }));
            setApiKey("");
            signedIn(session.caller, session.csrfToken, session.signing);
          } catch (err) {
            setError(err);
          } finally {
            setBusy(false);
          }
        }}
      >
        <div class="field">
          <label for={id}>{t("signIn.apiKey")}</label>
          <input
            id={id}
            type="password"
            value={apiKey}
            required
            autocomplete="off"
            spellcheck={false}
            onInput={(e) => setApiKey((e.currentTarget as HTMLInputElement).value.trim())}
          />
        </div>
        <div class="actions">
          <button type="submit" class="primary" disabled={busy || !apiKey}>
            {busy ? t("signIn.busy") : t("signIn.submit")}
          </button>
        </div>
        <ErrorMessage error={error} />
      </form>
      <p>
        <a href="#/verify">{t("signIn.publicVerify")}</a>
      </p>
    </>
  );
}
