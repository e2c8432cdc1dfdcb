import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  addPlanRow,
  cellText,
  diffPlans,
  fromBase64,
  planRows,
  planText,
  readPlan,
  setRowRemoved,
  toBase64,
} from './lesson-plan.ts';

function twoCopies() {
  const a = new Y.Doc();
  addPlanRow(a, 'r1', { activities: 'Pose the task' });
  addPlanRow(a, 'r2', { activities: 'Compare solutions' });
  const b = new Y.Doc();
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
  return { a, b };
}

describe('the plan document', () => {
  it('merges edits made apart in the same cell, keeping both', () => {
    const { a, b } = twoCopies();
    cellText(planRows(a).get(0), 'responses')?.insert(0, 'Counts marks.');
    cellText(planRows(b).get(0), 'responses')?.insert(0, 'Counts spaces.');
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const text = readPlan(a).rows[0].cells.responses;
    expect(text).toContain('Counts marks.');
    expect(text).toContain('Counts spaces.');
    expect(readPlan(b)).toEqual(readPlan(a));
  });

  it('keeps the words typed in a row another person removed at the same time', () => {
    const { a, b } = twoCopies();
    setRowRemoved(a, 'r2', true);
    cellText(planRows(b).get(1), 'support')?.insert(0, 'Fraction strips');
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    expect(readPlan(a).rows[1]).toMatchObject({
      id: 'r2',
      removed: true,
      cells: { support: 'Fraction strips' },
    });
  });

  it('lists a revision’s changes row by row against the plan before it', () => {
    const { a, b } = twoCopies();
    planText(b, 'goals').insert(0, 'Reason about size');
    cellText(planRows(b).get(0), 'activities')?.insert(13, ' on a number line');
    setRowRemoved(b, 'r2', true);
    addPlanRow(b, 'r3', { notice: 'Who uses benchmarks?' });
    const changes = diffPlans(readPlan(a), readPlan(b));
    expect(changes.goals).toEqual([{ kind: 'added', text: 'Reason about size' }]);
    expect(changes.title).toBeNull();
    expect(changes.rows.map((r) => [r.id, r.change])).toEqual([
      ['r1', 'changed'],
      ['r2', 'removed'],
      ['r3', 'added'],
    ]);
    const added = changes.rows[0].cells.activities?.filter((p) => p.kind === 'added').map((p) => p.text);
    expect(added?.join('').trim()).toBe('on a number line');
    expect(changes.rows[0].cells.support).toBeNull();
  });

  it('carries updates as base64 and back unchanged', () => {
    const bytes = new Uint8Array(70_000).map((_, i) => i % 256);
    expect(fromBase64(toBase64(bytes))).toEqual(bytes);
  });
});
