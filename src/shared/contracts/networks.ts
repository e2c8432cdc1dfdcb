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
