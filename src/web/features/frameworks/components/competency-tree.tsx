import { useRef, useState } from 'react';
import type { Competency, FrameworkDetail } from '#shared/contracts/frameworks.ts';
import { ConfirmStep, useConfirmStep } from '#web/components/confirm-step.tsx';
import { EmptyState, ErrorMessage } from '#web/components/feedback.tsx';
import { useAddCompetency, useDeleteCompetency, useUpdateCompetency } from '../api/competencies.ts';
import { CompetencyForm } from './competency-form.tsx';

type Children = Map<string | null, Competency[]>;

/** The competencies under each parent (null: the top level), in order. */
function childrenByParent(list: Competency[]): Children {
  const ids = new Set(list.map((c) => c.id));
  const children: Children = new Map();
  for (const c of list) {
    const parent = c.parentId && ids.has(c.parentId) ? c.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), c]);
  }
  for (const siblings of children.values()) siblings.sort((a, b) => a.position - b.position);
  return children;
}

/** The competency and everything under it. */
function selfAndBelow(id: string, children: Children): Set<string> {
  const found = new Set([id]);
  const stack = [id];
  for (let next = stack.pop(); next; next = stack.pop())
    for (const child of children.get(next) ?? []) {
      found.add(child.id);
      stack.push(child.id);
    }
  return found;
}

const nameOf = (c: Competency) => (c.code ? `${c.code} ${c.statement}` : c.statement);

interface TreeContext {
  framework: FrameworkDetail;
  children: Children;
  canManage: boolean;
  /** Said politely after a change, for screen readers. */
  announce: (message: string) => void;
}

/** An admin's controls for one competency: edit (and move under another), add under, reorder, delete. */
function CompetencyControls({
  competency,
  siblingCount,
  context,
}: {
  competency: Competency;
  siblingCount: number;
  context: TreeContext;
}) {
  const { framework, children, announce } = context;
  const [mode, setMode] = useState<'idle' | 'edit' | 'add'>('idle');
  const editButton = useRef<HTMLButtonElement>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  const update = useUpdateCompetency(framework.id, competency.id);
  const add = useAddCompetency(framework.id);
  const remove = useDeleteCompetency(framework.id, competency.id);
  const step = useConfirmStep();
  const name = nameOf(competency);

  const close = (button: HTMLButtonElement | null) => {
    setMode('idle');
    update.reset();
    add.reset();
    requestAnimationFrame(() => button?.focus());
  };
  const move = (position: number) =>
    update.mutate(
      { position },
      { onSuccess: () => announce(`Moved ${name} to place ${position + 1} of ${siblingCount}.`) },
    );
  const below = selfAndBelow(competency.id, children);
  const parents = framework.competencies.filter((c) => !below.has(c.id));

  return (
    <div className="competency-controls">
      <div className="actions">
        <button
          ref={editButton}
          type="button"
          className="button button--secondary button--small"
          aria-expanded={mode === 'edit'}
          aria-label={`Edit ${name}`}
          onClick={() => setMode('edit')}
        >
          Edit
        </button>
        <button
          ref={addButton}
          type="button"
          className="button button--secondary button--small"
          aria-expanded={mode === 'add'}
          aria-label={`Add a competency under ${name}`}
          onClick={() => setMode('add')}
        >
          Add under
        </button>
        <button
          type="button"
          className="button button--secondary button--small"
          aria-label={`Move ${name} up`}
          disabled={competency.position === 0 || update.isPending}
          onClick={() => move(competency.position - 1)}
        >
          Up
        </button>
        <button
          type="button"
          className="button button--secondary button--small"
          aria-label={`Move ${name} down`}
          disabled={competency.position >= siblingCount - 1 || update.isPending}
          onClick={() => move(competency.position + 1)}
        >
          Down
        </button>
        {!step.open && (
          <button
            ref={step.opener}
            type="button"
            className="button button--danger button--small"
            aria-label={`Delete ${name}`}
            onClick={step.start}
          >
            Delete
          </button>
        )}
      </div>
      {mode === 'idle' && update.isError && <ErrorMessage error={update.error} />}
      {step.open && (
        <ConfirmStep
          prompt={`Delete “${name}”?`}
          confirmLabel="Delete the competency"
          pending={remove.isPending}
          error={remove.error}
          onConfirm={() => remove.mutate(undefined, { onSuccess: () => announce(`Deleted ${name}.`) })}
          onCancel={() => {
            remove.reset();
            step.close();
          }}
        />
      )}
      {mode === 'edit' && (
        <CompetencyForm
          competency={competency}
          parents={parents}
          legend={`Edit ${name}`}
          submitLabel="Save competency"
          pending={update.isPending}
          error={update.error}
          onCancel={() => close(editButton.current)}
          onSubmit={(values) =>
            update.mutate(values, {
              onSuccess: () => {
                announce(`Saved ${values.code ? `${values.code} ` : ''}${values.statement}.`);
                close(editButton.current);
              },
            })
          }
        />
      )}
      {mode === 'add' && (
        <CompetencyForm
          legend={`New competency under ${name}`}
          submitLabel="Add competency"
          pending={add.isPending}
          error={add.error}
          onCancel={() => close(addButton.current)}
          onSubmit={(values) =>
            add.mutate(
              { ...values, parentId: competency.id },
              {
                onSuccess: () => {
                  announce(`Added ${values.statement} under ${name}.`);
                  close(addButton.current);
                },
              },
            )
          }
        />
      )}
    </div>
  );
}

function CompetencyNode({
  competency,
  siblingCount,
  context,
}: {
  competency: Competency;
  siblingCount: number;
  context: TreeContext;
}) {
  const kids = context.children.get(competency.id) ?? [];
  return (
    <li className="competency-node">
      <div className="competency-node__body">
        <p className="competency-node__statement">
          {competency.code && <span className="competency-code">{competency.code}</span>}{' '}
          {competency.statement}
        </p>
        {competency.description && (
          <p className="muted competency-node__description">{competency.description}</p>
        )}
        {context.canManage && (
          <CompetencyControls competency={competency} siblingCount={siblingCount} context={context} />
        )}
      </div>
      {kids.length > 0 && (
        <ul>
          {kids.map((child) => (
            <CompetencyNode key={child.id} competency={child} siblingCount={kids.length} context={context} />
          ))}
        </ul>
      )}
    </li>
  );
}

/** Adds a competency at the top level of the framework. */
function AddTopLevel({ framework, announce }: { framework: FrameworkDetail; announce: (m: string) => void }) {
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const add = useAddCompetency(framework.id);
  const close = () => {
    setOpen(false);
    add.reset();
    requestAnimationFrame(() => opener.current?.focus());
  };
  return open ? (
    <CompetencyForm
      legend="New top-level competency"
      submitLabel="Add competency"
      pending={add.isPending}
      error={add.error}
      onCancel={close}
      onSubmit={(values) =>
        add.mutate(
          { ...values, parentId: null },
          {
            onSuccess: () => {
              announce(`Added ${values.statement}.`);
              close();
            },
          },
        )
      }
    />
  ) : (
    <p>
      <button ref={opener} type="button" className="button" onClick={() => setOpen(true)}>
        Add a top-level competency
      </button>
    </p>
  );
}

/**
 * A framework's competencies as nested lists, each with its code; the owner's admins edit, add,
 * reorder and delete them in place.
 */
export function CompetencyTree({ framework }: { framework: FrameworkDetail }) {
  const [status, setStatus] = useState('');
  const children = childrenByParent(framework.competencies);
  const top = children.get(null) ?? [];
  const context: TreeContext = {
    framework,
    children,
    canManage: framework.viewer.canManage,
    announce: setStatus,
  };
  return (
    <section aria-labelledby="competencies-heading" className="competency-tree">
      <h2 id="competencies-heading">Competencies</h2>
      <p className="visually-hidden" role="status" aria-live="polite">
        {status}
      </p>
      {top.length === 0 ? (
        <EmptyState title="No competencies yet">
          {framework.viewer.canManage ? (
            <p>Add the framework’s first domain or competency below.</p>
          ) : (
            <p>Its administrators have not added any yet.</p>
          )}
        </EmptyState>
      ) : (
        <ul className="competency-tree__root">
          {top.map((c) => (
            <CompetencyNode key={c.id} competency={c} siblingCount={top.length} context={context} />
          ))}
        </ul>
      )}
      {framework.viewer.canManage && <AddTopLevel framework={framework} announce={setStatus} />}
    </section>
  );
}
