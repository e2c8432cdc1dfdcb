import { type FormEvent, useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { CreditImportResponse } from '#shared/contracts/credit.ts';
import { EmptyState, ErrorMessage, Loading, Notice } from '#web/components/feedback.tsx';
import { SelectField, TextField } from '#web/components/field.tsx';
import { TableWrap } from '#web/components/table-wrap.tsx';
import { AdminPage } from '#web/features/admin/components/admin-nav.tsx';
import { useImportCredit } from '#web/features/learning/credit/api/transcripts.ts';
import {
  useArchiveCreditType,
  useCreditSettings,
  useCreditTypes,
  useSaveCreditSettings,
} from '#web/features/learning/credit/api/types.ts';
import { CreditTypeForm } from '#web/features/learning/credit/components/credit-type-form.tsx';
import { hoursText, kindText } from '#web/features/learning/credit/components/format.ts';
import { useSession } from '#web/features/session/api/session.ts';
import { api } from '#web/lib/api-client.ts';

type Person = { id: string; name: string; email: string };

/** Who approves: principals of teachers' schools, or named district PD staff. */
function ApproverSettings() {
  const settings = useCreditSettings();
  const save = useSaveCreditSettings();
  const [approver, setApprover] = useState<'principal' | 'pd_staff'>('principal');
  const [staff, setStaff] = useState<Person[]>([]);
  const [q, setQ] = useState('');
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (settings.data) {
      setApprover(settings.data.approver);
      setStaff(settings.data.pdStaff);
    }
  }, [settings.data]);
  const found = useQuery({
    queryKey: ['credit', 'staff-search', q],
    queryFn: async () =>
      (await api<{ data: Person[] }>('/staff', { query: { q, status: 'active', limit: 8 } })).data,
    enabled: q.trim().length >= 2,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    save.mutate({ approver, pdStaffIds: staff.map((s) => s.id) }, { onSuccess: () => setSaved(true) });
  };
  if (settings.isPending) return <Loading />;
  if (settings.isError) return <ErrorMessage error={settings.error} />;
  return (
    <form className="card credit-form" onSubmit={submit} noValidate>
      <fieldset>
        <legend>Who approves credit</legend>
        <label className="checkbox">
          <input
            type="radio"
            name="approver"
            checked={approver === 'principal'}
            onChange={() => setApprover('principal')}
          />
          The principal of the teacher's school (PD staff approve for schools without one)
        </label>
        <label className="checkbox">
          <input
            type="radio"
            name="approver"
            checked={approver === 'pd_staff'}
            onChange={() => setApprover('pd_staff')}
          />
          District PD staff
        </label>
      </fieldset>
      <fieldset>
        <legend>District PD staff</legend>
        {staff.length === 0 ? (
          <p className="muted">No one yet.</p>
        ) : (
          <ul className="plain-list">
            {staff.map((s) => (
              <li key={s.id}>
                {s.name} <span className="muted">{s.email}</span>{' '}
                <button
                  type="button"
                  className="link-button"
                  onClick={() => setStaff(staff.filter((x) => x.id !== s.id))}
                >
                  Remove {s.name}
                </button>
              </li>
            ))}
          </ul>
        )}
        <TextField
          label="Find a colleague to add"
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
        {found.data && found.data.length > 0 && (
          <ul className="plain-list">
            {found.data
              .filter((p) => !staff.some((s) => s.id === p.id))
              .map((p) => (
                <li key={p.id}>
                  <button type="button" className="link-button" onClick={() => setStaff([...staff, p])}>
                    Add {p.name}
                  </button>{' '}
                  <span className="muted">{p.email}</span>
                </li>
              ))}
          </ul>
        )}
      </fieldset>
      <ErrorMessage error={save.error} />
      {saved && <Notice>Approvers saved.</Notice>}
      <div className="actions">
        <button type="submit" className="button" disabled={save.isPending}>
          {save.isPending ? 'Saving…' : 'Save approvers'}
        </button>
      </div>
    </form>
  );
}

function CreditTypes() {
  const types = useCreditTypes();
  const archive = useArchiveCreditType();
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  if (types.isPending) return <Loading />;
  if (types.isError) return <ErrorMessage error={types.error} />;
  return (
    <>
      {types.data.data.length === 0 && (
        <EmptyState title="No credit types yet">
          <p>Create clock hours, CEUs or license-renewal hours so teachers can submit their learning.</p>
        </EmptyState>
      )}
      <ul className="bare-list">
        {types.data.data.map((t) => (
          <li key={t.id} className="card">
            {editing === t.id ? (
              <CreditTypeForm type={t} onDone={() => setEditing(null)} />
            ) : (
              <>
                <h3>
                  {t.name} {t.archived && <span className="chip">Archived</span>}
                </h3>
                <p className="muted">
                  Counts {t.kinds.map(kindText).join(', ')}
                  {t.autoApproveKinds.length > 0 &&
                    `; approves ${t.autoApproveKinds.map(kindText).join(', ')} automatically`}
                  {t.renewalCycleYears &&
                    `; renewal: ${hoursText(t.renewalHoursRequired ?? 0)} hours every ${t.renewalCycleYears} years`}
                  {t.allowDoubleCounting ? '; may count alongside other types' : '; never counted twice'}
                </p>
                <p className="actions">
                  <button
                    type="button"
                    className="button button--small button--secondary"
                    onClick={() => setEditing(t.id)}
                  >
                    Change {t.name}
                  </button>
                  <button
                    type="button"
                    className="link-button"
                    disabled={archive.isPending}
                    onClick={() => archive.mutate({ id: t.id, archived: !t.archived })}
                  >
                    {t.archived ? `Restore ${t.name}` : `Archive ${t.name}`}
                  </button>
                </p>
              </>
            )}
          </li>
        ))}
      </ul>
      <ErrorMessage error={archive.error} />
      {editing === 'new' ? (
        <CreditTypeForm onDone={() => setEditing(null)} />
      ) : (
        <p>
          <button type="button" className="button" onClick={() => setEditing('new')}>
            New credit type
          </button>
        </p>
      )}
    </>
  );
}

const ACTION_WORDS = { import: 'Import', skip_duplicate: 'Already imported', error: 'Problem' } as const;

/** Past PD from the old system: choose a CSV, see the dry run, then import. */
function ImportHistory() {
  const importing = useImportCredit();
  const [csv, setCsv] = useState<string | null>(null);
  const [plan, setPlan] = useState<CreditImportResponse['data'] | null>(null);
  const run = (dryRun: boolean) => {
    if (csv === null) return;
    importing.mutate({ csv, dryRun }, { onSuccess: setPlan });
  };
  return (
    <div className="card credit-form">
      <p className="muted">
        A CSV with the columns <code>staff_id</code> (the roster's) or <code>email</code>, <code>title</code>,{' '}
        <code>kind</code>, <code>date</code> (YYYY-MM-DD), <code>hours</code>, <code>credit_type</code>, and
        optionally <code>provider</code>, <code>approved_by</code>, <code>approved_on</code>. Nothing changes
        until you import after the dry run; importing the same rows again adds nothing.
      </p>
      <div className="field">
        <label htmlFor="credit-import-file">PD history CSV</label>
        <input
          id="credit-import-file"
          type="file"
          accept=".csv,text/csv"
          onChange={async (e) => {
            const file = e.target.files?.[0];
            setPlan(null);
            importing.reset();
            setCsv(file ? await file.text() : null);
          }}
        />
      </div>
      <div className="actions">
        <button
          type="button"
          className="button button--secondary"
          disabled={csv === null || importing.isPending}
          onClick={() => run(true)}
        >
          {importing.isPending ? 'Checking…' : 'Dry run'}
        </button>
        {plan?.dryRun && plan.counts.error === 0 && plan.counts.import > 0 && (
          <button type="button" className="button" disabled={importing.isPending} onClick={() => run(false)}>
            Import {plan.counts.import} entr{plan.counts.import === 1 ? 'y' : 'ies'}
          </button>
        )}
      </div>
      <ErrorMessage error={importing.error} />
      {plan && (
        <>
          {plan.applied ? (
            <Notice>
              <p>
                Imported {plan.counts.import} past entries as approved credit
                {plan.counts.skipDuplicate ? `; ${plan.counts.skipDuplicate} were already imported` : ''}.
              </p>
            </Notice>
          ) : (
            <p role="status">
              Dry run: {plan.counts.import} to import, {plan.counts.skipDuplicate} already imported,{' '}
              {plan.counts.error} with problems
              {plan.counts.error ? ' (fix them in the file and choose it again)' : ''}.
            </p>
          )}
          <TableWrap label="Rows of the import">
            <table>
              <thead>
                <tr>
                  <th scope="col">Line</th>
                  <th scope="col">Person</th>
                  <th scope="col">Title</th>
                  <th scope="col">Date</th>
                  <th scope="col">Hours</th>
                  <th scope="col">Credit type</th>
                  <th scope="col">Result</th>
                </tr>
              </thead>
              <tbody>
                {plan.rows.map((r) => (
                  <tr key={r.line}>
                    <td>{r.line}</td>
                    <td>{r.personName ?? r.person}</td>
                    <td>{r.title}</td>
                    <td>{r.date}</td>
                    <td>{r.hours ?? ''}</td>
                    <td>{r.creditType}</td>
                    <td>
                      {ACTION_WORDS[r.action]}
                      {r.problems.length > 0 && `: ${r.problems.join('; ')}`}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      )}
    </div>
  );
}

/** Approved credit as CSV for HR or the state's licensure system. */
function ExportCredit() {
  const types = useCreditTypes();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [typeId, setTypeId] = useState('');
  const query = new URLSearchParams();
  if (from) query.set('from', from);
  if (to) query.set('to', to);
  if (typeId) query.set('creditTypeId', typeId);
  const bad = Boolean(from && to && from > to);
  return (
    <div className="card credit-form">
      <TextField
        label="Learning from (optional)"
        type="date"
        value={from}
        onChange={(e) => setFrom(e.target.value)}
      />
      <TextField
        label="Learning to (optional)"
        type="date"
        value={to}
        onChange={(e) => setTo(e.target.value)}
        error={bad ? 'must not be before the first day' : undefined}
      />
      <SelectField label="Credit type" value={typeId} onChange={(e) => setTypeId(e.target.value)}>
        <option value="">All credit types</option>
        {(types.data?.data ?? []).map((t) => (
          <option key={t.id} value={t.id}>
            {t.name}
          </option>
        ))}
      </SelectField>
      <p>
        {bad ? (
          <span className="muted">Choose a period that ends after it starts.</span>
        ) : (
          <a className="button" href={`/api/credit/export?${query.toString()}`} download>
            Download approved credit (CSV)
          </a>
        )}
      </p>
    </div>
  );
}

/** District credit settings: approvers, credit types and their rules, past PD import and the HR export. */
export default function AdminCreditPage() {
  const session = useSession();
  const roles = session.data?.user.roles ?? [];
  return (
    <AdminPage
      title="Credit"
      isAdmin={roles.includes('district_admin') || roles.includes('platform_admin')}
      development={session.data?.development}
    >
      <h2>Approvers</h2>
      <ApproverSettings />
      <h2>Credit types</h2>
      <CreditTypes />
      <h2>Import past PD</h2>
      <ImportHistory />
      <h2>Export for HR and licensure</h2>
      <ExportCredit />
    </AdminPage>
  );
}
