import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidError } from '#server/platform/errors.ts';
import { casePackage } from './case-export.ts';
import { compareCodes, parseCasePackage } from './case-import.ts';

/** CASE 1.0's identifier pattern: a UUID of version 1 to 5. */
const CASE_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const fixture = (): Record<string, unknown> & {
  CFDocument: Record<string, unknown>;
  CFItems: Array<Record<string, unknown>>;
  CFAssociations: Array<Record<string, unknown>>;
} => JSON.parse(readFileSync(new URL('./fixtures/discourse-practices.case.json', import.meta.url), 'utf8'));

const DOC = '7d1c2b1e-3f0a-4c55-9a51-0b7e8a2f4c10';

/** The problem's field paths, when parsing refuses the package. */
function refusal(input: unknown): Array<{ path: string; message: string }> {
  try {
    parseCasePackage(input, '/body/package');
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidError);
    return (error as InvalidError).errors;
  }
  throw new Error('the package was accepted');
}

const childOf = (child: string, parent: string, sequenceNumber?: number) => ({
  associationType: 'isChildOf',
  originNodeURI: { identifier: child, uri: `https://x.test/${child}` },
  destinationNodeURI: { identifier: parent, uri: `https://x.test/${parent}` },
  ...(sequenceNumber === undefined ? {} : { sequenceNumber }),
});
const item = (identifier: string, code = identifier) => ({
  identifier,
  uri: `https://x.test/${identifier}`,
  fullStatement: `Statement ${code}`,
  humanCodingScheme: code,
});

describe('reading a CASE package', () => {
  it('reads the document and builds the tree from isChildOf, siblings by sequenceNumber then source order', () => {
    const { document, competencies } = parseCasePackage(fixture(), '/body/package');
    expect(document).toEqual({
      identifier: DOC,
      uri: `https://case.example.org/uri/${DOC}`,
      title: 'Classroom Discourse Practices',
      description: 'A short framework of practices that help students talk about their thinking.',
      creator: 'Prairie Schools Teaching Collaborative',
      version: '1.0',
      lastChangeAt: '2025-03-01T12:00:00.000Z',
    });
    expect(competencies.every((c) => c.lastChangeAt === '2025-03-01T12:00:00.000Z')).toBe(true);
    expect(competencies.map((c) => [c.code, c.position])).toEqual([
      ['CDP.1', 0],
      ['CDP.1.1', 0],
      ['CDP.1.2', 1],
      ['CDP.2', 1],
      ['CDP.2.1', 0],
      ['CDP.2.2', 1],
      ['CDP.2.2.a', 0],
    ]);
    const byCode = new Map(competencies.map((c) => [c.code, c]));
    expect(byCode.get('CDP.1')?.parentIdentifier).toBeNull();
    expect(byCode.get('CDP.2.2.a')?.parentIdentifier).toBe(byCode.get('CDP.2.2')?.identifier);
    expect(byCode.get('CDP.1')).toMatchObject({
      description: 'How a teacher invites every student into the talk.',
      itemType: 'Domain',
      uri: 'https://case.example.org/uri/a1000000-0000-4000-8000-000000000001',
    });
  });

  it('puts items that no isChildOf places at the top level, uncoded ones in source order', () => {
    const { competencies } = parseCasePackage(
      { CFDocument: { identifier: 'doc', title: 'Loose' }, CFItems: [item('b', ''), item('a', '')] },
      '/body/package',
    );
    expect(competencies.map((c) => [c.identifier, c.parentIdentifier, c.position])).toEqual([
      ['b', null, 0],
      ['a', null, 1],
    ]);
  });

  it('ignores fields and association types it does not use', () => {
    const pkg = fixture();
    pkg.CFItems[0].conceptKeywords = ['talk'];
    pkg.CFDocument.subject = ['Pedagogy'];
    expect(parseCasePackage(pkg, '/body/package').competencies).toHaveLength(7);
  });

  it('keeps an item reused under several parents under the first one', () => {
    const { competencies } = parseCasePackage(
      {
        CFDocument: { identifier: 'doc', title: 'Reuse' },
        CFItems: [item('p1'), item('p2'), item('c')],
        CFAssociations: [childOf('c', 'p2'), childOf('c', 'p1')],
      },
      '/body/package',
    );
    expect(competencies.find((c) => c.identifier === 'c')?.parentIdentifier).toBe('p2');
  });

  it('nests thousands deep without running out of stack', () => {
    const items = Array.from({ length: 5000 }, (_, i) => item(`n${i}`));
    const associations = items.slice(1).map((_, i) => childOf(`n${i + 1}`, `n${i}`));
    const { competencies } = parseCasePackage(
      { CFDocument: { identifier: 'doc', title: 'Deep' }, CFItems: items, CFAssociations: associations },
      '/body/package',
    );
    expect(competencies.at(-1)).toMatchObject({ identifier: 'n4999', parentIdentifier: 'n4998' });
  });

  it('names the JSON path of a missing or malformed field', () => {
    const pkg = fixture();
    delete pkg.CFItems[3].identifier;
    pkg.CFItems[4].fullStatement = '';
    pkg.CFDocument.title = 42;
    expect(refusal(pkg).map((e) => e.path)).toEqual([
      '/body/package/CFDocument/title',
      '/body/package/CFItems/3/identifier',
      '/body/package/CFItems/4/fullStatement',
    ]);
    expect(refusal('not a package').map((e) => e.path)).toEqual(['/body/package']);
    expect(refusal({ CFItems: [] }).map((e) => e.path)).toEqual(['/body/package/CFDocument']);
  });

  it('refuses more items than a framework holds', () => {
    const items = Array.from({ length: 5001 }, (_, i) => item(`n${i}`));
    expect(refusal({ CFDocument: { identifier: 'doc', title: 'Huge' }, CFItems: items })).toEqual([
      { path: '/body/package/CFItems', message: 'must have at most 5000 items' },
    ]);
  });

  it('refuses duplicate identifiers', () => {
    const pkg = fixture();
    pkg.CFItems[5].identifier = pkg.CFItems[2].identifier;
    expect(refusal(pkg)[0]).toEqual({
      path: '/body/package/CFItems/5/identifier',
      message: 'is used by another node',
    });
  });

  it('refuses isChildOf associations naming nodes the package lacks', () => {
    const pkg = fixture();
    (pkg.CFAssociations[2].originNodeURI as { identifier: string }).identifier = 'nobody';
    (pkg.CFAssociations[4].destinationNodeURI as { identifier: string }).identifier = 'nowhere';
    expect(refusal(pkg).map((e) => e.path)).toEqual([
      '/body/package/CFAssociations/2/originNodeURI/identifier',
      '/body/package/CFAssociations/4/destinationNodeURI/identifier',
    ]);
  });

  it('refuses a cycle, naming an association in it', () => {
    const errors = refusal({
      CFDocument: { identifier: 'doc', title: 'Loop' },
      CFItems: [item('a'), item('b'), item('c'), item('top')],
      CFAssociations: [childOf('top', 'doc'), childOf('a', 'b'), childOf('b', 'c'), childOf('c', 'a')],
    });
    expect(errors).toHaveLength(1);
    expect(errors[0].path).toMatch(/^\/body\/package\/CFAssociations\/[123]$/);
    expect(errors[0].message).toMatch(/cycle/);
    expect(
      refusal({
        CFDocument: { identifier: 'doc', title: 'Self' },
        CFItems: [item('a')],
        CFAssociations: [childOf('a', 'a')],
      })[0],
    ).toEqual({ path: '/body/package/CFAssociations/0', message: 'makes an item its own parent' });
  });
});

describe('ordering siblings without sequence numbers', () => {
  it('orders codes naturally: 1.2 before 1.10, and coded items before uncoded ones', () => {
    const codes = ['1.10', '', '1.2', '1.1', 'RL.K.10', 'RL.K.9', '2'];
    expect([...codes].sort(compareCodes)).toEqual(['1.1', '1.2', '1.10', '2', 'RL.K.9', 'RL.K.10', '']);
  });

  it('orders children by sequenceNumber, else by their codes, not by their place in the file', () => {
    const byNumber = parseCasePackage(
      {
        CFDocument: { identifier: 'doc', title: 'Numbered' },
        CFItems: [item('c', 'Z.1'), item('a', 'A.2'), item('b', 'A.10')],
        CFAssociations: [childOf('c', 'doc', 1), childOf('b', 'doc', 3), childOf('a', 'doc', 2)],
      },
      '/body/package',
    );
    expect(byNumber.competencies.map((c) => [c.code, c.position])).toEqual([
      ['Z.1', 0],
      ['A.2', 1],
      ['A.10', 2],
    ]);
    const byCode = parseCasePackage(
      {
        CFDocument: { identifier: 'doc', title: 'Coded' },
        CFItems: [item('top', '1'), item('x', '1.10'), item('y', '1.2'), item('plain', ''), item('z', '1.1')],
        CFAssociations: [
          childOf('top', 'doc'),
          childOf('x', 'top'),
          childOf('plain', 'top'),
          childOf('y', 'top'),
          childOf('z', 'top'),
        ],
      },
      '/body/package',
    );
    expect(byCode.competencies.map((c) => c.identifier)).toEqual(['top', 'z', 'y', 'x', 'plain']);
  });

  it('keeps lastChangeDateTime as the source gave it, and none when it is not a date', () => {
    const { document, competencies } = parseCasePackage(
      {
        CFDocument: { identifier: 'doc', title: 'Dated', lastChangeDateTime: '2019-05-06T07:08:09Z' },
        CFItems: [
          { ...item('a'), lastChangeDateTime: '2018-01-02T03:04:05+01:00' },
          { ...item('b'), lastChangeDateTime: 'yesterday' },
        ],
        CFAssociations: [childOf('a', 'doc'), childOf('b', 'doc')],
      },
      '/body/package',
    );
    expect(document.lastChangeAt).toBe('2019-05-06T07:08:09.000Z');
    expect(competencies.map((c) => c.lastChangeAt)).toEqual(['2018-01-02T02:04:05.000Z', null]);
  });
});

describe('exporting a framework as a CASE package', () => {
  const lastChangeAt = new Date('2025-04-01T00:00:00Z');
  const framework = {
    id: '01900000-0000-7000-8000-000000000001',
    title: 'Written here',
    description: 'Made in Trellis',
    creator: '',
    version: '',
    caseIdentifier: null,
    caseUri: null,
    ownerName: 'Lakeside District',
    lastChangeAt,
  };
  const competency = (id: string, parentId: string | null, code: string, position: number) => ({
    id,
    parentId,
    code,
    statement: `Statement ${code}`,
    description: '',
    itemType: '',
    caseIdentifier: null,
    caseUri: null,
    position,
    lastChangeAt,
  });
  const list = [
    competency('01900000-0000-7000-8000-0000000000a1', null, 'W.1', 0),
    competency('01900000-0000-7000-8000-0000000000b1', '01900000-0000-7000-8000-0000000000a1', 'W.1.1', 0),
    competency('01900000-0000-7000-8000-0000000000b2', '01900000-0000-7000-8000-0000000000a1', 'W.1.2', 1),
    competency('01900000-0000-7000-8000-0000000000a2', null, 'W.2', 1),
  ];

  it('reads back as the same tree', () => {
    const exported = casePackage('https://trellis.test', framework, list);
    expect(exported.CFItems[1].uri).toBe(
      'https://trellis.test/api/public/competencies/01900000-0000-7000-8000-0000000000b1',
    );
    const { document, competencies } = parseCasePackage(
      JSON.parse(JSON.stringify(exported)),
      '/body/package',
    );
    expect(document).toMatchObject({
      identifier: exported.CFDocument.identifier,
      title: 'Written here',
      creator: 'Lakeside District',
      lastChangeAt: '2025-04-01T00:00:00.000Z',
    });
    const identifierOf = new Map(exported.CFItems.map((i) => [i.uri.split('/').pop(), i.identifier]));
    expect(competencies.map((c) => [c.identifier, c.parentIdentifier, c.position])).toEqual(
      list.map((c) => [identifierOf.get(c.id), c.parentId ? identifierOf.get(c.parentId) : null, c.position]),
    );
  });

  it('gives a framework made in Trellis CASE identifiers (UUID v1–5), stable and derived from its ids', () => {
    const exported = casePackage('https://trellis.test', framework, list);
    const again = casePackage('https://trellis.test', framework, list);
    const identifiers = [exported.CFDocument.identifier, ...exported.CFItems.map((i) => i.identifier)];
    for (const id of identifiers) expect(id).toMatch(CASE_UUID);
    expect(new Set(identifiers).size).toBe(identifiers.length);
    expect(identifiers).not.toContain(framework.id);
    expect(again.CFItems.map((i) => i.identifier)).toEqual(exported.CFItems.map((i) => i.identifier));
    expect(exported.CFDocument.CFPackageURI.identifier).toBe(exported.CFDocument.identifier);
    for (const a of exported.CFAssociations) {
      expect(identifiers).toContain(a.originNodeURI.identifier);
      expect(identifiers).toContain(a.destinationNodeURI.identifier);
    }
  });

  it('keeps an imported item’s identifier and its source’s lastChangeDateTime', () => {
    const source = new Date('2017-06-01T10:00:00Z');
    const imported = {
      ...list[0],
      caseIdentifier: 'a1000000-0000-4000-8000-000000000001',
      lastChangeAt: source,
    };
    const item = casePackage('https://trellis.test', framework, [imported]).CFItems[0];
    expect(item).toMatchObject({
      identifier: 'a1000000-0000-4000-8000-000000000001',
      lastChangeDateTime: '2017-06-01T10:00:00.000Z',
    });
  });

  it('gives each association a stable UUID identifier', () => {
    const once = casePackage('https://trellis.test', framework, list).CFAssociations.map((a) => a.identifier);
    const again = casePackage('https://trellis.test', framework, list).CFAssociations.map(
      (a) => a.identifier,
    );
    expect(once).toEqual(again);
    expect(new Set(once).size).toBe(list.length);
    for (const id of once)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
