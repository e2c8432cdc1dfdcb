import { cruise, type ICruiseResult, type IFlattenedRuleSet } from 'dependency-cruiser';

/**
 * The import rules that keep Trellis's features apart, checked with dependency-cruiser over a tree
 * laid out as `src/server` is (`features/<name>/…`, `platform/…`):
 *
 * - a feature reaches another only through its `index.ts` (its public surface); a feature's
 *   `schema.ts` may also name another feature's tables through that feature's `schema.ts`;
 * - the platform imports no feature;
 * - features do not depend on each other in a circle (tables referring to each other's keys aside).
 *
 * Tests are exempt: they build their world through whatever a feature offers.
 */
export interface BoundaryReport {
  /** `rule: from → to`, one a forbidden import. */
  violations: string[];
  /** Each circle of features, as `a → b → a`. */
  cycles: string[];
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function rules(root: string): IFlattenedRuleSet {
  const r = escapeRegExp(root);
  const test = '\\.test\\.ts$';
  return {
    forbidden: [
      {
        name: 'feature-internals',
        comment: "A feature imports another feature only through that feature's index.ts.",
        severity: 'error',
        from: { path: `^${r}/features/([^/]+)/`, pathNot: [test, `^${r}/features/[^/]+/schema\\.ts$`] },
        to: {
          path: `^${r}/features/[^/]+/`,
          pathNot: [`^${r}/features/$1/`, `^${r}/features/[^/]+/index\\.ts$`],
        },
      },
      {
        name: 'feature-schema',
        comment: "A feature's tables refer to another feature's tables through its schema.ts alone.",
        severity: 'error',
        from: { path: `^${r}/features/([^/]+)/schema\\.ts$` },
        to: {
          path: `^${r}/features/[^/]+/`,
          pathNot: [`^${r}/features/$1/`, `^${r}/features/[^/]+/schema\\.ts$`],
        },
      },
      {
        name: 'platform-imports-feature',
        comment: 'The platform serves every feature and depends on none.',
        severity: 'error',
        from: { path: `^${r}/platform/`, pathNot: test },
        to: { path: `^${r}/features/` },
      },
    ],
  };
}

/** Circles in the graph of features, found as its strongly connected components (Tarjan). */
function featureCycles(result: ICruiseResult, root: string): string[] {
  const feature = new RegExp(`^${escapeRegExp(root)}/features/([^/]+)/(.+)$`);
  const edges = new Map<string, Set<string>>();
  for (const module of result.modules) {
    const from = feature.exec(module.source);
    if (!from || from[2].endsWith('.test.ts') || from[2] === 'schema.ts') continue;
    for (const dependency of module.dependencies) {
      const to = feature.exec(dependency.resolved);
      if (!to || to[1] === from[1]) continue;
      if (!edges.has(from[1])) edges.set(from[1], new Set());
      edges.get(from[1])?.add(to[1]);
    }
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const cycles: string[] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v) as number);
    stack.push(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string | undefined;
    do {
      w = stack.pop() as string;
      component.unshift(w);
    } while (w !== v);
    if (component.length > 1) cycles.push([...component.sort(), component[0]].join(' → '));
  };
  for (const v of [...edges.keys()].sort()) if (!index.has(v)) visit(v);
  return cycles.sort();
}

/** Checks the tree under `root` (a path relative to the working directory, e.g. `src/server`). */
export async function checkBoundaries(root: string): Promise<BoundaryReport> {
  const { output } = await cruise([root], {
    validate: true,
    ruleSet: rules(root),
    includeOnly: `^${escapeRegExp(root)}/`,
    tsPreCompilationDeps: true,
  });
  const result = output as ICruiseResult;
  const violations = result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
  return { violations: [...new Set(violations)].sort(), cycles: featureCycles(result, root) };
}
