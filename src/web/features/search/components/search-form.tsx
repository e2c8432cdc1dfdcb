import { SelectField, TextField } from '#web/components/field.tsx';
import { FilterForm, OptionSelect } from '#web/components/filter-form.tsx';
import { GRADE_BANDS, SUBJECTS } from '#shared/contracts/profiles.ts';
import { SEARCH_KINDS } from '#shared/contracts/search.ts';
import { ApiError } from '#web/lib/api-client.ts';
import { useMyCommunities } from '../api/my-communities.ts';
import { SEARCH_FIELDS, type SearchParams } from '../api/search.ts';
import { KIND_LABELS } from './search-results.tsx';

/** The search box, the kind and the filters; submitting hands the chosen values up ("everything" is no kind). */
export function SearchForm({
  params,
  error,
  onSearch,
}: {
  params: SearchParams;
  error: unknown;
  onSearch: (next: Record<string, string>) => void;
}) {
  const communities = useMyCommunities().data?.data ?? [];
  const fieldError = (name: string) => (error instanceof ApiError ? error.fieldError(name) : undefined);

  return (
    <FilterForm
      label="Search Trellis"
      fields={SEARCH_FIELDS}
      queryLabel="Search threads, replies, communities and people"
      query={params.q}
      queryError={fieldError('q')}
      submitLabel="Search"
      onSearch={({ kind, ...next }) => onSearch(kind && kind !== 'all' ? { ...next, kind } : next)}
    >
      <SelectField label="Show" name="kind" defaultValue={params.kind}>
        {SEARCH_KINDS.map((k) => (
          <option key={k} value={k}>
            {KIND_LABELS[k]}
          </option>
        ))}
      </SelectField>
      <SelectField
        label="Community"
        name="communityId"
        defaultValue={params.communityId ?? ''}
        hint="Only the communities you belong to are listed."
        error={fieldError('communityId')}
      >
        <option value="">Any community</option>
        {communities.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </SelectField>
      <OptionSelect
        label="Subject"
        name="subject"
        anyLabel="Any subject"
        options={SUBJECTS}
        defaultValue={params.subject}
      />
      <OptionSelect
        label="Grade band"
        name="gradeBand"
        anyLabel="Any grade band"
        options={GRADE_BANDS}
        defaultValue={params.gradeBand}
      />
      <TextField
        label="Written on or after"
        name="from"
        type="date"
        defaultValue={params.from ?? ''}
        error={fieldError('from')}
      />
      <TextField
        label="Written on or before"
        name="to"
        type="date"
        defaultValue={params.to ?? ''}
        error={fieldError('to')}
      />
    </FilterForm>
  );
}
