import { z } from 'zod';

/**
 * Networks: consortia of districts. Network administrators add and remove member districts; a
 * district administrator may take their own district out.
 */

const Timestamp = z.iso.datetime({ offset: true });

export const NetworkAbilities = z.object({
  /** List, add and remove member districts (a network administrator). */
  manageDistricts: z.boolean(),
  /** Take the caller's own district out of the network (its district administrator). */
  leave: z.boolean(),
});
export type NetworkAbilities = z.infer<typeof NetworkAbilities>;

export const NetworkSummary = z.object({
  id: z.uuid(),
  name: z.string(),
  /** Whether the caller's own district belongs to it. */
  memberOfMyDistrict: z.boolean(),
  abilities: NetworkAbilities,
});
export type NetworkSummary = z.infer<typeof NetworkSummary>;

export const NetworkListResponse = z.object({ data: z.array(NetworkSummary) });
export type NetworkListResponse = z.infer<typeof NetworkListResponse>;

export const NetworkDistrict = z.object({
  id: z.uuid(),
  name: z.string(),
  joinedAt: Timestamp,
});
export type NetworkDistrict = z.infer<typeof NetworkDistrict>;

export const NetworkDistrictListResponse = z.object({ data: z.array(NetworkDistrict) });
export type NetworkDistrictListResponse = z.infer<typeof NetworkDistrictListResponse>;

/** Districts a network administrator may add: every district of this Trellis not in the network yet. */
export const DistrictCandidate = z.object({ id: z.uuid(), name: z.string() });
export type DistrictCandidate = z.infer<typeof DistrictCandidate>;
export const DistrictCandidateListResponse = z.object({ data: z.array(DistrictCandidate) });
export type DistrictCandidateListResponse = z.infer<typeof DistrictCandidateListResponse>;

export const AddNetworkDistrictBody = z.strictObject({ districtId: z.uuid() });
export type AddNetworkDistrictBody = z.infer<typeof AddNetworkDistrictBody>;
export const NetworkDistrictResponse = z.object({ data: NetworkDistrict });

export const NetworkDistrictParams = z.strictObject({ id: z.uuid(), districtId: z.uuid() });

/** How far a member district has taken Trellis up, for the network's administrators. */
export const DistrictAdoption = z.object({
  id: z.uuid(),
  name: z.string(),
  /** Active staff accounts. */
  staff: z.number().int(),
  /** Of them, those who have signed in at least once. */
  signedIn: z.number().int(),
  /** Of them, those seen in the last 30 days. */
  activeRecently: z.number().int(),
  /** The district's open communities. */
  communities: z.number().int(),
  /** Posts and replies written in the last 30 days in the communities it owns (its own and its schools'). */
  posts: z.number().int(),
});
export type DistrictAdoption = z.infer<typeof DistrictAdoption>;
export const DistrictAdoptionListResponse = z.object({ data: z.array(DistrictAdoption) });
export type DistrictAdoptionListResponse = z.infer<typeof DistrictAdoptionListResponse>;
