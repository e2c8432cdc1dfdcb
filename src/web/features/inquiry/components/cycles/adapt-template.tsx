import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import type { TemplateView } from '#shared/contracts/inquiry.ts';
import { ErrorMessage, Notice } from '#web/components/feedback.tsx';
import { SelectField, TextField } from '#web/components/field.tsx';
import { FormActions } from '#web/components/form-actions.tsx';
import { ApiError, api } from '#web/lib/api-client.ts';
import { cycleKeys, useTemplates } from '../../api/cycles.ts';

const pathError = (error: unknown, path: string) =>
  error instanceof ApiError ? error.problem.errors.find((e) => e.path === path)?.message : undefined;

/**
 * A network administrator adapts a built-in template for the network's cycles: its name, and each
 * phase's title and length in days (a phase of 0 days is left out).
 */
export function AdaptTemplate({ networkId }: { networkId: string }) {
  const templates = useTemplates();
  const client = useQueryClient();
  const [baseId, setBaseId] = useState('classic_lesson_study');
  const [saved, setSaved] = useState<string | null>(null);
  const adapt = useMutation({
    mutationFn: (body: unknown) =>
      api<{ data: TemplateView }>(`/networks/${networkId}/inquiry-templates`, { method: 'POST', body }),
    onSuccess: (made) => {
      setSaved(made.data.name);
      void client.invalidateQueries({ queryKey: cycleKeys.templates });
    },
  });
  const builtIn = (templates.data ?? []).filter((t) => t.networkId === null);
  const base: TemplateView | undefined = builtIn.find((t) => t.id === baseId);
  if (!base) return null;
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setSaved(null);
    adapt.mutate({
      base: base.base,
      name: String(form.get('name') ?? ''),
      phases: base.phases
        .map((p) => ({
          key: p.key,
          title: String(form.get(`${p.key}-title`) ?? ''),
          guidance: p.guidance,
          days: Number(form.get(`${p.key}-days`) ?? 0),
        }))
        .filter((p) => p.days > 0),
    });
  };
  return (
    <details>
      <summary>Adapt a template for the network</summary>
      <form onSubmit={submit} aria-label="Adapt a template" noValidate key={baseId}>
        <SelectField label="Start from" value={baseId} onChange={(e) => setBaseId(e.target.value)}>
          {builtIn.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </SelectField>
        <TextField label="Name" name="name" required error={pathError(adapt.error, '/body/name')} />
        {base.phases.map((p, i) => (
          <fieldset key={p.key} className="cycle-dates">
            <legend>{p.title}</legend>
            <TextField
              label="Title"
              name={`${p.key}-title`}
              defaultValue={p.title}
              error={pathError(adapt.error, `/body/phases/${i}/title`)}
            />
            <TextField
              label="Days (0 leaves it out)"
              name={`${p.key}-days`}
              type="number"
              min={0}
              max={365}
              defaultValue={p.days}
              error={pathError(adapt.error, `/body/phases/${i}/days`)}
            />
          </fieldset>
        ))}
        {adapt.error && !(adapt.error instanceof ApiError && adapt.error.problem.errors.length) && (
          <ErrorMessage error={adapt.error} />
        )}
        {saved && <Notice>“{saved}” is ready for the network’s cycles.</Notice>}
        <FormActions label="Save the template" pending={adapt.isPending} />
      </form>
    </details>
  );
}
