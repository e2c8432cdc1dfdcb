import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import type * as Y from 'yjs';

const LOCAL = 'local-typing';

/** Where a selection moves when text is inserted or deleted before or inside it. */
function mapThrough(delta: Y.YTextEvent['delta'], at: number): number {
  let index = 0;
  let moved = at;
  for (const op of delta) {
    if (op.retain) index += op.retain;
    else if (typeof op.insert === 'string') {
      // Text arriving exactly at the cursor goes after it, so the person's own next letters stay
      // together with what they typed before.
      if (index < at) moved += op.insert.length;
      index += op.insert.length;
    } else if (op.delete) {
      if (index < at) moved -= Math.min(op.delete, at - index);
    }
  }
  return Math.max(0, moved);
}

/**
 * A textarea bound to one text of the shared plan: what the person types becomes an insert or a
 * delete at the place they typed (never a replacement of the whole text), and what others type
 * arrives without moving their cursor.
 */
export function SharedTextField(props: {
  text: Y.Text;
  label: string;
  hint?: string;
  readOnly?: boolean;
  /** Who else is typing here, named under the field. */
  others?: string[];
  rows?: number;
  onFocusChange?: (focused: boolean) => void;
}) {
  const { text, label, hint, readOnly, others = [], rows = 3, onFocusChange } = props;
  const id = useId();
  const ref = useRef<HTMLTextAreaElement>(null);
  const [value, setValue] = useState(() => text.toString());
  const selection = useRef<[number, number] | null>(null);

  useEffect(() => {
    setValue(text.toString());
    const observe = (event: Y.YTextEvent, transaction: Y.Transaction) => {
      if (transaction.origin === LOCAL) return;
      const area = ref.current;
      if (area && document.activeElement === area)
        selection.current = [
          mapThrough(event.delta, area.selectionStart),
          mapThrough(event.delta, area.selectionEnd),
        ];
      setValue(text.toString());
    };
    text.observe(observe);
    return () => text.unobserve(observe);
  }, [text]);

  useLayoutEffect(() => {
    const area = ref.current;
    if (area && selection.current) {
      area.setSelectionRange(selection.current[0], selection.current[1]);
      selection.current = null;
    }
  });

  const onChange = (next: string) => {
    const before = text.toString();
    let start = 0;
    while (start < before.length && start < next.length && before[start] === next[start]) start++;
    let end = 0;
    while (
      end < before.length - start &&
      end < next.length - start &&
      before[before.length - 1 - end] === next[next.length - 1 - end]
    )
      end++;
    const removed = before.length - start - end;
    const inserted = next.slice(start, next.length - end);
    const doc = text.doc;
    const change = () => {
      if (removed > 0) text.delete(start, removed);
      if (inserted) text.insert(start, inserted);
    };
    if (doc) doc.transact(change, LOCAL);
    else change();
    setValue(next);
  };

  const hintId = hint ? `${id}-hint` : undefined;
  const othersId = others.length ? `${id}-others` : undefined;
  return (
    <div className={`field plan-field${others.length ? ' plan-field--shared' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint && (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      )}
      <textarea
        id={id}
        ref={ref}
        rows={rows}
        value={value}
        readOnly={readOnly}
        aria-describedby={[hintId, othersId].filter(Boolean).join(' ') || undefined}
        onChange={(event) => onChange(event.target.value)}
        onFocus={() => onFocusChange?.(true)}
        onBlur={() => onFocusChange?.(false)}
      />
      {others.length > 0 && (
        <p className="plan-field__others" id={othersId}>
          {others.join(', ')} {others.length === 1 ? 'is' : 'are'} typing here
        </p>
      )}
    </div>
  );
}
