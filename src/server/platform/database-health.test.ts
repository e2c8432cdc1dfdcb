import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '#server/app.ts';
import { type Database, openDatabase } from '#server/db/client.ts';
import { loadConfig } from '#server/platform/config.ts';

/**
 * A database server that freezes: it accepts connections and completes the start-up handshake (as a
 * server does that froze after the connection was made), answers simple queries with no rows while
 * the app starts, and once `freeze()` is called never answers a query again (LISTEN excepted, for
 * the app's signal connection). TCP keepalive would not notice: the kernel still answers for it.
 */
function frozenServer() {
  const message = (type: string, body: Buffer) => {
    const header = Buffer.alloc(5);
    header.write(type, 0, 'latin1');
    header.writeInt32BE(body.length + 4, 1);
    return Buffer.concat([header, body]);
  };
  const int32 = (n: number) => {
    const b = Buffer.alloc(4);
    b.writeInt32BE(n);
    return b;
  };
  const ready = message('Z', Buffer.from('I'));
  const sockets = new Set<Socket>();
  let answering = true;
  let gone = false;
  const server: Server = createServer((socket) => {
    if (gone) return socket.destroy();
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let started = false;
    socket.on('data', (chunk: Buffer) => {
      if (!started) {
        started = true;
        // AuthenticationOk, then ready for queries.
        socket.write(Buffer.concat([message('R', int32(0)), ready]));
        return;
      }
      // Terminate: the client says goodbye, and the server closes the connection, frozen or not.
      if (chunk[0] === 0x58 /* X */) return socket.end();
      if (chunk[0] !== 0x51 /* Q: a simple query */) return;
      const listen = /^listen /i.test(chunk.subarray(5).toString('utf8'));
      if (answering || listen)
        socket.write(Buffer.concat([message('C', Buffer.from(listen ? 'LISTEN\0' : 'SELECT 0\0')), ready]));
      // Once frozen, anything else: silence.
    });
  });
  return new Promise<{ port: number; freeze(): void; stop(): void }>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        port: (server.address() as { port: number }).port,
        freeze: () => {
          answering = false;
        },
        // Goes away for good: connections open or still to come are cut, so every client lets go.
        stop: () => {
          gone = true;
          for (const socket of sockets) socket.destroy();
          server.close();
        },
      }),
    ),
  );
}

describe('the app on a database that stopped answering', () => {
  let frozen: Awaited<ReturnType<typeof frozenServer>>;
  let database: Database;
  let app: FastifyInstance;
  let dataDir: string;

  beforeAll(async () => {
    frozen = await frozenServer();
    const url = `postgres://trellis:secret@127.0.0.1:${frozen.port}/trellis`;
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'trellis-frozen-'));
    database = openDatabase(url, 3);
    app = await buildApp({
      config: loadConfig({
        NODE_ENV: 'test',
        DATA_DIR: dataDir,
        DATABASE_URL: url,
        PUBLIC_URL: 'http://trellis.test',
      }),
      db: database.db,
      pool: database.pool,
    });
    await app.ready();
    frozen.freeze();
  });

  afterAll(async () => {
    frozen.stop();
    await app.close();
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('lets go of each request as soon as it is answered, not at the next sweep', async () => {
    // Held until the sweep, requests outlived a young-generation collection and were promoted.
    const response = await app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(app.databaseHealth.watching()).toBe(0);
    const missing = await app.inject({ method: 'GET', url: '/api/no-such-route' });
    expect(missing.statusCode).toBe(404);
    expect(app.databaseHealth.watching()).toBe(0);
  });

  it('answers /readyz with 503 quickly', async () => {
    const started = Date.now();
    const response = await app.inject({ method: 'GET', url: '/readyz' });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(response.statusCode).toBe(503);
  });

  it('answers a request whose query hangs with a 503 problem within 4 s, several at once', async () => {
    const started = Date.now();
    const responses = await Promise.all(
      [1, 2, 3, 4].map(() =>
        app.inject({
          method: 'GET',
          url: '/api/session',
          // A session cookie makes the request look its session up in the database.
          cookies: { trellis_session: 'a-session-token-that-the-database-would-look-up' },
        }),
      ),
    );
    expect(Date.now() - started).toBeLessThan(4_000);
    for (const response of responses) {
      expect(response.statusCode).toBe(503);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.headers['retry-after']).toBe('5');
      expect(response.json()).toMatchObject({ status: 503, code: 'unavailable' });
    }
  });
});
