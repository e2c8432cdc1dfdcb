import type { ReactNode } from 'react';
import { type Audience, AUDIENCE_LABELS } from '#shared/contracts/resources.ts';
import { SelectField } from '#web/components/field.tsx';
import { useAudienceOptions } from '../api/audience-options.ts';

export interface AudienceChoice {
  audience: Audience;
  audienceId: string | null;
}

/** The select's value for a choice: `audience` alone, or `audience:id`. */
const encode = (c: AudienceChoice) => (c.audienceId ? `${c.audience}:${c.audienceId}` : c.audience);
function decode(value: string): AudienceChoice {
  const [audience, audienceId] = value.split(':');
  return { audience: audience as Audience, audienceId: audienceId ?? null };
}

/**
 * Who will see a resource or a collection: only me, my school, my district, one of my networks or
 * communities, or everyone. When editing, pass the stored audience as `current`: it stays offered
 * even when it is no longer among one's options (a community one has left), so a save does not
 * change it unasked.
 */
export function AudienceSelect({
  value,
  onChange,
  current,
  hint,
  error,
  label = 'Who can see it',
}: {
  value: AudienceChoice;
  onChange: (choice: AudienceChoice) => void;
  current?: { choice: AudienceChoice; name: string | null };
  hint?: ReactNode;
  error?: string;
  label?: string;
}) {
  const options = useAudienceOptions();
  const o = options.data;
  const offered = new Set([
    'private',
    'public',
    ...(o
      ? [
          ...o.schools.map((s) => `school:${s.id}`),
          `district:${o.district.id}`,
          ...o.networks.map((n) => `network:${n.id}`),
          ...o.communities.map((c) => `community:${c.id}`),
        ]
      : []),
  ]);
  const kept = current && !offered.has(encode(current.choice)) ? current : null;
  return (
    <SelectField
      label={label}
      hint={
        options.isError
          ? 'Your school, networks and communities could not be loaded; reload to try again.'
          : hint
      }
      error={error}
      value={encode(value)}
      onChange={(event) => onChange(decode(event.target.value))}
      disabled={options.isPending}
    >
      <option value="private">{AUDIENCE_LABELS.private}</option>
      {o?.schools.map((s) => (
        <option key={s.id} value={`school:${s.id}`}>
          My school: {s.name}
        </option>
      ))}
      {o && <option value={`district:${o.district.id}`}>My district: {o.district.name}</option>}
      {o && o.networks.length > 0 && (
        <optgroup label="Networks">
          {o.networks.map((n) => (
            <option key={n.id} value={`network:${n.id}`}>
              Network: {n.name}
            </option>
          ))}
        </optgroup>
      )}
      {o && o.communities.length > 0 && (
        <optgroup label="Communities you take part in">
          {o.communities.map((c) => (
            <option key={c.id} value={`community:${c.id}`}>
              Community: {c.name}
            </option>
          ))}
        </optgroup>
      )}
      <option value="public">{AUDIENCE_LABELS.public}</option>
      {kept && <option value={encode(kept.choice)}>Unchanged: {kept.name ?? 'as shared now'}</option>}
    </SelectField>
  );
}
