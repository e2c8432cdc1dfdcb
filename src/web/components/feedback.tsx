import { type ReactNode, useEffect, useRef } from 'react';
import { ApiError } from '#web/lib/api-client.ts';

/** A form- or page-level error, announced when it appears. */
export function ErrorMessage({ error }: { error: unknown }) {
  if (!error) return null;
  const fields = error instanceof ApiError ? error.problem.errors : [];
  // The server's detail for a refused form names fields by their JSON paths ("/body/password: …"):
  // a person reads each field's name in words instead.
  const technical =
    fields.length > 0 && /(^|; )\/(body|querystring|params)[/:]/.test(String((error as Error).message));
  const message = technical
    ? fields.length === 1
      ? describeFieldError(fields[0].path, fields[0].message)
      : 'Some answers need a change:'
    : error instanceof ApiError
      ? error.message
      : error instanceof Error
        ? error.message
        : String(error);
  return (
    <div className="notice notice--error" role="alert">
      <p>{message}</p>
      {fields.length > 1 && (
        <ul>
          {fields.map((f) => (
            <li key={f.path}>{describeFieldError(f.path, f.message)}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** "Password must be at least 12 characters" from `/body/password` and "must be at least 12 characters". */
export function describeFieldError(path: string, message: string): string {
  const segments = path
    .split('/')
    .filter((s) => s && !/^\d+$/.test(s) && !['body', 'querystring', 'params'].includes(s));
  const field = segments.at(-1) ?? 'This answer';
  const words = field
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
  const label = words.charAt(0).toUpperCase() + words.slice(1);
  return /^[a-z]/.test(message) ? `${label} ${message}` : `${label}: ${message}`;
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
