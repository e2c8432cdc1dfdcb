import { ApiError } from '#web/lib/api-client.ts';

/** The server's message for exactly this field (`/body/rubric/criteria/0/name`), if it named it. */
export function errorAt(error: unknown, path: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  return error.problem.errors.find((e) => e.path === path)?.message;
}

/** The server's messages for a field and everything inside it, joined for one place on the form. */
export function errorsUnder(error: unknown, path: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const messages = error.problem.errors
    .filter((e) => e.path === path || e.path.startsWith(`${path}/`))
    .map((e) => e.message);
  return messages.length ? [...new Set(messages)].join('; ') : undefined;
}
