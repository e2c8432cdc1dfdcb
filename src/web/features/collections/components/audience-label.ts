import { AUDIENCE_LABELS, type AudienceView } from '#shared/contracts/resources.ts';

/** How a collection's audience reads: "My school: Riverbend Elementary", "Everyone on Trellis". */
export function audienceLabel(view: AudienceView): string {
  switch (view.audience) {
    case 'private':
    case 'public':
      return AUDIENCE_LABELS[view.audience];
    case 'community':
      return view.name ? `Community: ${view.name}` : 'A community';
    default:
      return view.name
        ? `${view.audience[0].toUpperCase()}${view.audience.slice(1)}: ${view.name}`
        : AUDIENCE_LABELS[view.audience];
  }
}
