import type { MessagePerson } from '#shared/contracts/messages.ts';

/** "Ana Díaz", "Ana Díaz and Ben Orr", "Ana Díaz, Ben Orr and 2 others". */
export function peopleNames(people: MessagePerson[]): string {
  if (people.length === 0) return 'Only you';
  if (people.length === 1) return people[0].name;
  if (people.length <= 3)
    return `${people
      .slice(0, -1)
      .map((p) => p.name)
      .join(', ')} and ${people.at(-1)!.name}`;
  return `${people
    .slice(0, 2)
    .map((p) => p.name)
    .join(', ')} and ${people.length - 2} others`;
}
