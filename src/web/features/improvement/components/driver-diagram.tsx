import { useId } from 'react';
import type { DriverNode } from '#shared/contracts/improvement.ts';

const COLUMN = 190;
const GAP = 40;
const BOX = COLUMN - 16;
const LINE = 16;
const ROW = 74;

/** Splits words into lines of about `width` characters for SVG text, which does not wrap itself. */
function wrap(text: string, width = 24, most = 3): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/)) {
    if (`${current} ${word}`.trim().length > width && current) {
      lines.push(current);
      current = word;
    } else current = `${current} ${word}`.trim();
  }
  if (current) lines.push(current);
  if (lines.length > most)
    return [
      ...lines.slice(0, most - 1),
      `${lines
        .slice(most - 1)
        .join(' ')
        .slice(0, width - 1)}…`,
    ];
  return lines;
}

interface Placed {
  node: DriverNode;
  x: number;
  y: number;
  children: Placed[];
}

/** Lays each line of the outline out in its column, a parent level with the middle of its children. */
function place(nodes: DriverNode[], depth: number, row: { next: number }): Placed[] {
  return nodes.map((node) => {
    const children = place(node.children, depth + 1, row);
    let y: number;
    if (children.length) y = (children[0].y + children[children.length - 1].y) / 2;
    else {
      y = row.next * ROW + ROW / 2;
      row.next += 1;
    }
    return { node, x: (depth + 1) * (COLUMN + GAP), y, children };
  });
}

function Box({ x, y, text, kind }: { x: number; y: number; text: string; kind: string }) {
  const lines = wrap(text);
  const height = lines.length * LINE + 14;
  return (
    <>
      <rect
        x={x}
        y={y - height / 2}
        width={BOX}
        height={height}
        rx={6}
        className={`driver-diagram__box driver-diagram__box--${kind}`}
      />
      <text x={x + 8} y={y - height / 2 + 7 + LINE - 4} className="driver-diagram__text">
        {lines.map((l, i) => (
          <tspan key={l} x={x + 8} dy={i === 0 ? 0 : LINE}>
            {l}
          </tspan>
        ))}
      </text>
    </>
  );
}

const LEVEL_NAMES = ['Primary drivers', 'Secondary drivers', 'Change ideas'];

/** The same diagram as the nested outline it was written as: what a screen reader reads. */
function Outline({ nodes, depth }: { nodes: DriverNode[]; depth: number }) {
  if (!nodes.length) return null;
  return (
    <ul aria-label={LEVEL_NAMES[depth]}>
      {nodes.map((n) => (
        <li key={n.id}>
          {n.text}
          <Outline nodes={n.children} depth={depth + 1} />
        </li>
      ))}
    </ul>
  );
}

function Branch({ items, from }: { items: Placed[]; from: { x: number; y: number } }) {
  if (!items.length) return null;
  return (
    <g>
      {items.map((p) => (
        <g key={p.node.id}>
          <path
            d={`M ${from.x} ${from.y} C ${from.x + GAP / 2} ${from.y}, ${p.x - GAP / 2} ${p.y}, ${p.x} ${p.y}`}
            className="driver-diagram__link"
          />
          <Box x={p.x} y={p.y} text={p.node.text} kind={p.node.kind} />
          <Branch items={p.children} from={{ x: p.x + BOX, y: p.y }} />
        </g>
      ))}
    </g>
  );
}

/**
 * The driver diagram drawn as a real diagram: the aim on the left, then primary drivers, secondary
 * drivers and change ideas, joined by lines. A screen reader reads it as the nested outline it was
 * written as (decision 065); the drawing itself is hidden from it, so nothing is read twice.
 */
export function DriverDiagram({ aim, drivers }: { aim: string; drivers: DriverNode[] }) {
  const titleId = useId();
  const row = { next: 0 };
  const placed = place(drivers, 0, row);
  const rows = Math.max(row.next, 1);
  const height = rows * ROW;
  const width = 4 * COLUMN + 3 * GAP;
  const aimY = height / 2;
  return (
    <figure className="driver-diagram" aria-labelledby={titleId}>
      <figcaption id={titleId}>
        Driver diagram: the aim, then what drives it, then the changes to try
      </figcaption>
      <div className="visually-hidden">
        <p>Aim: {aim}</p>
        <Outline nodes={drivers} depth={0} />
      </div>
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a diagram wider than a phone scrolls sideways, by keyboard too. */}
      <section className="driver-diagram__scroll" tabIndex={0} aria-label="The drawing (scrolls sideways)">
        <svg
          viewBox={`0 0 ${width} ${height}`}
          width={width}
          height={height}
          aria-hidden="true"
          focusable="false"
        >
          <Box x={0} y={aimY} text={aim} kind="aim" />
          <Branch items={placed} from={{ x: BOX, y: aimY }} />
        </svg>
      </section>
    </figure>
  );
}
