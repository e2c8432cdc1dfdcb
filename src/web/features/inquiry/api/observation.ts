import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  ObservationNote,
  ObservationNoteBody,
  ObservationNotesResponse,
  ObservationPhoto,
  ObservationSetupResponse,
  ObserverAssignment,
  ObserverAssignmentsBody,
  ResearchLesson,
  ResearchLessonBody,
} from '#shared/contracts/inquiry-observation.ts';
import { api } from '#web/lib/api-client.ts';

/** Teach and observe: the lesson's setup, the team's notes, and the sheet's writes (sent by the outbox). */

const base = (cycleId: string) => `/inquiry/cycles/${cycleId}/observation`;

export const observationSetupKey = (cycleId: string) => ['inquiry', 'observation', cycleId, 'setup'] as const;
export const observationNotesKey = (cycleId: string) => ['inquiry', 'observation', cycleId, 'notes'] as const;

export function useObservationSetup(cycleId: string) {
  return useQuery({
    queryKey: observationSetupKey(cycleId),
    queryFn: () => api<ObservationSetupResponse>(base(cycleId)),
  });
}

/** The team's notes, read again now and then while the lesson is being observed. */
export function useObservationNotes(cycleId: string, enabled: boolean) {
  return useQuery({
    queryKey: observationNotesKey(cycleId),
    queryFn: () => api<ObservationNotesResponse>(`${base(cycleId)}/notes`).then((r) => r.data),
    enabled,
    refetchInterval: 30_000,
  });
}

export function useSetResearchLesson(cycleId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ResearchLessonBody) =>
      api<{ data: ResearchLesson }>(`${base(cycleId)}/lesson`, { method: 'PUT', body }).then((r) => r.data),
    onSuccess: () => void client.invalidateQueries({ queryKey: observationSetupKey(cycleId) }),
  });
}

export function useSetObserverAssignments(cycleId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ObserverAssignmentsBody) =>
      api<{ data: ObserverAssignment[] }>(`${base(cycleId)}/assignments`, { method: 'PUT', body }).then(
        (r) => r.data,
      ),
    onSuccess: () => void client.invalidateQueries({ queryKey: observationSetupKey(cycleId) }),
  });
}

/** Sends a note under the id the device made; sending it again changes nothing. */
export function putObservationNote(cycleId: string, noteId: string, body: ObservationNoteBody) {
  return api<{ data: ObservationNote }>(`${base(cycleId)}/notes/${noteId}`, { method: 'PUT', body });
}

/** Sends a photo under the id the device made; sending it again keeps it once. */
export function putObservationPhoto(
  cycleId: string,
  photoId: string,
  photo: Blob,
  meta: { takenAt: string; noteId: string | null },
) {
  const formData = new FormData();
  formData.append('photo', photo, 'student-work.jpg');
  return api<{ data: ObservationPhoto }>(`${base(cycleId)}/photos/${photoId}`, {
    method: 'PUT',
    formData,
    query: { takenAt: meta.takenAt, noteId: meta.noteId ?? undefined },
  });
}

export function useDeleteObservationNote(cycleId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (noteId: string) => api<void>(`${base(cycleId)}/notes/${noteId}`, { method: 'DELETE' }),
    onSuccess: () => void client.invalidateQueries({ queryKey: observationNotesKey(cycleId) }),
  });
}

/** Where the team's browsers load a photo of student work from. */
export const observationPhotoUrl = (cycleId: string, photoId: string) =>
  `/api${base(cycleId)}/photos/${photoId}`;
