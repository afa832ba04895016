/** `npm run client:generate`: writes api/client/openapiTypes.ts from the document the gateway serves. */
import { writeFile } from "node:fs/promises";
import { CLIENT_TYPES_FILE, clientTypes } from "./clientTypes.ts";

await writeFile(CLIENT_TYPES_FILE, await clientTypes());
console.log(`Wrote ${CLIENT_TYPES_FILE.pathname}`);
