/**
 * The bad-input suite (issue #11, point 10): a table of requests the gateway must refuse, by resource. Each row is
 * sent against one shared community and must get its status as an RFC 9457 problem, and change nothing: not the
 * chain's height, not the IPFS blockstore, not the index as the API shows it. Rows marked with a bug are skipped
 * (BAD_INPUT_BUGS=1 runs them, to see whether the bug is still there).
 */
import { expect } from "chai";
import { attachmentCases } from "./badInput/attachments.ts";
import { billOfLadingCases } from "./badInput/billsOfLading.ts";
import { equipmentCases } from "./badInput/equipment.ts";
import { buildFixture, closeFixture, runCase, type Case, type Fixture } from "./badInput/harness.ts";
import { anyRouteCases } from "./badInput/http.ts";
import { notificationCases } from "./badInput/notifications.ts";
import { organizationCases } from "./badInput/organizations.ts";
import { releaseCases } from "./badInput/release.ts";

/** Every table, by resource and group. New rules are appended as rows to the table of their resource. */
const TABLES: Record<string, Record<string, Case[]>> = {
  "any route": anyRouteCases,
  organizations: organizationCases,
  "bills of lading": billOfLadingCases,
  attachments: attachmentCases,
  "one window": notificationCases,
  release: releaseCases,
  "equipment interchange": equipmentCases,
};

const runBugs = process.env.BAD_INPUT_BUGS === "1";
const all = Object.values(TABLES).flatMap((groups) => Object.values(groups).flat());

describe("bad input: refused with a problem, and nothing changes", function () {
  this.timeout(180_000);
  let f: Fixture;
  before(async () => {
    f = await buildFixture();
  });
  after(async () => closeFixture(f));

  it("when the table is counted, then it holds at least 800 cases with distinct names", () => {
    expect(all.length).to.be.at.least(800);
    expect(new Set(all.map((c) => c.name)).size, "case names").to.equal(all.length);
  });

  for (const [resource, groups] of Object.entries(TABLES)) {
    describe(resource, () => {
      for (const [group, cases] of Object.entries(groups)) {
        describe(group, () => {
          for (const c of cases) {
            if (c.bug && !runBugs) it.skip(`${c.name} [bug: ${c.bug}]`);
            else it(c.name, async () => runCase(f, c));
          }
        });
      }
    });
  }
});
