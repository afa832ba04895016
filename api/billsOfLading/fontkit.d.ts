/** The part of fontkit (pdfkit's font engine, which ships no types) that api/billsOfLading/pdfFonts.ts uses. */
declare module "fontkit" {
  export interface Font {
    postscriptName: string;
    hasGlyphForCodePoint(codePoint: number): boolean;
  }
  export interface FontCollection {
    fonts: Font[];
  }
  export function create(data: Uint8Array, postscriptName?: string): Font | FontCollection;
}
