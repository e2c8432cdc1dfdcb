/** The document resources of the xAPI LRS (xAPI 1.0.3 Communication 2.3–2.6). */
export const LRS_DOCUMENT_KINDS = ['state', 'activity_profile', 'agent_profile'] as const;
export type LrsDocumentKind = (typeof LRS_DOCUMENT_KINDS)[number];
