import { useState } from 'react';
import { SelectField, TextField } from '#web/components/field.tsx';
import { FilterForm, OptionSelect } from '#web/components/filter-form.tsx';
import type { DirectoryOptions } from '../api/get-directory-options.ts';
import { useCredentialOptions } from '../api/list-credential-options.ts';
import type { DirectorySearch } from '../api/search-directory.ts';

export const SEARCH_FIELDS = [
  'q',
  'subject',
  'gradeBand',
  'expertise',
  'districtId',
  'schoolId',
  'mentoring',
  'credentialId',
] as const;

const MENTORING = ['open', 'seeking'] as const;
const MENTORING_LABELS = { open: 'Open to mentoring', seeking: 'Looking for a mentor' };

/** The search box and filters; submitting hands the chosen (non-empty) values up. */
export function DirectoryFilters({
  search,
  options,
  queryError,
  onSearch,
}: {
  search: DirectorySearch;
  options: DirectoryOptions | undefined;
  /** An error from the server about the words searched for. */
  queryError?: string;
  onSearch: (search: DirectorySearch) => void;
}) {
  const [districtId, setDistrictId] = useState(search.districtId ?? '');
  const [credentialId, setCredentialId] = useState(search.credentialId ?? '');
  const credentials = useCredentialOptions();
  const districts = options?.districts ?? [];
  const schoolDistricts = districtId ? districts.filter((d) => d.id === districtId) : districts;

  return (
    <FilterForm
      label="Search the directory"
      fields={SEARCH_FIELDS}
      queryLabel="Search by name or words in a profile"
      query={search.q}
      queryError={queryError}
      submitLabel="Search the directory"
      onSearch={onSearch}
      onClear={() => {
        setDistrictId('');
        setCredentialId('');
        onSearch({});
      }}
    >
      <OptionSelect
        label="Subject"
        name="subject"
        anyLabel="Any subject"
        options={options?.subjects ?? []}
        defaultValue={search.subject}
      />
      <OptionSelect
        label="Grade band"
        name="gradeBand"
        anyLabel="Any grade band"
        options={options?.gradeBands ?? []}
        defaultValue={search.gradeBand}
      />
      <TextField
        label="Expertise"
        name="expertise"
        maxLength={60}
        hint="One tag, e.g. lesson study"
        defaultValue={search.expertise ?? ''}
      />
      <SelectField
        label="District"
        name="districtId"
        value={districtId}
        onChange={(e) => setDistrictId(e.target.value)}
      >
        <option value="">All districts in my network</option>
        {districts.map((d) => (
          <option key={d.id} value={d.id}>
            {d.name}
          </option>
        ))}
      </SelectField>
      <SelectField label="School" name="schoolId" defaultValue={search.schoolId ?? ''}>
        <option value="">Any school</option>
        {schoolDistricts.map((d) => (
          <optgroup key={d.id} label={d.name}>
            {d.schools.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </optgroup>
        ))}
      </SelectField>
      <OptionSelect
        label="Mentoring"
        name="mentoring"
        anyLabel="Anyone"
        options={MENTORING}
        labels={MENTORING_LABELS}
        defaultValue={search.mentoring}
      />
      <SelectField
        label="Holds credential"
        name="credentialId"
        hint="People who earned it and chose to be listed on it"
        value={credentialId}
        onChange={(e) => setCredentialId(e.target.value)}
      >
        <option value="">Any</option>
        {search.credentialId && !credentials.data?.some((c) => c.id === search.credentialId) && (
          <option value={search.credentialId}>The credential chosen</option>
        )}
        {credentials.data?.map((c) => (
          <option key={c.id} value={c.id}>
            {c.title}
          </option>
        ))}
      </SelectField>
    </FilterForm>
  );
}
