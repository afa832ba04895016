/**
 * The font a printed B/L draws Chinese with. The standard PDF fonts cover Latin-1 only; a CJK font installed on the
 * node (Debian: fonts-noto-cjk, fonts-wqy-microhei or fonts-droid-fallback) is embedded, subset to the characters
 * the B/L uses, for every run of text beyond Latin-1. None installed: those characters print as "?".
 */
import { existsSync, readFileSync } from "node:fs";
import * as fontkit from "fontkit";
import { ConfigError } from "../config.ts";

/**
 * A font file, read once at start (every PDF embeds from these bytes, no file read per document), and the PostScript
 * name of its face when the file is a collection (TTC).
 */
export interface CjkFont {
  path: string;
  data: Buffer;
  face?: string;
  /** Whether the face has a glyph for the code point: a character it lacks prints as "?". */
  covers(codePoint: number): boolean;
}

/** Installed by the usual Debian packages, best first. */
const SYSTEM_FONTS = [
  "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc#NotoSansCJKsc-Regular",
  "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc#WenQuanYiMicroHei",
  "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
];

/** Opens `spec` (`file` or `file.ttc#Face`); a ConfigError naming the setting if it cannot. */
export function openCjkFont(spec: string): CjkFont {
  const [path, face] = spec.split("#");
  if (!existsSync(path)) throw new ConfigError(`PDF_CJK_FONT: no font file at ${path}.`);
  const data = readFileSync(path);
  let opened: fontkit.Font | fontkit.FontCollection;
  try {
    opened = fontkit.create(data, face);
  } catch (error) {
    throw new ConfigError(`PDF_CJK_FONT: ${path} is not a font pdfkit can embed (${(error as Error).message}).`);
  }
  if (!("hasGlyphForCodePoint" in opened)) {
    const faces = opened.fonts.map((f) => f.postscriptName).join(", ");
    throw new ConfigError(`PDF_CJK_FONT: ${path} is a collection: name one of its faces as ${path}#<face> (${faces}).`);
  }
  const font = opened;
  return { path, data, face, covers: (codePoint) => font.hasGlyphForCodePoint(codePoint) };
}

/** The configured font ("none": the standard fonts only), else the first system font installed, else none. */
export function cjkFont(setting: string | undefined): CjkFont | undefined {
  if (setting === "none") return undefined;
  if (setting) return openCjkFont(setting);
  const installed = SYSTEM_FONTS.find((spec) => existsSync(spec.split("#")[0]));
  return installed ? openCjkFont(installed) : undefined;
}
