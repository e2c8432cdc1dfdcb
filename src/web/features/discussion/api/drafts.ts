import { useMemo } from 'react';
import type { DraftConflictProblem, DraftKind, DraftResponse, DraftView } from '#shared/contracts/reading.ts';
import type { DraftStore, SavedDraft } from '#web/components/composer.tsx';
import { ApiError, api } from '#web/lib/api-client.ts';

const saved = (draft: DraftView): SavedDraft => ({
  body: draft.body,
  version: draft.version,
  updatedAt: draft.updatedAt,
  fields: {
    ...(draft.title !== null ? { title: draft.title } : {}),
    ...(draft.threadType !== null ? { type: draft.threadType } : {}),
  },
});

/** The person's draft of a reply in a thread, or of a new thread in a community, kept on the server. */
export function draftStore(kind: DraftKind, id: string): DraftStore {
  const path = `/drafts/${kind}/${id}`;
  return {
    async load() {
      const found = await api<DraftResponse>(path);
      return found.data ? saved(found.data) : null;
    },
    async save({ body, fields }, baseVersion) {
      try {
        const { data } = await api<{ data: DraftView }>(path, {
          method: 'PUT',
          body: {
            body,
            baseVersion,
            ...(fields?.title !== undefined ? { title: fields.title } : {}),
            ...(fields?.type ? { threadType: fields.type } : {}),
          },
        });
        return { ok: true, version: data.version, updatedAt: data.updatedAt };
      } catch (error) {
        if (error instanceof ApiError && error.status === 409 && error.problem.code === 'draft_conflict') {
          const current = (error.problem as unknown as DraftConflictProblem).current;
          return { ok: false, current: current ? saved(current) : null };
        }
        throw error;
      }
    },
    async discard(version) {
      await api(path, { method: 'DELETE', query: { version } });
    },
  };
}

export function useDraftStore(target: { kind: DraftKind; id: string } | undefined): DraftStore | undefined {
  const kind = target?.kind;
  const id = target?.id;
  return useMemo(() => (kind && id ? draftStore(kind, id) : undefined), [kind, id]);
}
