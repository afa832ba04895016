/**
 * The console's languages: Simplified Chinese first (the port is in Tianjin), English beside it. The choice is kept
 * in localStorage (the language only: never a key or a token). Dates show in the port's time zone, Asia/Shanghai.
 */
import i18next from "i18next";
import { en } from "./locales/en.ts";
import { zhCN } from "./locales/zh-CN.ts";
import { PORT_TIME_ZONE } from "../../../domain.ts";

export const LANGUAGES = [
  { code: "zh-CN", label: "中文" },
  { code: "en", label: "English" },
] as const;
export type Language = (typeof LANGUAGES)[number]["code"];

const STORED = "paperless-port.language";

function storedLanguage(): Language {
  try {
    const stored = localStorage.getItem(STORED);
    return LANGUAGES.some((l) => l.code === stored) ? (stored as Language) : "zh-CN";
  } catch {
    return "zh-CN";
  }
}

export const i18n = i18next.createInstance();
void i18n.init({
  lng: storedLanguage(),
  fallbackLng: "en",
  resources: { "zh-CN": { translation: zhCN }, en: { translation: en } },
  interpolation: { escapeValue: false }, // Preact escapes what it renders
  initAsync: false,
  returnNull: false,
});
document.documentElement.lang = i18n.language;
document.title = i18n.t("app.title");

export const t = (key: string, options?: Record<string, unknown>): string => i18n.t(key, options ?? {}) as string;

/** Switches the language, keeps the choice and tells the page (which renders again). */
export async function setLanguage(language: Language): Promise<void> {
  await i18n.changeLanguage(language);
  document.documentElement.lang = language;
  document.title = i18n.t("app.title");
  try {
    localStorage.setItem(STORED, language);
  } catch {
    // A browser that keeps nothing still switches for this visit.
  }
}

/** A date and time as the port reads it: in Asia/Shanghai, in the page's language. */
export function formatDateTime(iso: string): string {
  return new Intl.DateTimeFormat(i18n.language, {
    timeZone: PORT_TIME_ZONE,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  }).format(new Date(iso));
}

/** Whether this key has a translation in the current language (a problem code, a gate refusal code). */
export const hasTranslation = (key: string) => i18n.exists(key, { lng: i18n.language, fallbackLng: false });
