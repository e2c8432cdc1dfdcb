import type { ReactNode } from 'react';

/**
 * A table that scrolls sideways on its own on a narrow screen, reachable by keyboard. The
 * `.table-wrap` style positions it, so the visually hidden labels inside it scroll with it instead
 * of widening the page.
 */
export function TableWrap({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must take focus to scroll by keyboard.
    <section className="table-wrap" tabIndex={0} aria-label={label}>
      {children}
    </section>
  );
}
