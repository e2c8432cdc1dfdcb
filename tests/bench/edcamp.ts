/**
 * The edcamp grid live on every phone (issue 17): "the edcamp grid update reaches 300 open phones
 * within 1 s at p99". `prepareEdcampBoard` opens a board on a public event of the generated network
 * (four rooms, four slots, sixteen proposals) and signs in its organizer and one person per phone;
 * `measureEdcampGrid` holds each phone's page open on the board's topic over the stream the web app
 * uses (`/api/events?topics=edcamp:<board>`), then has the organizer move sessions in the grid one at a
 * time and times when each phone hears of each move.
 */
import pg from 'pg';
import { uuidv7 } from 'uuidv7';
import { hashToken, newToken } from '#server/platform/secrets.ts';

export interface EdcampBoardBench {
  boardId: string;
  organizer: { cookie: string; csrfToken: string };
  phones: string[];
  sessionIds: string[];
  cells: Array<{ roomId: string; slotId: string }>;
}

export interface EdcampDelivery {
  phones: number;
  moves: number;
  deliveries: number;
  missed: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  failure?: string;
}

async function signIn(client: pg.Client, userId: string) {
  const token = newToken();
  const csrfToken = newToken();
  await client.query(
    `insert into sessions (token_hash, id, user_id, csrf_token, expires_at)
     values ($1, gen_random_uuid(), $2, $3, now() + interval '1 day')`,
    [hashToken(token), userId, csrfToken],
  );
  return { cookie: `trellis_session=${token}`, csrfToken };
}

/** A board on a public event of the network's first district, and `phones` signed-in participants. */
export async function prepareEdcampBoard(url: string, phones: number): Promise<EdcampBoardBench> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: people } = await client.query<{ id: string; district_id: string }>(
      `select id, district_id from users where status = 'active' order by hashtext(id::text) limit $1`,
      [phones + 1],
    );
    if (people.length < phones + 1) throw new Error(`only ${people.length} people to open ${phones} phones`);
    const [organizer, ...rest] = people;
    const eventId = uuidv7();
    const start = new Date(Date.now() + 3_600_000);
    const end = new Date(start.getTime() + 4 * 3_600_000);
    await client.query(
      `insert into events (id, host_kind, host_id, district_id, audience, audience_id, kind, title, mode, time_zone,
                           starts_at, ends_at, created_by)
       values ($1, 'district', $2, $2, 'public', null, 'edcamp', 'Bench edcamp', 'in_person', 'America/Chicago',
               $3, $4, $5)`,
      [eventId, organizer.district_id, start.toISOString(), end.toISOString(), organizer.id],
    );
    const boardId = uuidv7();
    await client.query(
      `insert into edcamp_boards (id, event_id, district_id, guests_allowed, join_code, created_by)
       values ($1, $2, $3, false, $4, $5)`,
      [
        boardId,
        eventId,
        organizer.district_id,
        `B${boardId.replace(/-/g, '').slice(-7).toUpperCase()}`,
        organizer.id,
      ],
    );
    const rooms: string[] = [];
    const slots: string[] = [];
    for (let i = 0; i < 4; i++) {
      const roomId = uuidv7();
      rooms.push(roomId);
      await client.query(
        'insert into edcamp_rooms (id, board_id, name, capacity, position) values ($1, $2, $3, $4, $5)',
        [roomId, boardId, `Room ${i + 1}`, 60 - i * 10, i],
      );
      const slotId = uuidv7();
      slots.push(slotId);
      const slotStart = new Date(start.getTime() + i * 3_600_000);
      await client.query(
        'insert into edcamp_slots (id, board_id, label, starts_at, ends_at, position) values ($1, $2, $3, $4, $5, $6)',
        [
          slotId,
          boardId,
          `Session ${i + 1}`,
          slotStart.toISOString(),
          new Date(slotStart.getTime() + 45 * 60_000).toISOString(),
          i,
        ],
      );
    }
    const sessionIds: string[] = [];
    for (let i = 0; i < 16; i++) {
      const id = uuidv7();
      sessionIds.push(id);
      await client.query(
        `insert into edcamp_sessions (id, board_id, kind, title, proposer_id) values ($1, $2, 'learn', $3, $4)`,
        [id, boardId, `Proposal ${i + 1}`, rest[i % rest.length].id],
      );
    }
    // Every phone votes for three sessions, so the board each refetch reads is a real one.
    for (const [p, person] of rest.entries())
      for (let k = 0; k < 3; k++)
        await client.query(
          `insert into edcamp_votes (session_id, voter_key, user_id) values ($1, $2, $3) on conflict do nothing`,
          [sessionIds[(p + k * 5) % sessionIds.length], `user:${person.id}`, person.id],
        );
    await client.query(
      `update edcamp_sessions s set vote_count = (select count(*) from edcamp_votes v where v.session_id = s.id)
        where s.board_id = $1`,
      [boardId],
    );
    const cells = slots.flatMap((slotId) => rooms.map((roomId) => ({ roomId, slotId })));
    const phoneCookies: string[] = [];
    for (const person of rest) phoneCookies.push((await signIn(client, person.id)).cookie);
    return {
      boardId,
      organizer: await signIn(client, organizer.id),
      phones: phoneCookies,
      sessionIds,
      cells,
    };
  } finally {
    await client.end();
  }
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] : Number.NaN;

/** Opens every phone's page on the board's topic, moves sessions one at a time, and times each phone's hearing of each move. */
export async function measureEdcampGrid(
  baseUrl: string,
  board: EdcampBoardBench,
  moves: number,
): Promise<EdcampDelivery> {
  const topic = `edcamp:${board.boardId}`;
  const controllers: AbortController[] = [];
  let ready = 0;
  let heard: number[] = [];
  const openPhone = async (cookie: string) => {
    const controller = new AbortController();
    controllers.push(controller);
    const open = () =>
      fetch(`${baseUrl}/api/events?topics=${encodeURIComponent(topic)}`, {
        headers: { cookie, accept: 'text/event-stream' },
        signal: controller.signal,
      });
    let response = await open();
    // A 503 asks to come back shortly; a phone's EventSource would, after its retry delay.
    for (let attempt = 1; response.status === 503 && attempt <= 3; attempt++) {
      await response.text();
      await new Promise((r) => setTimeout(r, 1_000 * attempt));
      response = await open();
    }
    if (response.status !== 200 || !response.body)
      throw new Error(`events answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += value;
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const message = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (message.includes('event: ready')) ready++;
        if (message.includes('event: signal')) heard.push(performance.now());
      }
    }
  };
  const failures: unknown[] = [];
  const open: Array<Promise<void>> = [];
  const deadline = Date.now() + 120_000;
  // Phones arrive twenty at a time, as people sit down, not all in one instant.
  for (let i = 0; i < board.phones.length && failures.length === 0; i += 20) {
    for (const cookie of board.phones.slice(i, i + 20)) {
      const phone = openPhone(cookie);
      phone.catch((error) => failures.push(error));
      open.push(phone);
    }
    const target = Math.min(board.phones.length, i + 20);
    while (ready < target && Date.now() < deadline && failures.length === 0)
      await new Promise((r) => setTimeout(r, 20));
  }
  try {
    if (ready < board.phones.length)
      throw new Error(`only ${ready} of ${board.phones.length} phones opened: ${failures[0] ?? 'timeout'}`);
    const latencies: number[] = [];
    let missed = 0;
    for (let i = 0; i < moves; i++) {
      // The organizer drags a session to the next cell (swapping with whatever is there).
      const sessionId = board.sessionIds[i % board.sessionIds.length];
      const cell = board.cells[(i * 7) % board.cells.length];
      heard = [];
      const sent = performance.now();
      const response = await fetch(`${baseUrl}/api/edcamp/sessions/${sessionId}/place`, {
        method: 'PUT',
        headers: {
          cookie: board.organizer.cookie,
          'x-csrf-token': board.organizer.csrfToken,
          origin: baseUrl,
          'content-type': 'application/json',
        },
        body: JSON.stringify(cell),
      });
      if (response.status !== 204)
        throw new Error(`placing answered ${response.status}: ${await response.text()}`);
      // Every phone has up to 5 s to hear of the move.
      const until = performance.now() + 5_000;
      while (heard.length < board.phones.length && performance.now() < until)
        await new Promise((r) => setTimeout(r, 5));
      missed += Math.max(0, board.phones.length - heard.length);
      for (const at of heard.slice(0, board.phones.length)) latencies.push(at - sent);
      await new Promise((r) => setTimeout(r, 100));
    }
    latencies.sort((a, b) => a - b);
    const round = (n: number) => Math.round(n * 10) / 10;
    return {
      phones: board.phones.length,
      moves,
      deliveries: latencies.length,
      missed,
      p50Ms: round(percentile(latencies, 50)),
      p99Ms: round(percentile(latencies, 99)),
      maxMs: round(latencies.at(-1) ?? Number.NaN),
    };
  } finally {
    for (const controller of controllers) controller.abort();
    await Promise.allSettled(open);
  }
}
