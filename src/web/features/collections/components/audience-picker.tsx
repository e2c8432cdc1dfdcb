import type { AudienceOptions } from '#shared/contracts/collections.ts';
import type { Audience } from '#shared/contracts/resources.ts';
import { SelectField } from '#web/components/field.tsx';

export interface AudienceChoice {
  audience: Audience;
  audienceId: string | null;
}

/** The select's value for a choice: `audience` alone, or `audience:id`. */
export const audienceValue = (choice: AudienceChoice) =>
  choice.audienceId ? `${choice.audience}:${choice.audienceId}` : choice.audience;

/** Reads back a value of the audience select. */
export function parseAudience(value: string): AudienceChoice {
  const [audience, audienceId] = value.split(':');
  return { audience: audience as Audience, audienceId: audienceId ?? null };
}

/**
 * Who may see a collection, as one select: only me, one's school, district, a network, a community
 * one takes part in, or everyone on Trellis. The current audience stays offered even when it is no
 * longer among one's options (a community one has left), so an edit does not change it unasked.
 */
export function AudiencePicker({
  options,
  defaultValue,
  current,
  error,
}: {
  options: AudienceOptions;
  defaultValue: AudienceChoice;
  /** The stored audience's name, when editing. */
  current?: { choice: AudienceChoice; name: string | null };
  error?: string;
}) {
  const entries: Array<{ value: string; label: string }> = [{ value: 'private', label: 'Only me' }];
  if (options.school)
    entries.push({ value: `school:${options.school.id}`, label: `My school: ${options.school.name}` });
  entries.push({ value: `district:${options.district.id}`, label: `My district: ${options.district.name}` });
  for (const n of options.networks) entries.push({ value: `network:${n.id}`, label: `Network: ${n.name}` });
  for (const c of options.communities)
    entries.push({ value: `community:${c.id}`, label: `Community: ${c.name}` });
  entries.push({ value: 'public', label: 'Everyone on Trellis' });
  if (current && !entries.some((e) => e.value === audienceValue(current.choice)))
    entries.push({
      value: audienceValue(current.choice),
      label: `Unchanged: ${current.name ?? 'as shared now'}`,
    });
  return (
    <SelectField
      label="Who can see it"
      name="audience"
      hint="The resources in it keep their own sharing: people see only those shared with them."
      defaultValue={audienceValue(defaultValue)}
      error={error}
    >
      {entries.map((e) => (
        <option key={e.value} value={e.value}>
          {e.label}
        </option>
      ))}
    </SelectField>
  );
}
