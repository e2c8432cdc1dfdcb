import type { Audience, AudienceField, FieldVisibility } from '#shared/contracts/profiles.ts';

/**
 * How a viewer stands to a profile: the person themself, a colleague of the same home district, a
 * colleague of a district sharing a network, or anyone else (signed-out visitors included).
 */
export type Relation = 'self' | 'district' | 'network' | 'public';

export const DEFAULT_AUDIENCE: Audience = 'network';

/** The audience a person chose for a field, 'network' when they chose none. */
export function audienceOf(visibility: FieldVisibility | null | undefined, field: AudienceField): Audience {
  return visibility?.[field] ?? DEFAULT_AUDIENCE;
}

/** Whether a viewer of this relation falls within an audience (district ⊂ network ⊂ public). */
export function withinAudience(relation: Relation, audience: Audience): boolean {
  switch (relation) {
    case 'self':
    case 'district':
      return true;
    case 'network':
      return audience !== 'district';
    case 'public':
      return audience === 'public';
  }
}

/** Whether a viewer of this relation sees one of the fields whose audience the person chooses. */
export function canSeeField(
  relation: Relation,
  visibility: FieldVisibility | null | undefined,
  field: AudienceField,
): boolean {
  return withinAudience(relation, audienceOf(visibility, field));
}

/** A viewer's relation to a profile, from home districts and whether those share a network. */
export function relationTo(
  viewer: { userId: string; districtId: string } | null,
  profile: { userId: string; districtId: string; sharesNetworkWithViewer: boolean },
): Relation {
  if (!viewer) return 'public';
  if (viewer.userId === profile.userId) return 'self';
  if (viewer.districtId === profile.districtId) return 'district';
  if (profile.sharesNetworkWithViewer) return 'network';
  return 'public';
}

export interface ProfileSubject {
  status: 'active' | 'deactivated';
  fieldVisibility: FieldVisibility | null | undefined;
}

/**
 * Whether a viewer may open a profile at all. Deactivated people are shown only to the
 * administrators of their own district; outside the network only profiles made public show.
 */
export function canViewProfile(
  relation: Relation,
  profile: ProfileSubject,
  viewerAdministersProfileDistrict: boolean,
): boolean {
  if (profile.status !== 'active') return viewerAdministersProfileDistrict && relation === 'district';
  if (relation === 'public') return profile.fieldVisibility?.profile === 'public';
  return true;
}

/** Whether the viewer may see name, role title, district and school (always inside the network). */
export function canSeeAffiliation(relation: Relation): boolean {
  return relation !== 'public';
}

/** Only the person edits their own profile. */
export function canEditProfile(relation: Relation): boolean {
  return relation === 'self';
}
