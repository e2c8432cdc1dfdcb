/**
 * Where an Open Badges alignment points for a competency: the CASE item's own URI when the
 * competency was imported from a CASE publisher that gave one, else Trellis's public CASE item.
 */

/** The public address of a competency as a CASE CFItem, served without sign-in. */
export const publicCompetencyUrl = (publicUrl: string, competencyId: string): string =>
  `${publicUrl.replace(/\/+$/, '')}/api/public/competencies/${competencyId}`;

/** The public address of a framework as a CASE 1.0 CFPackage, served without sign-in. */
export const publicFrameworkCaseUrl = (publicUrl: string, frameworkId: string): string =>
  `${publicUrl.replace(/\/+$/, '')}/api/public/frameworks/${frameworkId}/case`;

/** The alignment target URL of a competency, for an Open Badges achievement's `alignment`. */
export function competencyAlignmentUrl(
  publicUrl: string,
  competency: { id: string; caseUri?: string | null },
): string {
  return competency.caseUri || publicCompetencyUrl(publicUrl, competency.id);
}
