/** Where `npm run build:console` writes the web console (gitignored; built at install, start, serve and test). */
import path from "node:path";

export const CONSOLE_DIST = path.join(import.meta.dirname, "../../dist/console");
