import QRCode from 'qrcode';
import { useMemo } from 'react';

/** Where a phone that reads the QR code goes: the check-in page with the room's code filled in. */
export const checkInUrl = (origin: string, code: string) =>
  `${origin}/events/check-in?code=${encodeURIComponent(code)}`;

/** A QR code of the text as one SVG path of its dark modules, one unit a module, and its width in modules. */
export function qrPath(text: string): { size: number; d: string } {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  let d = '';
  for (let row = 0; row < modules.size; row++)
    for (let col = 0; col < modules.size; col++) if (modules.get(row, col)) d += `M${col} ${row}h1v1h-1z`;
  return { size: modules.size, d };
}

/** Modules of white around the code, which readers need to find it. */
const QUIET = 4;

/** The session's check-in code as a QR code for the room's screen: a phone's camera opens the check-in page. */
export function CheckInQr({ code }: { code: string }) {
  const url = checkInUrl(window.location.origin, code);
  const { size, d } = useMemo(() => qrPath(url), [url]);
  const side = size + 2 * QUIET;
  return (
    <figure className="checkin-qr">
      <svg
        role="img"
        aria-label={`QR code that opens the check-in page with the code ${code}`}
        viewBox={`${-QUIET} ${-QUIET} ${side} ${side}`}
        width="200"
        height="200"
        shapeRendering="crispEdges"
      >
        <rect x={-QUIET} y={-QUIET} width={side} height={side} fill="#fff" />
        <path d={d} fill="#000" />
      </svg>
      <figcaption>Scan it with a phone’s camera to check in.</figcaption>
    </figure>
  );
}
