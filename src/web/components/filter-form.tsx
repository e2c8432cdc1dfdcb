import type { FormEvent, ReactNode } from 'react';
import { SelectField, TextField } from './field.tsx';

/** The chosen, non-empty (trimmed) values of the named fields of a submitted form. */
export function filledFields(form: HTMLFormElement, fields: readonly string[]): Record<string, string> {
  const data = new FormData(form);
  const next: Record<string, string> = {};
  for (const field of fields) {
    const value = data.get(field);
    if (typeof value === 'string' && value.trim()) next[field] = value.trim();
  }
  return next;
}

/**
 * A search box with its filters: the words (`q`), a fieldset of filters laid out in a grid, and the
 * submit (and optional clear) buttons. Submitting hands up the non-empty values of `fields`.
 */
export function FilterForm({
  label,
  fields,
  queryLabel,
  query,
  queryError,
  submitLabel,
  onSearch,
  onClear,
  children,
  extra,
}: {
  /** The form's accessible name. */
  label: string;
  fields: readonly string[];
  queryLabel: string;
  query: string | undefined;
  /** An error from the server about the words. */
  queryError?: string;
  submitLabel: string;
  onSearch: (next: Record<string, string>) => void;
  /** Shown as a "Clear filters" reset button when given. */
  onClear?: () => void;
  /** The filters. */
  children?: ReactNode;
  /** More filters below the grid (such as a checkbox). */
  extra?: ReactNode;
}) {
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onSearch(filledFields(event.currentTarget, fields));
  };
  return (
    <search>
      <form aria-label={label} onSubmit={submit} noValidate>
        <TextField
          label={queryLabel}
          name="q"
          type="search"
          maxLength={200}
          defaultValue={query ?? ''}
          error={queryError}
        />
        <fieldset>
          <legend>Filters</legend>
          {children && <div className="grid">{children}</div>}
          {extra}
        </fieldset>
        <div className="actions">
          <button type="submit" className="button">
            {submitLabel}
          </button>
          {onClear && (
            <button type="reset" className="button button--secondary" onClick={onClear}>
              Clear filters
            </button>
          )}
        </div>
      </form>
    </search>
  );
}

/** A filter's select: "any" first, then each option (with its label, when it has one). */
export function OptionSelect({
  label,
  name,
  anyLabel,
  options,
  labels,
  defaultValue,
}: {
  label: string;
  name: string;
  anyLabel: string;
  options: readonly string[];
  labels?: Readonly<Record<string, string>>;
  defaultValue: string | undefined;
}) {
  return (
    <SelectField label={label} name={name} defaultValue={defaultValue ?? ''}>
      <option value="">{anyLabel}</option>
      {options.map((option) => (
        <option key={option} value={option}>
          {labels?.[option] ?? option}
        </option>
      ))}
    </SelectField>
  );
}
