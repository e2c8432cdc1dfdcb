import { sql } from 'drizzle-orm';
import { fileTypeFromBuffer } from 'file-type';
import { describe, expect, it } from 'vitest';
import { seedDemo } from '#server/db/seed/demo.ts';
import { onePagePdf, seedResourcesDemo } from '#server/db/seed/resources-demo.ts';
import { setupTestApp } from '#server/test/app.ts';

const t = setupTestApp();

describe('demo library', () => {
  it('writes a PDF that is recognised as one by its content', async () => {
    expect((await fileTypeFromBuffer(onePagePdf(['A title', 'A line'])))?.mime).toBe('application/pdf');
  });

  it('seeds resources for each audience, a bundle with files and its signals, once', async () => {
    const db = t.database.db;
    expect(await seedDemo(db, t.app.storage)).not.toBeNull();
    expect(await seedResourcesDemo(db, t.app.storage)).toBe(0);

    const { rows } = await db.execute<{
      title: string;
      audience: string;
      version: number;
      review_count: number;
      reviews: number;
      tried_count: number;
      tries: number;
      rating: number | null;
      remix_count: number;
      versions: number;
    }>(sql`
      select r.title, r.audience, r.version, r.review_count, r.tried_count, r.rating, r.remix_count,
             (select count(*)::int from resource_reviews v where v.resource_id = r.id) as reviews,
             (select count(*)::int from resource_tries v where v.resource_id = r.id) as tries,
             (select count(*)::int from resource_versions v where v.resource_id = r.id) as versions
        from resources r order by r.created_at`);
    expect(new Set(rows.map((r) => r.audience))).toEqual(
      new Set(['community', 'network', 'public', 'district']),
    );
    for (const r of rows) {
      expect(r.review_count, r.title).toBe(r.reviews);
      expect(r.tried_count, r.title).toBe(r.tries);
      expect(r.version, r.title).toBe(r.versions);
    }
    const bundle = rows.find((r) => r.title.startsWith('Fraction number lines'))!;
    expect(bundle).toMatchObject({ audience: 'community', version: 2 });
    expect(bundle.reviews).toBeGreaterThan(0);
    expect(bundle.rating).toBeGreaterThan(1);
    expect(rows.find((r) => r.title === 'Three-minute exit ticket protocol')?.remix_count).toBe(1);

    // Every file the versions hold is in storage, byte for byte as recorded.
    const { rows: files } = await db.execute<{ file_key: string; byte_size: number }>(sql`
      select distinct f.file_key, f.byte_size from resource_version_files vf join resource_files f on f.id = vf.file_id`);
    expect(files).toHaveLength(3);
    for (const file of files) expect((await t.app.storage.get(file.file_key))?.size).toBe(file.byte_size);

    const { rows: spread } = await db.execute<{ verb: string; n: number }>(sql`
      select s.verb, count(*)::int as n from statements s
       where s.object_type = 'resource' group by s.verb order by s.verb`);
    const verbs = spread.map((s) => s.verb.split('/').pop());
    expect(verbs).toEqual(expect.arrayContaining(['shared', 'reviewed', 'tried', 'remixed', 'brought-home']));
    const { rows: collection } = await db.execute<{ item_count: number; items: number }>(sql`
      select c.item_count, (select count(*)::int from collection_items i where i.collection_id = c.id) as items
        from collections c`);
    expect(collection).toEqual([{ item_count: 3, items: 3 }]);
  });
});
