import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import {
  EVENT_KIND_LABELS,
  EVENT_KINDS,
  EVENT_MODE_LABELS,
  EVENT_MODES,
  type CreateEventBody,
} from '#shared/contracts/events.ts';
import { GRADE_BANDS, SUBJECTS } from '#shared/contracts/profiles.ts';
import { ErrorMessage, Loading, PageHeading } from '#web/components/feedback.tsx';
import { SelectField, TextArea, TextField } from '#web/components/field.tsx';
import { FormActions } from '#web/components/form-actions.tsx';
import { useCreateEvent } from '#web/features/events/api/events.ts';
import { browserZone } from '#web/features/events/components/format.ts';
import { useAudienceOptions } from '#web/features/resources/api/audience-options.ts';
import { useSession } from '#web/features/session/api/session.ts';
import { ApiError } from '#web/lib/api-client.ts';

const fieldError = (error: unknown, field: string) =>
  error instanceof ApiError
    ? error.problem.errors.find((e) => e.path.startsWith(`/body/${field}`))?.message
    : undefined;

const REPEATS = {
  none: 'Does not repeat',
  weekly: 'Every week',
  biweekly: 'Every other week',
  monthly: 'Every month, same weekday',
  rule: 'A rule of my own (RFC 5545)',
} as const;

/** A set of checkboxes sending each value chosen under one name. */
function Choices({ legend, name, values }: { legend: string; name: string; values: readonly string[] }) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      {values.map((v) => (
        <label key={v} className="checkbox">
          <input type="checkbox" name={name} value={v} /> {v}
        </label>
      ))}
    </fieldset>
  );
}

/** Create an event or a series: who puts it on and for whom, where, when and how it repeats, credit, questions. */
export default function NewEventPage() {
  const options = useAudienceOptions();
  const session = useSession();
  const create = useCreateEvent();
  const navigate = useNavigate();
  const [mode, setMode] = useState<string>('in_person');
  const [repeat, setRepeat] = useState<keyof typeof REPEATS>('none');
  if (options.isPending || session.isPending) return <Loading />;
  if (options.error) return <ErrorMessage error={options.error} />;
  const o = options.data;
  const user = session.data?.user;
  const hosts = [
    ...o.networks
      .filter((n) => user?.networkAdminOf.includes(n.id))
      .map((n) => ({ value: `network:${n.id}`, name: `${n.name} (network)` })),
    { value: `district:${o.district.id}`, name: `${o.district.name} (district)` },
    ...o.schools.map((s) => ({ value: `school:${s.id}`, name: `${s.name} (school)` })),
    ...o.communities.map((c) => ({ value: `community:${c.id}`, name: `${c.name} (community)` })),
  ];
  const audiences = [
    { value: 'public:', name: 'Everyone on Trellis' },
    ...o.networks.map((n) => ({ value: `network:${n.id}`, name: `${n.name} (network)` })),
    { value: `district:${o.district.id}`, name: `${o.district.name} (district)` },
    ...o.schools.map((s) => ({ value: `school:${s.id}`, name: `${s.name} (school)` })),
    ...o.communities.map((c) => ({ value: `community:${c.id}`, name: `${c.name} (community)` })),
  ];
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const text = (name: string) => String(f.get(name) ?? '').trim();
    const [hostKind, hostId] = text('host').split(':');
    const [audience, audienceId] = text('audience').split(':');
    const count = Number(text('count') || '1');
    const rule =
      repeat === 'weekly'
        ? `FREQ=WEEKLY;COUNT=${count}`
        : repeat === 'biweekly'
          ? `FREQ=WEEKLY;INTERVAL=2;COUNT=${count}`
          : repeat === 'monthly'
            ? `FREQ=MONTHLY;COUNT=${count}`
            : repeat === 'rule'
              ? text('rule')
              : undefined;
    const questions = [text('question1'), text('question2')]
      .filter(Boolean)
      .map((prompt) => ({ prompt, required: false }));
    create.mutate(
      {
        host: { kind: hostKind as CreateEventBody['host']['kind'], id: hostId },
        audience: audience as CreateEventBody['audience'],
        audienceId: audienceId || null,
        kind: text('kind') as CreateEventBody['kind'],
        title: text('title'),
        description: text('description'),
        mode: mode as CreateEventBody['mode'],
        place: text('place'),
        room: text('room'),
        capacity: text('capacity') ? Number(text('capacity')) : null,
        meetingUrl: text('meetingUrl') || null,
        subjects: f.getAll('subjects').map(String) as CreateEventBody['subjects'],
        gradeBands: f.getAll('gradeBands').map(String) as CreateEventBody['gradeBands'],
        competencies: text('competencies')
          .split(',')
          .map((c) => c.trim())
          .filter(Boolean),
        creditHours: text('creditHours') ? Number(text('creditHours')) : null,
        creditTypeId: null,
        requiresApproval: f.get('requiresApproval') === 'on',
        questions: questions as CreateEventBody['questions'],
        facilitatorIds: [],
        materialIds: [],
        schedule: {
          start: text('start'),
          durationMinutes: Number(text('duration') || '60'),
          timeZone: text('timeZone'),
          ...(rule ? { rule } : {}),
        },
      },
      { onSuccess: (res) => navigate(`/events/${res.data.id}`) },
    );
  };
  return (
    <section className="page">
      <PageHeading>Create an event</PageHeading>
      <form onSubmit={submit} aria-label="Create an event" noValidate>
        <SelectField label="Put on by" name="host" error={fieldError(create.error, 'host')}>
          {hosts.map((h) => (
            <option key={h.value} value={h.value}>
              {h.name}
            </option>
          ))}
        </SelectField>
        <SelectField label="Who may find it" name="audience" error={fieldError(create.error, 'audience')}>
          {audiences.map((a) => (
            <option key={a.value} value={a.value}>
              {a.name}
            </option>
          ))}
        </SelectField>
        <SelectField label="Kind" name="kind" defaultValue="workshop">
          {EVENT_KINDS.map((k) => (
            <option key={k} value={k}>
              {EVENT_KIND_LABELS[k]}
            </option>
          ))}
        </SelectField>
        <TextField
          label="Title"
          name="title"
          required
          maxLength={200}
          error={fieldError(create.error, 'title')}
        />
        <TextArea
          label="Description"
          name="description"
          maxLength={5000}
          rows={4}
          error={fieldError(create.error, 'description')}
        />
        <SelectField
          label="In person or online"
          name="mode"
          value={mode}
          onChange={(e) => setMode(e.target.value)}
        >
          {EVENT_MODES.map((m) => (
            <option key={m} value={m}>
              {EVENT_MODE_LABELS[m]}
            </option>
          ))}
        </SelectField>
        {mode !== 'online' && (
          <>
            <TextField label="Place" name="place" maxLength={200} error={fieldError(create.error, 'place')} />
            <TextField label="Room" name="room" maxLength={100} />
          </>
        )}
        {mode !== 'in_person' && (
          <TextField
            label="Meeting link"
            name="meetingUrl"
            type="url"
            maxLength={500}
            hint="Shown to registrants only."
            error={fieldError(create.error, 'meetingUrl')}
          />
        )}
        <TextField
          label="Seats"
          name="capacity"
          type="number"
          min={1}
          hint="Leave empty for no limit."
          error={fieldError(create.error, 'capacity')}
        />
        <TextField
          label="Starts"
          name="start"
          type="datetime-local"
          required
          error={fieldError(create.error, 'schedule/start')}
        />
        <TextField
          label="Length in minutes"
          name="duration"
          type="number"
          min={5}
          defaultValue={120}
          error={fieldError(create.error, 'schedule/duration')}
        />
        <TextField
          label="Time zone"
          name="timeZone"
          defaultValue={browserZone()}
          error={fieldError(create.error, 'schedule/timeZone')}
        />
        <SelectField
          label="Repeats"
          name="repeat"
          value={repeat}
          onChange={(e) => setRepeat(e.target.value as keyof typeof REPEATS)}
        >
          {Object.entries(REPEATS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </SelectField>
        {repeat !== 'none' && repeat !== 'rule' && (
          <TextField
            label="Number of sessions"
            name="count"
            type="number"
            min={2}
            max={400}
            defaultValue={6}
          />
        )}
        {repeat === 'rule' && (
          <TextField
            label="Recurrence rule"
            name="rule"
            hint="For example FREQ=MONTHLY;BYDAY=1SA;COUNT=9"
            error={fieldError(create.error, 'schedule/rule')}
          />
        )}
        <Choices legend="Subjects" name="subjects" values={SUBJECTS} />
        <Choices legend="Grade bands" name="gradeBands" values={GRADE_BANDS} />
        <TextField label="Competencies" name="competencies" hint="Separate them with commas." />
        <TextField
          label="Credit hours offered"
          name="creditHours"
          type="number"
          min={0}
          step={0.5}
          error={fieldError(create.error, 'creditHours')}
        />
        <label className="checkbox">
          <input type="checkbox" name="requiresApproval" /> In the school day: registrations need the
          principal's approval
        </label>
        <TextField
          label="Registration question"
          name="question1"
          maxLength={200}
          hint="For example: Which grade do you teach?"
        />
        <TextField label="Another question" name="question2" maxLength={200} />
        {create.error && !(create.error instanceof ApiError && create.error.problem.errors.length) && (
          <ErrorMessage error={create.error} />
        )}
        <FormActions label="Create the event" pendingLabel="Creating…" pending={create.isPending} />
      </form>
    </section>
  );
}
