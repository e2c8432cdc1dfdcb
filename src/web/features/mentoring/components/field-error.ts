import { ApiError } from '#web/lib/api-client.ts';

/** The message the server gave for one field of the body, to show beside that field. */
export const fieldError = (error: unknown, field: string) =>
  error instanceof ApiError
    ? error.problem.errors.find((e) => e.path.startsWith(`/body/${field}`))?.message
    : undefined;

/** An error that names no field of the form, shown above its buttons. */
export const formLevel = (error: unknown) =>
  error && !(error instanceof ApiError && error.problem.errors.length) ? error : null;
