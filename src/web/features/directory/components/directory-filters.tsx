import { type FormEvent, useState } from 'react';
import { SelectField, TextField } from '#web/components/field.tsx';
import type { DirectoryOptions } from '../api/get-directory-options.ts';
import type { DirectorySearch } from '../api/search-directory.ts';

export const SEARCH_FIELDS = [
  'q',
  'subject',
  'gradeBand',
  'expertise',
  'districtId',
  'schoolId',
  'mentoring',
] as const;

/** The search box and filters; submitting hands the chosen (non-empty) values up. */
export function DirectoryFilters({
  search,
  options,
  onSearch,
}: {
  search: DirectorySearch;
  options: DirectoryOptions | undefined;
  onSearch: (search: DirectorySearch) => void;
}) {
  const [districtId, setDistrictId] = useState(search.districtId ?? '');
  const districts = options?.districts ?? [];
  const schoolDistricts = districtId ? districts.filter((d) => d.id === districtId) : districts;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next: DirectorySearch = {};
    for (const field of SEARCH_FIELDS) {
      const value = form.get(field);
      if (typeof value === 'string' && value.trim()) next[field] = value.trim();
    }
    onSearch(next);
  };

  return (
    <search>
      <form aria-label="Search the directory" onSubmit={submit} noValidate>
        <TextField
          label="Search by name or words in a profile"
          name="q"
          type="search"
          maxLength={200}
          defaultValue={search.q ?? ''}
        />
        <fieldset>
          <legend>Filters</legend>
          <div className="grid">
            <SelectField label="Subject" name="subject" defaultValue={search.subject ?? ''}>
              <option value="">Any subject</option>
              {options?.subjects.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </SelectField>
            <SelectField label="Grade band" name="gradeBand" defaultValue={search.gradeBand ?? ''}>
              <option value="">Any grade band</option>
              {options?.gradeBands.map((g) => (
                <option key={g} value={g}>
                  {g}
                </option>
              ))}
            </SelectField>
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
            <SelectField label="Mentoring" name="mentoring" defaultValue={search.mentoring ?? ''}>
              <option value="">Anyone</option>
              <option value="open">Open to mentoring</option>
              <option value="seeking">Looking for a mentor</option>
            </SelectField>
          </div>
        </fieldset>
        <div className="actions">
          <button type="submit" className="button">
            Search the directory
          </button>
          <button
            type="reset"
            className="button button--secondary"
            onClick={() => {
              setDistrictId('');
              onSearch({});
            }}
          >
            Clear filters
          </button>
        </div>
      </form>
    </search>
  );
}
