import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { buildApp } from '#server/app.ts';
import { type Database, openDatabase } from '#server/db/client.ts';
import { loadConfig } from '#server/platform/config.ts';
import { loggableUrl } from '#server/platform/request-log.ts';
import { adminQuery, withDatabase } from '#server/test/database.ts';

interface LogLine {
  level: number;
  msg: string;
  reqId?: string;
  [key: string]: unknown;
}
const INFO = 30;

const name = `trellis_t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
let database: Database;
let dataDir: string;
const apps: FastifyInstance[] = [];

beforeAll(async () => {
  await adminQuery(inject('adminUrl'), `create database ${name} template ${inject('templateDatabase')}`);
  database = openDatabase(withDatabase(inject('adminUrl'), name), 3);
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'trellis-log-'));
});
afterAll(async () => {
  for (const app of apps) await app.close();
  await database?.close();
  await adminQuery(inject('adminUrl'), `drop database if exists ${name} with (force)`);
  rmSync(dataDir, { recursive: true, force: true });
});

/** The app as main.ts builds it, logging at LOG_LEVEL into `lines`, plus a route that fails. */
async function appLogging(env: Record<string, string>, lines: LogLine[]): Promise<FastifyInstance> {
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    DATABASE_URL: 'postgres://x@127.0.0.1/x',
    ...env,
  });
  const app = await buildApp({
    config,
    db: database.db,
    pool: database.pool,
    logger: {
      level: config.LOG_LEVEL,
      stream: { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) },
    },
  });
  app.get('/test/fails', async () => {
    throw new Error('something broke');
  });
  await app.ready();
  apps.push(app);
  return app;
}

describe('request logging', () => {
  it('writes nothing at info for a successful request by default, and one debug line at debug', async () => {
    const lines: LogLine[] = [];
    const app = await appLogging({}, lines);
    const response = await app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(lines.filter((line) => line.level >= INFO)).toEqual([]);

    const debugLines: LogLine[] = [];
    const debugApp = await appLogging({ LOG_LEVEL: 'debug' }, debugLines);
    const answered = await debugApp.inject({ method: 'GET', url: '/healthz' });
    const requestLines = debugLines.filter((line) => line.reqId === answered.headers['x-request-id']);
    expect(requestLines).toHaveLength(1);
    expect(requestLines[0]).toMatchObject({ msg: 'request completed', url: '/healthz', status: 200 });
  });

  it('keeps errors, with the request id', async () => {
    const lines: LogLine[] = [];
    const app = await appLogging({}, lines);
    const response = await app.inject({ method: 'GET', url: '/test/fails' });
    expect(response.statusCode).toBe(500);
    const errors = lines.filter((line) => line.level >= 50);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.reqId).toBe(response.headers['x-request-id']);
  });

  it('with ACCESS_LOG on writes one line per request, secrets in the query left out, even at LOG_LEVEL=warn', async () => {
    const lines: LogLine[] = [];
    const app = await appLogging({ ACCESS_LOG: '1', LOG_LEVEL: 'warn' }, lines);
    const response = await app.inject({
      method: 'GET',
      url: '/healthz?token=0123456789abcdef0123456789abcdef&page=2',
    });
    expect(response.statusCode).toBe(200);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      reqId: response.headers['x-request-id'],
      method: 'GET',
      url: '/healthz?token=[redacted]&page=2',
      status: 200,
    });
    expect(typeof lines[0]!.ms).toBe('number');
    expect(typeof lines[0]!.time).toBe('number');
    expect(JSON.stringify(lines)).not.toContain('0123456789abcdef');
  });
});

describe('loggableUrl', () => {
  it('redacts secret-named parameters and token-like values and keeps the rest', () => {
    expect(loggableUrl('/reset-password?token=abc')).toBe('/reset-password?token=[redacted]');
    expect(loggableUrl('/api/unsubscribe?t=AAAAbbbbCCCCddddEEEEffff12')).toBe(
      '/api/unsubscribe?t=[redacted]',
    );
    expect(loggableUrl('/api/resources?q=fractions&sort=rating')).toBe(
      '/api/resources?q=fractions&sort=rating',
    );
    expect(loggableUrl('/api/threads')).toBe('/api/threads');
  });

  it('redacts tokens in the path (a private calendar feed opens with its address alone)', () => {
    expect(loggableUrl('/api/calendar/feeds/q9Xv_3kLmN0pQrStUvWxYz12AbCdEfGh.ics')).toBe(
      '/api/calendar/feeds/[redacted]',
    );
    expect(loggableUrl('/api/video-files/AbCdEfGhIjKlMnOpQrStUv/mp4?x=1')).toBe(
      '/api/video-files/[redacted]/mp4?x=1',
    );
    expect(loggableUrl('/api/events/0b7c6a3e-1d2f-4a5b-9c8d-7e6f5a4b3c2d/registrations')).toBe(
      '/api/events/0b7c6a3e-1d2f-4a5b-9c8d-7e6f5a4b3c2d/registrations',
    );
    expect(loggableUrl('/api/me/notification-preferences')).toBe('/api/me/notification-preferences');
  });
});
