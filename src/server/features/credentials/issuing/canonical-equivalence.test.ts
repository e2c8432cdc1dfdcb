/**
 * jsonld-term-sharing.ts makes jsonld.js share term definitions between copies of an active
 * context. What a signature covers must not change by it: every credential Trellis has fixtures for
 * (1EdTech's validator cases, one Trellis issues, a status list) canonicalizes to the same N-Quads,
 * or fails with the same error, with the deep copy and with the sharing one.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import jsonld from 'jsonld';
import { afterAll, describe, expect, it } from 'vitest';
import { createDocumentLoader } from './contexts.ts';
import { shareTermDefinitions } from './jsonld-term-sharing.ts';
import { buildOpenBadgeCredential } from './open-badge.ts';
import { unsignedStatusListCredential } from './status-lists.ts';

const CASES_DIR = path.join(import.meta.dirname, 'fixtures', 'ob3-1edtech-validator');
const documentLoader = createDocumentLoader(async () => null);

/** The N-Quads in safe mode (as signatures use it) and without it, or the error each gives. */
async function canonical(document: unknown): Promise<string> {
  const forms: string[] = [];
  for (const safe of [true, false]) {
    try {
      forms.push(
        await jsonld.canonize(structuredClone(document) as object, {
          algorithm: 'RDFC-1.0',
          format: 'application/n-quads',
          documentLoader,
          safe,
        }),
      );
    } catch (error) {
      forms.push(`error: ${(error as Error).message}`);
    }
  }
  return forms.join('\n---\n');
}

async function both(document: unknown): Promise<{ deep: string; sharing: string }> {
  shareTermDefinitions(false);
  const deep = await canonical(document);
  shareTermDefinitions(true);
  const sharing = await canonical(document);
  return { deep, sharing };
}

afterAll(() => shareTermDefinitions(true));

describe('sharing term definitions between copies of a JSON-LD context', () => {
  const cases = readdirSync(CASES_DIR).filter((f) => f.endsWith('.json'));

  it.each(cases)('canonicalizes %s as the deep copy does', async (file) => {
    const document = JSON.parse(readFileSync(path.join(CASES_DIR, file), 'utf8'));
    const { deep, sharing } = await both(document);
    expect(sharing).toBe(deep);
  });

  it('canonicalizes a credential Trellis issues and a status list as the deep copy does', async () => {
    const credential = buildOpenBadgeCredential('https://trellis.example.org', {
      awardId: '0190a0b0-0000-7000-8000-000000000002',
      achievement: {
        credentialId: '0190a0b0-0000-7000-8000-000000000003',
        kind: 'micro',
        version: 2,
        title: 'Number talks',
        description: 'Leads a number talk',
        criteria: 'Recorded three number talks',
        hasImage: true,
        competencies: [
          {
            id: '0190a0b0-0000-7000-8000-000000000004',
            code: 'M.1',
            statement: 'Facilitates discourse',
            description: 'Asks students to explain',
            caseUri: 'https://case.example.org/uri/1',
            frameworkTitle: 'Math teaching',
          },
        ],
        issuer: { did: 'did:web:trellis.example.org', name: 'Trellis district' },
      },
      recipient: { email: 'ana@example.org', name: 'Ana Díaz' },
      validFrom: new Date('2026-01-01T00:00:00Z'),
      validUntil: new Date('2027-01-01T00:00:00Z'),
      evidence: [
        { url: 'https://trellis.example.org/evidence/1', name: 'A lesson', narrative: 'We tried it' },
      ],
      status: {
        listUrl: 'https://trellis.example.org/status/0190a0b0-0000-7000-8000-000000000001',
        index: 5,
      },
      salt: 'salt',
    });
    const list = await unsignedStatusListCredential({
      publicUrl: 'https://trellis.example.org',
      listId: '0190a0b0-0000-7000-8000-000000000001',
      issuerDid: 'did:web:trellis.example.org',
      length: 131_072,
      revokedIndexes: [3, 7],
      validFrom: '2026-01-01T00:00:00Z',
    });
    for (const document of [credential, list]) {
      const { deep, sharing } = await both(document);
      expect(deep).not.toMatch(/^error/);
      expect(sharing).toBe(deep);
    }
  });
});
