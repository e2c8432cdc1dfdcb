import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { useEffect, useRef, useState } from 'react';

/**
 * The first page of a PDF drawn on a canvas with pdf.js, in the browser: the file itself is never
 * shown inline by the browser's own viewer. A download link sits beside it for the whole document.
 */
export function PdfPreview({ url, filename }: { url: string; filename: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'failed'>('loading');
  const [pages, setPages] = useState<number | null>(null);

  useEffect(() => {
    let cancelled = false;
    let destroy: (() => void) | null = null;
    (async () => {
      const pdfjs = await import('pdfjs-dist');
      pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;
      const task = pdfjs.getDocument({ url, isEvalSupported: false, disableFontFace: true });
      destroy = () => void task.destroy();
      const doc = await task.promise;
      const page = await doc.getPage(1);
      const target = canvas.current;
      if (cancelled || !target) return;
      const base = page.getViewport({ scale: 1 });
      const viewport = page.getViewport({
        scale: Math.min(2, 640 / base.width) * (window.devicePixelRatio || 1),
      });
      target.width = viewport.width;
      target.height = viewport.height;
      target.style.width = `${viewport.width / (window.devicePixelRatio || 1)}px`;
      await page.render({ canvas: target, canvasContext: target.getContext('2d') ?? undefined, viewport })
        .promise;
      if (!cancelled) {
        setPages(doc.numPages);
        setState('ready');
      }
    })().catch(() => {
      if (!cancelled) setState('failed');
    });
    return () => {
      cancelled = true;
      destroy?.();
    };
  }, [url]);

  return (
    <figure className="resource-preview resource-preview--pdf">
      <canvas
        ref={canvas}
        role="img"
        aria-label={`First page of ${filename}`}
        hidden={state !== 'ready'}
        className="resource-preview__canvas"
      />
      <figcaption className="muted" aria-live="polite">
        {state === 'loading' && 'Loading a preview of the first page…'}
        {state === 'failed' && 'No preview of this PDF could be shown; download it to read it.'}
        {state === 'ready' &&
          (pages && pages > 1
            ? `First page of ${pages}. Download the file to read it all.`
            : 'The only page.')}
      </figcaption>
    </figure>
  );
}
