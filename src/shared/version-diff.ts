import { diffWords } from 'diff';
import type { ResourceChanges, ResourceKind, TextPart } from './contracts/resources.ts';
import type { Licence } from './licences.ts';

/** A file or link of a version, as far as comparing versions needs it. */
export type DiffItem =
  | { type: 'file'; fileId: string; filename: string; commentary: string }
  | { type: 'link'; url: string; title: string; commentary: string };

/** The parts of a version of a resource that can change from one version to the next. */
export interface VersionContent {
  kind: ResourceKind;
  title: string;
  summary: string;
  notesMd: string;
  subjects: string[];
  gradeBands: string[];
  alignments: string[];
  licence: Licence;
  items: DiffItem[];
}

/** Word-level changes from one text to another, or null when the text did not change. */
export function diffText(before: string, after: string): TextPart[] | null {
  if (before === after) return null;
  return diffWords(before, after).map((c) => ({
    kind: c.added ? 'added' : c.removed ? 'removed' : 'same',
    text: c.value,
  }));
}

function diffList(before: string[], after: string[]) {
  const was = new Set(before);
  const is = new Set(after);
  return { added: after.filter((x) => !was.has(x)), removed: before.filter((x) => !is.has(x)) };
}

/** A file is the same file by its id; a link the same link by its address. */
const itemKey = (item: DiffItem) => (item.type === 'file' ? `file:${item.fileId}` : `link:${item.url}`);
const itemRef = (item: DiffItem) => ({
  key: itemKey(item),
  type: item.type,
  label: item.type === 'file' ? item.filename : item.title || item.url,
});

/**
 * What changed from version `a` to version `b` of a resource: word changes in the title, summary
 * and notes, values changed, tags added and removed, and files and links added, removed or with
 * new commentary. Pure, so the page, the API and the tests agree.
 */
export function diffVersions(a: VersionContent, b: VersionContent): ResourceChanges {
  const before = new Map(a.items.map((i) => [itemKey(i), i]));
  const after = new Map(b.items.map((i) => [itemKey(i), i]));
  const commentaryChanged = b.items.flatMap((item) => {
    const old = before.get(itemKey(item));
    const commentary = old ? diffText(old.commentary, item.commentary) : null;
    return commentary ? [{ ...itemRef(item), commentary }] : [];
  });
  const changes = {
    title: diffText(a.title, b.title),
    summary: diffText(a.summary, b.summary),
    notes: diffText(a.notesMd, b.notesMd),
    kind: a.kind === b.kind ? null : { from: a.kind, to: b.kind },
    licence: a.licence === b.licence ? null : { from: a.licence, to: b.licence },
    subjects: diffList(a.subjects, b.subjects),
    gradeBands: diffList(a.gradeBands, b.gradeBands),
    alignments: diffList(a.alignments, b.alignments),
    items: {
      added: b.items.filter((i) => !before.has(itemKey(i))).map(itemRef),
      removed: a.items.filter((i) => !after.has(itemKey(i))).map(itemRef),
      commentaryChanged,
    },
  };
  const same =
    !changes.title &&
    !changes.summary &&
    !changes.notes &&
    !changes.kind &&
    !changes.licence &&
    [changes.subjects, changes.gradeBands, changes.alignments, changes.items].every(
      (l) => l.added.length === 0 && l.removed.length === 0,
    ) &&
    commentaryChanged.length === 0;
  return { ...changes, same };
}
