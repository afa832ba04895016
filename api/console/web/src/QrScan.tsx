/**
 * Reads a Paperless Port QR code, with the camera (the environment-facing one) or from a photo of the code, and opens
 * the check it leads to: a printed B/L's code opens its verification (#/verify/<checksum>), an e-EIR's code its check
 * (#/eir/<reference>). Only links to this console's own pages are followed; any other code is refused. Frames are
 * decoded in the page by jsQR (plain JavaScript: no worker, no wasm), nothing is uploaded.
 */
import jsQR from "jsqr";
import { useEffect, useId, useRef, useState } from "preact/hooks";
import { t } from "./i18n.ts";
import "./QrScan.css";

const CHECKSUM = /^0x[0-9a-fA-F]{64}$/;
/** An e-EIR's short reference (EIR- and 8 Crockford base32 characters) or its id. */
const INTERCHANGE = /^(EIR-[0-9A-HJKMNP-TV-Z]{8}|0x[0-9a-fA-F]{64})$/i;
/** The longest side a frame or photo is decoded at: enough for a printed code, fast enough on a tablet. */
const DECODE_SIDE = { camera: 640, photo: 1280 };

/** Where a scanned text leads, when it is a link to this console's verify or e-EIR page: its `#/…`, else undefined. */
export function consoleTarget(text: string, origin = window.location.origin): string | undefined {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return undefined;
  }
  if (url.origin !== origin || !/^\/console\/?$/.test(url.pathname) || url.search || url.username) return undefined;
  const [, page, argument, ...more] = url.hash.split("/");
  if (url.hash.split("/")[0] !== "#" || more.length || !argument) return undefined;
  let value: string;
  try {
    value = decodeURIComponent(argument);
  } catch {
    return undefined;
  }
  if (page === "verify" && CHECKSUM.test(value)) return `#/verify/${value}`;
  if (page === "eir" && INTERCHANGE.test(value)) return `#/eir/${value}`;
  return undefined;
}

/** The text of the QR code in this image of `width`×`height`, if one is found (drawn at most `side` pixels a side). */
function decode(image: CanvasImageSource, width: number, height: number, side: number, canvas: HTMLCanvasElement) {
  const scale = Math.min(1, side / Math.max(width, height));
  canvas.width = Math.max(1, Math.round(width * scale));
  canvas.height = Math.max(1, Math.round(height * scale));
  const context = canvas.getContext("2d", { willReadFrequently: true });
  if (!context) return undefined;
  context.drawImage(image, 0, 0, canvas.width, canvas.height);
  return jsQR(context.getImageData(0, 0, canvas.width, canvas.height).data, canvas.width, canvas.height)?.data;
}

/**
 * `onSame`: the code leads to the page already open (the hash does not change), so the page checks it again.
 * `onTarget`: the page takes the code's target itself (the gate fills its form) instead of opening it.
 */
export function QrScan({
  onSame,
  onTarget,
  intro = t("qr.intro"),
}: {
  onSame?: (target: string) => void;
  onTarget?: (target: string) => void;
  intro?: string;
}) {
  const photoId = useId();
  const video = useRef<HTMLVideoElement>(null);
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [error, setError] = useState<string | null>(null);

  const follow = (text: string) => {
    const target = consoleTarget(text);
    if (!target) return setError(t("qr.notOurs"));
    setError(null);
    if (onTarget) onTarget(target);
    else if (window.location.hash === target) onSame?.(target);
    else window.location.hash = target;
  };

  const stop = () => {
    stream?.getTracks().forEach((track) => track.stop());
    setStream(null);
  };

  // While the camera runs: a frame decoded every animation frame until a code is read; the camera stops then.
  useEffect(() => {
    const element = video.current;
    if (!stream || !element) return;
    element.srcObject = stream;
    void element.play().catch(() => {});
    const canvas = document.createElement("canvas");
    let frame = 0;
    const look = () => {
      const text =
        element.readyState >= element.HAVE_CURRENT_DATA && element.videoWidth
          ? decode(element, element.videoWidth, element.videoHeight, DECODE_SIDE.camera, canvas)
          : undefined;
      if (text) {
        stream.getTracks().forEach((track) => track.stop());
        setStream(null);
        follow(text);
      } else frame = requestAnimationFrame(look);
    };
    frame = requestAnimationFrame(look);
    return () => cancelAnimationFrame(frame);
  }, [stream]);
  // Leaving the page turns the camera off.
  useEffect(() => () => stream?.getTracks().forEach((track) => track.stop()), [stream]);

  const start = async () => {
    setError(null);
    try {
      setStream(
        await navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: "environment" } }, audio: false }),
      );
    } catch (e) {
      setError(t("qr.noCamera", { reason: e instanceof Error ? e.name : String(e) }));
    }
  };

  const photo = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    let text: string | undefined;
    try {
      const bitmap = await createImageBitmap(file);
      text = decode(bitmap, bitmap.width, bitmap.height, DECODE_SIDE.photo, document.createElement("canvas"));
      bitmap.close();
    } catch {
      text = undefined;
    }
    if (text === undefined) return setError(t("qr.none", { name: file.name }));
    follow(text);
  };

  return (
    <div class="qr-scan">
      <p>{intro}</p>
      <div class="actions">
        <button type="button" class="big" onClick={() => (stream ? stop() : void start())}>
          {stream ? t("qr.stop") : t("qr.camera")}
        </button>
      </div>
      {stream ? (
        <>
          <video ref={video} class="qr-video" aria-label={t("qr.video")} muted playsInline />
          <p class="hint" role="status">
            {t("qr.looking")}
          </p>
        </>
      ) : null}
      <div
        class="drop"
        onDragOver={(e) => e.preventDefault()}
        onDrop={(e) => {
          e.preventDefault();
          void photo(e.dataTransfer?.files[0]);
        }}
      >
        <label for={photoId}>{t("qr.photo")}</label>
        <input
          id={photoId}
          type="file"
          accept="image/*"
          onChange={(e) => {
            const input = e.currentTarget as HTMLInputElement;
            void photo(input.files?.[0]);
            input.value = ""; // the same photo chosen again is read again
          }}
        />
        <span class="hint">{t("qr.choosePhoto")}</span>
      </div>
      {error ? (
        <p class="error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
