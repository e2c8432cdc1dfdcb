import { describe, expect, it } from 'vitest';
import { accessFrom } from './policy.ts';
import type { AccessRow } from './queries.ts';

const OWNER = '0190a0b0-0000-7000-8000-000000000001';
const VIEWER = '0190a0b0-0000-7000-8000-000000000002';

const row = (grant: Partial<AccessRow> | null): AccessRow => ({
  id: '0190a0b0-0000-7000-8000-0000000000aa',
  owner_id: OWNER,
  district_id: '0190a0b0-0000-7000-8000-0000000000dd',
  status: 'ready',
  grant_id: grant ? '0190a0b0-0000-7000-8000-000000000099' : null,
  clip_start: null,
  clip_end: null,
  hide_comments: grant ? false : null,
  may_comment: grant ? true : null,
  ...grant,
});

describe('who may do what with a video', () => {
  it.each([
    [
      'the owner',
      row(null),
      OWNER,
      { view: true, manage: true, comment: true, seeComments: true, clip: null },
    ],
    ['someone without a grant', row(null), VIEWER, null],
    [
      'a colleague granted the whole video',
      row({}),
      VIEWER,
      { view: true, manage: false, comment: true, reply: true, clip: null },
    ],
    [
      'a community member granted a clip with comments hidden',
      row({ clip_start: 10, clip_end: 40, hide_comments: true, may_comment: false }),
      VIEWER,
      { view: true, manage: false, comment: false, seeComments: false, clip: { start: 10, end: 40 } },
    ],
    [
      'a member who may see comments but not write them',
      row({ may_comment: false }),
      VIEWER,
      { seeComments: true, comment: false, reply: false },
    ],
  ])('%s', (_name, access, userId, expected) => {
    const result = accessFrom(access, userId);
    if (expected === null) expect(result).toBeNull();
    else expect(result).toMatchObject(expected);
  });

  it('gives nothing for a video that does not exist', () => {
    expect(accessFrom(null, VIEWER)).toBeNull();
  });
});
