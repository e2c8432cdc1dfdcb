import { describe, expect, it } from 'vitest';
import { setupTestApp, signedIn } from '#server/test/app.ts';
import { buildDistrict, buildNetwork, buildUser } from '#server/test/builders.ts';
import { exportDistrict } from './test-support.ts';

// The operator keeps direct messages as records the law requires.
const t = setupTestApp({ MESSAGES_RECORDS_RETENTION: '1' });

describe('records retention required by law', () => {
  it("puts the messages the district's people sent in its export, and says so on the messages page", async () => {
    const db = t.database.db;
    const north = await buildDistrict(db);
    const south = await buildDistrict(db);
    await buildNetwork(db, [north.id, south.id]);
    const ana = await buildUser(db, { districtId: north.id });
    const ben = await buildUser(db, { districtId: south.id });
    const admin = await signedIn(
      t,
      (await buildUser(db, { districtId: north.id, role: 'district_admin' })).id,
    );
    const as = { ana: await signedIn(t, ana.id), ben: await signedIn(t, ben.id) };
    const id = (
      await as.ana.post('/api/conversations', { participantIds: [ben.id], body: 'Kept as a record' })
    ).json().data.conversationId;
    await as.ben.post(`/api/conversations/${id}/messages`, { body: 'Sent from the other district' });

    expect((await as.ana.get('/api/messages/policy')).json().data.recordsRetention).toBe(true);
    // Still no administrator's route reads a conversation.
    expect((await admin.get(`/api/conversations/${id}`)).statusCode).toBe(404);

    const files = await exportDistrict(t, admin);
    const messages = JSON.parse(files['json/messages.json']) as Array<Record<string, unknown>>;
    expect(messages.map((m) => m.body_text)).toEqual(['Kept as a record']);
    expect(messages[0]).not.toHaveProperty('idempotency_key');
    expect(files['csv/conversation_participants.csv']).toContain(ana.id);
  });
});
