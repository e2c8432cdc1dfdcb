import platformData from '#server/platform/data.ts';
import { type DeclaredTable, declaredTables, type FeatureData } from '#server/platform/data-classes.ts';

/**
 * Every feature's data declaration and the platform's. Read when used, not when this module loads:
 * the feature list includes this feature, so a load-time import would go round in a circle.
 */
export async function allData(): Promise<FeatureData[]> {
  const { features } = await import('#server/features/index.ts');
  return [platformData, ...features.flatMap((f) => (f.data ? [f.data] : []))];
}

/** Every declared table, by name. */
export async function allTables(): Promise<DeclaredTable[]> {
  return declaredTables(await allData());
}
