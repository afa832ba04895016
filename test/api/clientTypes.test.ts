/** The typed client's committed types are what openapi-typescript generates from the document the gateway serves. */
import { readFile } from "node:fs/promises";
import { expect } from "chai";
import { CLIENT_TYPES_FILE, clientTypes } from "../../scripts/clientTypes.ts";

describe("the typed client's generated types", function () {
  this.timeout(60_000);

  it("match the served /openapi.json (else run `npm run client:generate` and commit)", async function () {
    const committed = await readFile(CLIENT_TYPES_FILE, "utf8");
    expect(committed === (await clientTypes()), "api/client/openapiTypes.ts has drifted from /openapi.json").to.be.true;
  });
});
