/** Bring a resource home to one's school or district with a note, and open its spread view. */
export function BringHomeResource(_props: { resourceId: string }) {
  return null;
}

/** Bring a thread's insight home to one's school or district with a note. */
export function BringHomeInsight(_props: { threadId: string; communityId: string; hasInsight: boolean }) {
  return null;
}
