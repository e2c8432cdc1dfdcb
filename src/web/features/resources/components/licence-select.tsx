import { LICENCES, type Licence } from '#shared/licences.ts';
import { SelectField } from '#web/components/field.tsx';

/** A licence picker with each licence's name, and what it lets others do. */
export function LicenceSelect({
  value,
  onChange,
  choices,
  error,
}: {
  value: Licence;
  onChange: (licence: Licence) => void;
  choices: readonly Licence[];
  error?: string;
}) {
  const url = LICENCES[value]?.url;
  return (
    <SelectField
      label="Licence"
      hint={
        url ? (
          <>
            What others may do:{' '}
            <a href={url} rel="noopener noreferrer" target="_blank">
              {LICENCES[value].label}
              <span className="visually-hidden"> (opens in a new tab)</span>
            </a>
            . Licences marked ND, and all rights reserved, do not allow remixes.
          </>
        ) : (
          'Others may use it as it is but not adapt or remix it.'
        )
      }
      error={error}
      value={value}
      onChange={(event) => onChange(event.target.value as Licence)}
    >
      {choices.map((l) => (
        <option key={l} value={l}>
          {LICENCES[l].label}
        </option>
      ))}
    </SelectField>
  );
}
