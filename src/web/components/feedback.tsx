import { type ReactNode, useEffect, useRef } from 'react';
import { ApiError } from '#web/lib/api-client.ts';

/** A form- or page-level error, announced when it appears. */
export function ErrorMessage({ error }: { error: unknown }) {
  if (!error) return null;
  const message =
    error instanceof ApiError ? error.message : error instanceof Error ? error.message : String(error);
  const fields = error instanceof ApiError ? error.problem.errors : [];
  return (
    <div className="notice notice--error" role="alert">
      <p>{message}</p>
      {fields.length > 1 && (
        <ul>
          {fields.map((f) => (
            <li key={f.path}>
              {f.path.split('/').pop()}: {f.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A success or information message, announced politely. */
export function Notice({ children }: { children: ReactNode }) {
  return (
    <div className="notice notice--ok" role="status">
      {children}
    </div>
  );
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      {label}
    </p>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <p className="empty__title">{title}</p>
      {children}
    </div>
  );
}

/** The page's heading; sets the document title and takes focus on navigation so screen readers announce the new page. */
export function PageHeading({ children, title }: { children: ReactNode; title?: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  const text = title ?? (typeof children === 'string' ? children : '');
  useEffect(() => {
    document.title = text ? `${text} · Trellis` : 'Trellis';
    ref.current?.focus();
  }, [text]);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}
