import type { FrameworkOwner } from '#shared/contracts/frameworks.ts';
import { SelectField } from '#web/components/field.tsx';

const KIND_LABELS = { district: 'district', network: 'network' } as const;

/** Which district or network (among those the person administers) a framework belongs to. */
export function OwnerSelect({
  owners,
  error,
  defaultValue,
}: {
  owners: FrameworkOwner[];
  error?: string;
  defaultValue?: string;
}) {
  return (
    <SelectField
      label="Owned by"
      name="ownerOrgId"
      hint="Everyone in a district sees its frameworks; a network’s are seen in every district of the network."
      defaultValue={defaultValue ?? owners[0]?.id}
      error={error}
    >
      {owners.map((owner) => (
        <option key={owner.id} value={owner.id}>
          {owner.name} ({KIND_LABELS[owner.kind]})
        </option>
      ))}
    </SelectField>
  );
}
