import { describe, expect, it } from 'vitest';
import { diffText, diffVersions, type VersionContent } from './version-diff.ts';

const base: VersionContent = {
  kind: 'performance_task',
  title: 'Fractions on a number line',
  summary: 'Students place fractions on a number line.',
  notesMd: 'Start with halves.',
  subjects: ['Mathematics'],
  gradeBands: ['3-5'],
  alignments: ['fractions'],
  licence: 'cc-by',
  items: [
    { type: 'file', fileId: 'f1', filename: 'task.pdf', commentary: 'The task.' },
    { type: 'file', fileId: 'f2', filename: 'rubric.docx', commentary: 'The rubric.' },
    { type: 'link', url: 'https://example.org/a', title: 'Article', commentary: '' },
  ],
};

describe('diffText', () => {
  it('is null when the text did not change', () => {
    expect(diffText('same words', 'same words')).toBeNull();
  });

  it('marks the words added and removed, keeping the rest', () => {
    const parts = diffText('place fractions on a line', 'place unit fractions on a number line');
    expect(parts?.filter((p) => p.kind === 'added').map((p) => p.text.trim())).toEqual(['unit', 'number']);
    expect(parts?.filter((p) => p.kind === 'removed')).toEqual([]);
    expect(parts?.map((p) => p.text).join('')).toBe('place unit fractions on a number line');
  });

  it('shows a replaced word as removed then added', () => {
    const parts = diffText('grade 3 task', 'grade 4 task') ?? [];
    expect(parts).toContainEqual({ kind: 'removed', text: '3' });
    expect(parts).toContainEqual({ kind: 'added', text: '4' });
  });
});

describe('diffVersions', () => {
  it('finds nothing between a version and itself', () => {
    const changes = diffVersions(base, structuredClone(base));
    expect(changes.same).toBe(true);
    expect(changes.title).toBeNull();
    expect(changes.items).toEqual({ added: [], removed: [], commentaryChanged: [] });
  });

  it('reports changed values, tags added and removed, and word changes', () => {
    const changes = diffVersions(base, {
      ...base,
      kind: 'assessment_bundle',
      licence: 'cc-by-sa',
      title: 'Fractions on a number line for grade 4',
      gradeBands: ['3-5', '6-8'],
      alignments: ['number sense'],
      notesMd: 'Start with thirds.',
    });
    expect(changes.same).toBe(false);
    expect(changes.kind).toEqual({ from: 'performance_task', to: 'assessment_bundle' });
    expect(changes.licence).toEqual({ from: 'cc-by', to: 'cc-by-sa' });
    expect(changes.gradeBands).toEqual({ added: ['6-8'], removed: [] });
    expect(changes.alignments).toEqual({ added: ['number sense'], removed: ['fractions'] });
    expect(changes.subjects).toEqual({ added: [], removed: [] });
    expect(changes.title?.some((p) => p.kind === 'added' && p.text.includes('grade'))).toBe(true);
    expect(changes.notes).toContainEqual({ kind: 'removed', text: 'halves' });
    expect(changes.notes).toContainEqual({ kind: 'added', text: 'thirds' });
    expect(changes.summary).toBeNull();
  });

  it('tells files and links added, removed and with new commentary apart', () => {
    const changes = diffVersions(base, {
      ...base,
      items: [
        { type: 'file', fileId: 'f1', filename: 'task.pdf', commentary: 'The revised task.' },
        { type: 'file', fileId: 'f3', filename: 'student-work.pdf', commentary: 'Names removed.' },
        { type: 'link', url: 'https://example.org/a', title: 'Article', commentary: '' },
      ],
    });
    expect(changes.items.added).toEqual([{ key: 'file:f3', type: 'file', label: 'student-work.pdf' }]);
    expect(changes.items.removed).toEqual([{ key: 'file:f2', type: 'file', label: 'rubric.docx' }]);
    expect(changes.items.commentaryChanged).toHaveLength(1);
    expect(changes.items.commentaryChanged[0]).toMatchObject({ key: 'file:f1', label: 'task.pdf' });
    expect(changes.items.commentaryChanged[0].commentary).toContainEqual({ kind: 'added', text: 'revised ' });
  });

  it('counts a link whose address changed as one removed and one added', () => {
    const changes = diffVersions(base, {
      ...base,
      items: [
        ...base.items.slice(0, 2),
        { type: 'link', url: 'https://example.org/b', title: 'Article', commentary: '' },
      ],
    });
    expect(changes.items.added.map((i) => i.key)).toEqual(['link:https://example.org/b']);
    expect(changes.items.removed.map((i) => i.key)).toEqual(['link:https://example.org/a']);
  });
});
