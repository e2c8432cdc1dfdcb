import type { FastifyInstance, FastifyRequest } from 'fastify';
import { hasControlCharacters } from '#shared/contracts/common.ts';
import { type FieldError, InvalidError } from './errors.ts';

/**
 * Control characters (other than tab and line breaks) are refused in every string a request
 * carries, before any route sees it: PostgreSQL refuses a NUL in text, so one that got through
 * would fail a query deep in a use case instead of being answered as bad input.
 */

const MESSAGE = 'must not contain control characters';
/** Enough to point at the problem without echoing a huge body back. */
const MAX_ERRORS = 20;

const pointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** The JSON pointers (under `root`) of the strings and keys in `value` that hold control characters. */
export function controlCharacterFields(value: unknown, root: string): FieldError[] {
  const found: FieldError[] = [];
  // Iterative: a deeply nested body must not exhaust the stack.
  const stack: Array<[unknown, string]> = [[value, root]];
  while (stack.length > 0 && found.length < MAX_ERRORS) {
    const [item, path] = stack.pop() as [unknown, string];
    if (typeof item === 'string') {
      if (hasControlCharacters(item)) found.push({ path, message: MESSAGE });
    } else if (Array.isArray(item)) {
      for (let i = item.length - 1; i >= 0; i--) stack.push([item[i], `${path}/${i}`]);
    } else if (item !== null && typeof item === 'object' && !Buffer.isBuffer(item)) {
      const entries = Object.entries(item);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i];
        const childPath = `${path}/${pointer(key)}`;
        if (hasControlCharacters(key))
          found.push({ path: childPath, message: 'must not have control characters in its name' });
        else stack.push([child, childPath]);
      }
    }
  }
  return found;
}

/** Whether a value is absent, or an object of strings (or scalars) with no control character in a key or a string. */
function flatAndClean(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value !== 'object' || Array.isArray(value) || Buffer.isBuffer(value)) return false;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const item = (value as Record<string, unknown>)[key];
    if (typeof item === 'object' && item !== null) return false;
    if (hasControlCharacters(key) || (typeof item === 'string' && hasControlCharacters(item))) return false;
  }
  return true;
}

const refuse = (errors: FieldError[]) =>
  new InvalidError(errors.map((e) => `${e.path}: ${e.message}`).join('; '), errors);

interface MultipartPart {
  type?: 'file' | 'field';
  fieldname: string;
  value?: unknown;
  filename?: string;
  file?: NodeJS.ReadableStream;
  fields?: Record<string, unknown>;
}

/** The problems of one multipart part: a text field's value, or a file's name, naming the field. */
function partErrors(part: MultipartPart): FieldError[] {
  const path = `/body/${pointer(part.fieldname)}`;
  if (hasControlCharacters(part.fieldname))
    return [{ path, message: 'must not have control characters in its name' }];
  if (part.file) {
    return part.filename && hasControlCharacters(part.filename)
      ? [{ path, message: 'must not have control characters in its file name' }]
      : [];
  }
  return typeof part.value === 'string' && hasControlCharacters(part.value)
    ? [{ path, message: MESSAGE }]
    : [];
}

/** A part with bad text is refused; its file, if any, is drained so the request can finish. */
function checkPart<T extends MultipartPart | undefined>(part: T): T {
  if (!part) return part;
  const errors = partErrors(part);
  // `file()` hands over the fields read before the file; each is checked too.
  for (const field of Object.values(part.fields ?? {})) {
    for (const f of Array.isArray(field) ? field : [field]) {
      const p = f as MultipartPart;
      if (p && p !== part && p.type === 'field') errors.push(...partErrors(p));
    }
  }
  if (errors.length > 0) {
    part.file?.resume();
    throw refuse(errors);
  }
  return part;
}

/** Multipart bodies are read by the routes themselves: their parts are checked as they are read. */
function guardMultipart(request: FastifyRequest): void {
  const target = request as unknown as {
    file: (...args: unknown[]) => Promise<MultipartPart | undefined>;
    files: (...args: unknown[]) => AsyncIterable<MultipartPart>;
    parts: (...args: unknown[]) => AsyncIterable<MultipartPart>;
  };
  const { file, files, parts } = target;
  target.file = async (...args) => checkPart(await file.apply(request, args));
  target.files = async function* (...args) {
    for await (const part of files.apply(request, args)) yield checkPart(part);
  };
  target.parts = async function* (...args) {
    for await (const part of parts.apply(request, args)) yield checkPart(part);
  };
}

/** Refuses control characters in the path parameters, query and body of every request, as a 400 naming the field. */
export function registerInputChecks(app: FastifyInstance): void {
  app.addHook('preValidation', (request, _reply, done) => {
    // Most requests carry a few flat strings (an id, a query) and no body: looked over in place.
    if (
      request.body === undefined &&
      flatAndClean(request.params) &&
      flatAndClean(request.query) &&
      !request.isMultipart?.()
    )
      return done();
    const errors = [
      ...controlCharacterFields(request.params, '/params'),
      ...controlCharacterFields(request.query, '/querystring'),
      ...controlCharacterFields(request.body, '/body'),
    ];
    if (errors.length > 0) return done(refuse(errors.slice(0, MAX_ERRORS)));
    if (request.isMultipart?.()) guardMultipart(request);
    done();
  });
}
