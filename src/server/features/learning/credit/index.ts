/**
 * Credit for learning (decision 052): a district's credit types and approvers, submissions and the
 * approver's queue, licences with renewal progress, signed transcripts anyone can verify, past PD
 * imported from an old system and the HR export. The learning feature registers what it declares.
 */
export { creditNotifications } from './activity.ts';
export { default as creditData } from './data.ts';
export { creditRoutes } from './routes.ts';
