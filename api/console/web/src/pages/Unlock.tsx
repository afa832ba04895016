/**
 * For an organization that signs its own writes (the node holds no key of it): its encrypted key file, the JSON
 * keystore the `paperless` CLI keeps, is opened here with its password. The key stays in this page's memory
 * (api.ts `useKey`) and signs every write; it is never sent or stored, and sign-out or a reload forgets it.
 */
import { useId, useState } from "preact/hooks";
import { api, data, ApiProblem, signerAddress } from "../api.ts";
import { ErrorMessage, FileDrop, Notice } from "../components.tsx";
import { t } from "../i18n.ts";
import { useConsole } from "../state.ts";
import "./Unlock.css";

/** The address a keystore names (without decrypting it), or undefined if it is no JSON keystore. */
function keystoreAddress(json: string): string | undefined {
  try {
    const parsed = JSON.parse(json) as { address?: unknown; crypto?: unknown; Crypto?: unknown };
    if (typeof parsed !== "object" || parsed === null || !(parsed.crypto ?? parsed.Crypto)) return undefined;
    return typeof parsed.address === "string" ? `0x${parsed.address.replace(/^0x/i, "")}` : "";
  } catch {
    return undefined;
  }
}

const refusal = (detail: string) => new ApiProblem({ type: "console/key-file-refused", status: 0, detail });

export function UnlockPage() {
  const passwordId = useId();
  const progressId = useId();
  const { caller, unlocked } = useConsole();
  const [file, setFile] = useState<{ json: string; name: string } | null>(null);
  const [password, setPassword] = useState("");
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const signer = signerAddress();

  /** The organization's registered signers, read now (a key may have been replaced since sign-in). */
  const registeredSigners = async () => {
    const me = await data(api.GET("/v1/me"));
    return "signers" in me ? me.signers.map((s) => s.toLowerCase()) : [];
  };
  const notRegistered = (address: string) => refusal(t("unlock.notRegistered", { address, name: caller?.name ?? "" }));

  const unlock = async () => {
    if (!file) return;
    setError(null);
    try {
      const named = keystoreAddress(file.json);
      if (named === undefined) throw refusal(t("unlock.notKeystore", { name: file.name }));
      const signers = await registeredSigners();
      // ethers is loaded only by a caller that signs itself, here (its own chunk of the bundle).
      const { getAddress, Wallet } = await import("ethers");
      // Refused before the slow scrypt when the file names its address; checked again on the key it holds.
      if (named && !signers.includes(named.toLowerCase())) throw notRegistered(getAddress(named));
      setProgress(0);
      let wallet: Awaited<ReturnType<typeof Wallet.fromEncryptedJson>>;
      try {
        wallet = await Wallet.fromEncryptedJson(file.json, password, (p) => setProgress(p));
      } catch (e) {
        throw refusal(
          /incorrect password/i.test(String(e))
            ? t("unlock.wrongPassword")
            : t("unlock.unreadable", { name: file.name }),
        );
      }
      if (!signers.includes(wallet.address.toLowerCase())) throw notRegistered(wallet.address);
      setPassword("");
      setFile(null);
      unlocked(wallet);
    } catch (e) {
      setError(e);
    } finally {
      setProgress(null);
    }
  };

  if (signer) {
    return (
      <>
        <h1>{t("unlock.title")}</h1>
        <Notice text={t("unlock.unlocked", { address: signer })} />
        <p>{t("unlock.unlockedHint")}</p>
        <div class="actions">
          <button type="button" onClick={() => unlocked(undefined)}>
            {t("unlock.lock")}
          </button>
        </div>
      </>
    );
  }

  return (
    <>
      <h1>{t("unlock.title")}</h1>
      <p>{t("unlock.intro")}</p>
      <form
        class="unlock"
        onSubmit={(e) => {
          e.preventDefault();
          void unlock();
        }}
      >
        <FileDrop
          label={t("unlock.file")}
          onText={(json, name) => {
            setError(null);
            setFile({ json, name });
          }}
        />
        {file ? <p class="hint">{t("unlock.chosen", { name: file.name })}</p> : null}
        <div class="field">
          <label for={passwordId}>{t("unlock.password")}</label>
          <input
            id={passwordId}
            type="password"
            value={password}
            required
            autocomplete="off"
            onInput={(e) => setPassword((e.currentTarget as HTMLInputElement).value)}
          />
        </div>
        <div class="actions">
          <button type="submit" class="primary" disabled={!file || !password || progress !== null}>
            {progress !== null ? t("unlock.busy") : t("unlock.submit")}
          </button>
        </div>
        {progress !== null ? (
          <div class="scrypt">
            <label for={progressId}>{t("unlock.progress", { percent: Math.round(progress * 100) })}</label>
            <progress id={progressId} max={1} value={progress} />
          </div>
        ) : null}
        <ErrorMessage error={error} />
      </form>
      <p class="hint">{t("unlock.never")}</p>
    </>
  );
}
