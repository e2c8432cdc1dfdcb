import { type ComponentType, lazy } from 'react';
import type { CycleKind, PhaseKey } from '#shared/contracts/inquiry.ts';

/** What a phase's panel is given: the cycle, and the phase it stands for (PDSA's one panel serves four). */
export interface PhasePanelProps {
  cycleId: string;
  phase: PhaseKey;
}

type Panel = ComponentType<PhasePanelProps>;

/**
 * A lazily loaded panel. Each panel takes the props of its own kind's phases (PDSA's only PDSA
 * phase keys), which the cycle page gives it, as it looks panels up by the cycle's kind.
 */
const panel = <P extends { cycleId: string }>(load: () => Promise<{ default: ComponentType<P> }>): Panel =>
  lazy(load) as unknown as Panel;

/**
 * The panel of each phase of each kind of cycle, each in its own file here, loaded when opened. A
 * phase whose panel is not built yet is `null`: the cycle page lists the phase and its dates and
 * shows nothing more, so nothing half-built is reachable.
 */
export const PHASE_PANELS: Record<CycleKind, Partial<Record<PhaseKey, Panel | null>>> = {
  lesson_study: {
    study: panel(() => import('./study.tsx')),
    plan: panel(() => import('./plan.tsx')),
    teach: panel(() => import('./observe.tsx')),
    reflect: panel(() => import('./reflect.tsx')),
    revise: panel(() => import('./revise.tsx')),
  },
  pdsa: {
    plan: panel(() => import('./pdsa.tsx')),
    do: panel(() => import('./pdsa.tsx')),
    study: panel(() => import('./pdsa.tsx')),
    act: panel(() => import('./pdsa.tsx')),
  },
};

/** The panel of a phase, or null when none is built. */
export const phasePanel = (kind: CycleKind, phase: PhaseKey): Panel | null =>
  PHASE_PANELS[kind][phase] ?? null;
