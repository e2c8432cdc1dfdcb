import { SelectField } from '#web/components/field.tsx';
import { useSchools } from '../api/list-schools.ts';

/** Picks one of the district's open schools, or none. */
export function SchoolSelect({
  value,
  onChange,
  error,
}: {
  value: string;
  onChange: (schoolId: string) => void;
  error?: string;
}) {
  const schools = useSchools();
  return (
    <SelectField
      label="School (optional)"
      value={value}
      error={error}
      onChange={(e) => onChange(e.target.value)}
      disabled={schools.isPending}
    >
      <option value="">No school</option>
      {schools.data?.data.map((school) => (
        <option key={school.id} value={school.id}>
          {school.name}
        </option>
      ))}
    </SelectField>
  );
}
