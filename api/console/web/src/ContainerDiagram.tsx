/**
 * The box unfolded: its six faces laid out as a net (the top above the left side, the floor below it), each face a
 * real button with a drawing of it, so a clerk taps where the damage is; the count of damage reports on a face shows
 * on it. The drawings are decoration: each button's name is its face and count.
 */
import type { JSX } from "preact";
import { useId } from "preact/hooks";
import type { Face } from "./damageCodes.ts";
import { t } from "./i18n.ts";
import "./ContainerDiagram.css";

/** In reading order: the top, then front, left side, rear doors, right side, then the floor. */
const NET: readonly Face[] = ["T", "F", "L", "D", "R", "B"];

export function ContainerDiagram({
  picked,
  counts,
  onPick,
}: {
  picked: Face | undefined;
  counts: Partial<Record<Face, number>>;
  onPick: (face: Face) => void;
}) {
  const id = useId();
  return (
    <div class="diagram" role="group" aria-labelledby={id}>
      <p id={id} class="diagram-title">
        {t("damage.diagram")}
      </p>
      <div class="net">
        {NET.map((face) => {
          const count = counts[face] ?? 0;
          return (
            <button
              key={face}
              type="button"
              class={`face face-${face}${count ? " marked" : ""}`}
              aria-pressed={picked === face}
              onClick={() => onPick(face)}
            >
              <FaceDrawing face={face} />
              <span class="face-name">
                {t(`damage.faces.${face}`)}
                {count ? (
                  <>
                    {" "}
                    <span class="face-count">{t("damage.count", { count })}</span>
                  </>
                ) : null}
              </span>
            </button>
          );
        })}
      </div>
    </div>
  );
}

/** A face as seen from outside: corrugated walls, the doors with their locking bars, the roof, the floor boards. */
function FaceDrawing({ face }: { face: Face }) {
  const long = face === "L" || face === "R" || face === "T" || face === "B";
  const w = long ? 300 : 100;
  const h = 80;
  const lines: JSX.Element[] = [];
  if (face === "D") {
    lines.push(<line key="mid" x1={50} y1={4} x2={50} y2={76} />);
    for (const x of [20, 38, 62, 80]) lines.push(<line key={x} x1={x} y1={8} x2={x} y2={72} class="bar" />);
  } else if (face === "B") {
    for (let y = 16; y < h; y += 16) lines.push(<line key={`b${y}`} x1={4} y1={y} x2={w - 4} y2={y} />);
    for (let x = 30; x < w; x += 30) lines.push(<line key={`c${x}`} x1={x} y1={4} x2={x} y2={h - 4} class="thin" />);
  } else {
    const step = face === "T" ? 25 : 12;
    for (let x = step; x < w - 4; x += step) lines.push(<line key={x} x1={x} y1={6} x2={x} y2={h - 6} class="thin" />);
  }
  return (
    <svg viewBox={`0 0 ${w} ${h}`} preserveAspectRatio="none" aria-hidden="true" focusable="false" class="face-drawing">
      <rect x={2} y={2} width={w - 4} height={h - 4} rx={3} />
      {lines}
    </svg>
  );
}
