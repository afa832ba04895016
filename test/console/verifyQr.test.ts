/**
 * The verify page's QR scanner (issue 13, point 3): a printed B/L's code and an e-EIR's code, read from a photo or
 * with the camera (Chromium's fake camera, fed a video of the code), open their checks; a code that is no link to
 * this console's own pages is refused.
 */
import { expect } from "chai";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import QRCode from "qrcode";
import type { Page } from "playwright-core";
import { canonicalize, documentChecksum } from "../../api/billsOfLading/canonicalForm.ts";
import { transportDocument, type TestCommunity } from "../fixtures/gateway.ts";
import { as, expectStatus, issue, newBlNumber } from "../api/helpers.ts";
import { releaseSteps } from "../api/releaseSteps.ts";
import { consoleInBrowser, type ConsolePage } from "./browser.ts";

/** A Y4M video (what Chromium's fake camera plays, in a loop) of one 640×480 frame showing the QR code of `text`. */
function qrVideo(text: string): Buffer {
  const [width, height] = [640, 480];
  const { modules } = QRCode.create(text, { errorCorrectionLevel: "M" });
  const cell = Math.floor(400 / (modules.size + 8));
  const left = Math.floor((width - cell * modules.size) / 2);
  const top = Math.floor((height - cell * modules.size) / 2);
  const luma = Buffer.alloc(width * height, 255);
  for (let row = 0; row < modules.size; row++)
    for (let col = 0; col < modules.size; col++)
      if (modules.get(row, col))
        for (let y = 0; y < cell; y++)
          luma.fill(
            0,
            (top + row * cell + y) * width + left + col * cell,
            (top + row * cell + y) * width + left + (col + 1) * cell,
          );
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from("FRAME\n"), luma, chroma]);
  return Buffer.concat([Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`), frame, frame]);
}

describe("web console: scanning a QR code on the verify page (Chromium)", function () {
  this.timeout(180_000);
  /** The B/L the fake camera shows the code of: its checksum is known before the node issues it. */
  const cameraBl = newBlNumber("WEBQC");
  const video = mkdtempSync(path.join(tmpdir(), "paperless-camera-"));
  const harness = consoleInBrowser({
    chromiumArgs(base) {
      const checksum = documentChecksum(canonicalize(transportDocument(cameraBl)));
      const file = path.join(video, "qr.y4m");
      writeFileSync(file, qrVideo(`${base}/console/#/verify/${checksum}`));
      return [
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
        `--use-file-for-fake-video-capture=${file}`,
      ];
    },
  });
  const { newPage, check, signIn } = harness;
  let t: TestCommunity;
  let base: string;
  before(() => ({ t, base } = harness));
  after(() => rmSync(video, { recursive: true, force: true }));

  /** Chooses a photo (PNG bytes) on the verify page's scanner. */
  const choosePhoto = (page: Page, name: string, buffer: Buffer) =>
    page
      .getByLabel("二维码照片")
      .setInputFiles({ name, mimeType: name.endsWith(".jpg") ? "image/jpeg" : "image/png", buffer });

  it("when the photo of a printed B/L's QR code is chosen, then the page verifies that B/L", async () => {
    const blNumber = newBlNumber("WEBQR");
    await issue(t, blNumber);
    const { documentChecksum: checksum } = expectStatus(
      await as(t, "shipper").get(`/v1/bills-of-lading/${blNumber}`),
      200,
    );
    const page = await newPage();
    await page.goto(`${base}/console/#/verify`);
    await page.getByRole("heading", { level: 2, name: "扫描二维码" }).waitFor();
    await check(page, "verify-scan");
    await choosePhoto(page, "bl-code.png", await QRCode.toBuffer(`${base}/console/#/verify/${checksum}`));
    await page
      .locator("#verification .verdict")
      .filter({ hasText: /^真实$/ })
      .waitFor();
    expect(new URL(page.url()).hash).to.equal(`#/verify/${checksum}`);
    expect(await page.locator("#verification").textContent())
      .to.include(blNumber)
      .and.include(checksum);
    expect(await page.getByLabel("单证校验和（0x 加 64 位十六进制）").inputValue()).to.equal(checksum);
  });

  it("when the photo of an e-EIR's QR code is chosen, then its public check opens", async () => {
    const { container, deliveryOrderId } = await releaseSteps(t).prepared({ prefix: "WEBQE" });
    const issued = await releaseSteps(t).importPickUp(container, deliveryOrderId);
    const page = await newPage();
    await page.goto(`${base}/console/#/verify`);
    await choosePhoto(page, "eir-code.png", await QRCode.toBuffer(`${base}/console/#/eir/${issued.reference}`));
    await page.locator("#eir .verdict.yes").waitFor();
    expect(new URL(page.url()).hash).to.equal(`#/eir/${issued.reference}`);
    expect(await page.locator("#eir").textContent()).to.include(issued.reference);
  });

  it("when the gate clerk scans the driver's e-EIR code, then its container and haulier fill the form and the gate answers", async () => {
    const { container, deliveryOrderId } = await releaseSteps(t).prepared({ prefix: "WEBQG" });
    const issued = await releaseSteps(t).importPickUp(container, deliveryOrderId);
    const page = await newPage();
    await signIn(page, "terminal");
    await page.getByRole("heading", { level: 1, name: "闸口" }).waitFor();
    await page.getByText("扫描司机的设备交接单二维码").click();
    // A B/L's code is no e-EIR: the gate says so and looks nothing up.
    await choosePhoto(page, "bl-code.png", await QRCode.toBuffer(`${base}/console/#/verify/0x${"cd".repeat(32)}`));
    await page.getByRole("alert").filter({ hasText: "这不是设备交接单的二维码" }).waitFor();
    expect(await page.locator(".verdict").count()).to.equal(0);

    await choosePhoto(page, "eir-code.png", await QRCode.toBuffer(`${base}/console/#/eir/${issued.reference}`));
    await page.locator(".verdict.yes").waitFor();
    expect(await page.locator("form.gate-form").getByLabel("箱号").inputValue()).to.equal(container);
    expect(await page.getByLabel("车队").inputValue()).to.include(t.orgIds.haulier);
    expect(new URL(page.url()).hash).to.equal("#/gate"); // it stayed on the gate page
    await page.getByText(issued.reference).first().waitFor(); // the e-EIR's gate-out form, below the answer
    await check(page, "gate-scan");
  });

  it("when a code links anywhere else, or a photo holds no code, then it is refused and nothing is opened", async () => {
    const checksum = `0x${"ab".repeat(32)}`;
    let page: ConsolePage | undefined;
    for (const foreign of [
      `https://paperless-port.example/console/#/verify/${checksum}`, // another site's page of the same name
      `${base}/v1/verify/${checksum}`, // this node, but not the console's verify page
      `${base}/console/#/bl/SOMEBL`, // the console, but not a public check
      "WIFI:S:port-office;T:WPA;P:secret;;", // not a link at all
    ]) {
      // A page each: the refusal seen is this code's, not the one before.
      page = await newPage();
      await page.goto(`${base}/console/#/verify`);
      await choosePhoto(page, "other-code.png", await QRCode.toBuffer(foreign));
      await page
        .getByRole("alert")
        .filter({ hasText: "这不是无纸化港口的二维码：只能打开本控制台的提单或交接单二维码。" })
        .waitFor();
      expect(new URL(page.url()).hash, foreign).to.equal("#/verify");
      expect(await page.locator("#verification").count(), foreign).to.equal(0);
    }
    await check(page!, "verify-scan-refused");

    page = await newPage();
    await page.goto(`${base}/console/#/verify`);
    const photo = await readFile(path.join(import.meta.dirname, "../../docs/examples/left-side.jpg"));
    await choosePhoto(page, "left-side.jpg", photo);
    await page.getByRole("alert").filter({ hasText: "在 left-side.jpg 中没有找到二维码。" }).waitFor();
    expect(new URL(page.url()).hash).to.equal("#/verify");
  });

  it("when the camera is pointed at a printed B/L's QR code, then the page verifies that B/L and turns the camera off", async () => {
    await issue(t, cameraBl);
    const page = await newPage();
    await page.goto(`${base}/console/#/verify`);
    await page.getByRole("button", { name: "用摄像头扫描" }).click();
    await page
      .locator("#verification .verdict")
      .filter({ hasText: /^真实$/ })
      .waitFor();
    expect(await page.locator("#verification").textContent()).to.include(cameraBl);
    expect(await page.locator("video").count()).to.equal(0);
    await page.getByRole("button", { name: "用摄像头扫描" }).waitFor();
  });
});
