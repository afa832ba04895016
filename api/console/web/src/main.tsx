/** The web console: one page per role, in Chinese or English, talking only to this node's API. */
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import {
  api,
  ApiProblem,
  data,
  onSessionEnded,
  setCsrfToken,
  setSigning,
  signerAddress,
  signsItself,
  useKey,
  type Caller,
} from "./api.ts";
import { i18n, LANGUAGES, setLanguage, t, type Language } from "./i18n.ts";
import { listen } from "./live.ts";
import { BillsPage } from "./pages/Bills.tsx";
import { CarrierPage } from "./pages/Carrier.tsx";
import { CustomsPage } from "./pages/Customs.tsx";
import { DashboardPage } from "./pages/Dashboard.tsx";
import { DocumentPage } from "./pages/Document.tsx";
import { EirCheckPage } from "./pages/EirCheck.tsx";
import { GatePage } from "./pages/Gate.tsx";
import { HaulierPage } from "./pages/Haulier.tsx";
import { OperatorPage } from "./pages/Operator.tsx";
import { SignInPage } from "./pages/SignIn.tsx";
import { UnlockPage } from "./pages/Unlock.tsx";
import { VerifyPage } from "./pages/Verify.tsx";
import { Console, rolesOf, type ConsoleState } from "./state.ts";
import "./style.css";

type Page =
  | "verify"
  | "eir"
  | "sign-in"
  | "bills"
  | "carrier"
  | "gate"
  | "customs"
  | "haulier"
  | "bl"
  | "unlock"
  | "operator"
  | "dashboard";

/** The pages a caller of these roles works on, its own first (its key file first while it signs itself, locked). */
function pagesFor(caller: Caller | null): Page[] {
  // The release-time dashboard is public, like its figures: in everyone's navigation.
  if (!caller) return ["sign-in", "verify", "eir", "dashboard"];
  if (caller.orgId === "operator") return ["operator", "dashboard", "verify", "eir"];
  const roles = rolesOf(caller);
  const pages: Page[] = [];
  if (roles.includes("carrier")) pages.push("carrier");
  if (roles.includes("terminal") || roles.includes("depot")) pages.push("gate");
  if (roles.includes("customs")) pages.push("customs");
  if (roles.includes("haulier")) pages.push("haulier");
  if (roles.some((r) => r === "trader" || r === "bank") || pages.length === 0) pages.push("bills");
  const common: Page[] = ["verify", "eir", "dashboard"];
  if (signsItself()) return signerAddress() ? [...pages, "unlock", ...common] : ["unlock", ...pages, ...common];
  return [...pages, ...common];
}

const pageOfHash = (): string => window.location.hash.replace(/^#\/?/, "");

function App() {
  const [caller, setCaller] = useState<Caller | null | undefined>(undefined);
  const [language, setLanguageState] = useState<Language>(i18n.language as Language);
  const [hash, setHash] = useState(pageOfHash());
  const [liveTick, setLiveTick] = useState(0);
  const [connected, setConnected] = useState(false);
  const [ended, setEnded] = useState(false);
  // The address that signs (the unlocked key's, or the node's): the page renders again when it changes.
  const [signer, setSigner] = useState<string | undefined>(undefined);

  useEffect(() => {
    const onHash = () => setHash(pageOfHash());
    window.addEventListener("hashchange", onHash);
    onSessionEnded(() => {
      setSigning(undefined);
      setSigner(undefined);
      setEnded(true);
      setCaller(null);
      setConnected(false);
      window.location.hash = "#/sign-in";
    });
    // A session the cookie still names (after a reload): its CSRF token comes back from the API, not from storage.
    data(api.GET("/v1/session")).then(
      (s) => {
        setCsrfToken(s.csrfToken);
        setSigning(s.signing);
        setSigner(signerAddress());
        setCaller(s.caller);
      },
      () => setCaller(null),
    );
    return () => window.removeEventListener("hashchange", onHash);
  }, []);

  const organization = caller && caller.orgId !== "operator" ? caller.orgId : null;
  useEffect(() => {
    if (!organization) return;
    return listen(
      () => setLiveTick((n) => n + 1),
      (c) => setConnected(c),
    );
  }, [organization]);

  if (caller === undefined) return <p class="loading">{t("common.loading")}</p>;

  const pages = pagesFor(caller);
  // "#/eir/EIR-…" (what an e-EIR's QR code opens): the page, then its argument.
  const [name, ...rest] = hash.split("/");
  const argument = rest.join("/");
  // A B/L's document ("#/bl/<number>") is open to any signed-in organization, off the navigation.
  const page: Page =
    (pages as string[]).includes(name) || (name === "bl" && caller && argument) ? (name as Page) : pages[0];
  const state: ConsoleState = {
    caller,
    liveTick,
    signedIn(c, csrfToken, signing) {
      setEnded(false);
      setCsrfToken(csrfToken);
      setSigning(signing);
      setSigner(signerAddress());
      setCaller(c);
      window.location.hash = `#/${pagesFor(c)[0]}`;
    },
    async signOut() {
      try {
        await data(api.DELETE("/v1/session"));
      } catch (e) {
        if (!(e instanceof ApiProblem)) throw e;
      }
      setCsrfToken(undefined);
      setSigning(undefined);
      setSigner(undefined);
      setCaller(null);
      setConnected(false);
      window.location.hash = "#/sign-in";
    },
    unlocked(wallet) {
      useKey(wallet);
      setSigner(signerAddress());
      if (wallet && caller) window.location.hash = `#/${pagesFor(caller)[0]}`;
    },
  };

  return (
    <Console.Provider value={state}>
      <a class="skip" href="#main">
        {t("app.skip")}
      </a>
      <header>
        <div class="brand">
          <strong>{t("app.title")}</strong>
          <span>{t("app.subtitle")}</span>
        </div>
        <nav aria-label={t("nav.label")}>
          {pages.map((p) => (
            <a key={p} href={`#/${p}`} aria-current={p === page ? "page" : undefined}>
              {t(`nav.${p === "sign-in" ? "signIn" : p}`)}
            </a>
          ))}
        </nav>
        <div class="session">
          <label>
            <span>{t("nav.language")}</span>
            <select
              value={language}
              onChange={async (e) => {
                const next = (e.currentTarget as HTMLSelectElement).value as Language;
                await setLanguage(next);
                setLanguageState(next);
              }}
            >
              {LANGUAGES.map((l) => (
                <option key={l.code} value={l.code} lang={l.code}>
                  {l.label}
                </option>
              ))}
            </select>
          </label>
          {caller ? (
            <>
              <span class="who">{t("nav.signedInAs", { name: caller.name })}</span>
              {organization ? <SignerBadge signer={signer} /> : null}
              {organization ? (
                <span class={connected ? "live on" : "live"}>{connected ? t("nav.live") : t("nav.offline")}</span>
              ) : null}
              <button type="button" onClick={() => void state.signOut()}>
                {t("nav.signOut")}
              </button>
            </>
          ) : null}
        </div>
      </header>
      <main id="main" tabIndex={-1} data-page={page}>
        {page === "verify" ? <VerifyPage checksum={argument} /> : null}
        {page === "sign-in" ? <SignInPage ended={ended} /> : null}
        {page === "bills" ? <BillsPage /> : null}
        {page === "carrier" ? <CarrierPage /> : null}
        {page === "gate" ? <GatePage /> : null}
        {page === "customs" ? <CustomsPage /> : null}
        {page === "haulier" ? <HaulierPage /> : null}
        {page === "eir" ? <EirCheckPage reference={argument} /> : null}
        {page === "operator" ? <OperatorPage /> : null}
        {page === "dashboard" ? <DashboardPage /> : null}
        {page === "bl" ? <DocumentPage blNumber={decodeURIComponent(argument)} /> : null}
        {page === "unlock" ? <UnlockPage /> : null}
      </main>
    </Console.Provider>
  );
}

/** Which address signs this caller's writes; for one that signs itself and is locked, the way to its key file. */
function SignerBadge({ signer }: { signer: string | undefined }) {
  if (!signer && !signsItself()) return null;
  if (!signer)
    return (
      <a class="signer locked" href="#/unlock">
        {t("signing.locked")}
      </a>
    );
  const short = `${signer.slice(0, 6)}…${signer.slice(-4)}`;
  return (
    <span class="signer" data-signer={signer}>
      {t(signsItself() ? "signing.byBrowser" : "signing.byNode", { address: short })}
    </span>
  );
}

render(<App />, document.getElementById("app")!);
