import type { RecommendedField } from '#shared/contracts/profiles.ts';

/** How the recommended profile fields are named to people. */
export const RECOMMENDED_FIELD_LABELS: Record<RecommendedField, string> = {
  photo: 'a photo',
  roleTitle: 'your role title',
  school: 'your school',
  subjects: 'the subjects you teach',
  gradeBands: 'your grade bands',
  yearsInEducation: 'your years in education',
  bio: 'a short bio',
  expertise: 'your areas of expertise',
};
