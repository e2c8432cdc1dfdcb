import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { ErrorMessage } from './feedback.tsx';

/**
 * Whether a confirm step is open, and the button that opens it: closing the step hands the
 * keyboard's focus back to that button.
 */
export function useConfirmStep() {
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const start = useCallback(() => setOpen(true), []);
  const close = useCallback(() => {
    setOpen(false);
    requestAnimationFrame(() => opener.current?.focus());
  }, []);
  return { open, opener, start, close };
}

/**
 * "Are you sure?" below the button that asked: the question, any fields (such as a message), the
 * error, then the confirming and the cancelling buttons. It takes the keyboard's focus when it
 * opens, unless one of its fields took it already.
 */
export function ConfirmStep({
  prompt,
  confirmLabel,
  cancelLabel = 'Cancel',
  pending,
  error,
  onConfirm,
  onCancel,
  children,
  tone = 'danger',
}: {
  prompt: ReactNode;
  confirmLabel: string;
  /** `danger` for what destroys or takes away (delete, revoke); `primary` for an ordinary commitment. */
  tone?: 'danger' | 'primary';
  cancelLabel?: string;
  pending: boolean;
  error?: unknown;
  onConfirm: () => void;
  onCancel: () => void;
  children?: ReactNode;
}) {
  const ref = useRef<HTMLFieldSetElement>(null);
  useEffect(() => {
    if (!ref.current?.contains(document.activeElement)) ref.current?.focus();
  }, []);
  return (
    <fieldset ref={ref} tabIndex={-1} className="notice confirm">
      <legend>{prompt}</legend>
      {children}
      <ErrorMessage error={error} />
      <div className="actions">
        <button
          type="button"
          className={tone === 'danger' ? 'button button--danger' : 'button'}
          disabled={pending}
          onClick={onConfirm}
        >
          {confirmLabel}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          {cancelLabel}
        </button>
      </div>
    </fieldset>
  );
}
