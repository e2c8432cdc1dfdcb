import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import {
  HELD_ROLE_KINDS,
  HELD_ROLE_LABELS,
  type HeldRoleKind,
  REQUIREMENT_KINDS,
  type RequirementInput,
  type RequirementKind,
} from '#shared/contracts/pathways.ts';
import { ErrorMessage, Notice, PageHeading } from '#web/components/feedback.tsx';
import { SelectField, TextField } from '#web/components/field.tsx';
import { FormActions } from '#web/components/form-actions.tsx';
import {
  useDefineLadder,
  usePaySettings,
  usePublishedCredentials,
  useSavePaySettings,
  useStaffSearch,
} from '#web/features/pathways/api/pathways.ts';
import { useSession } from '#web/features/session/api/session.ts';
import { ApiError } from '#web/lib/api-client.ts';

const KIND_LABELS: Record<RequirementKind, string> = {
  credential: 'A credential held',
  learning_hours: 'Hours of learning',
  experience: 'Years of experience',
  role_held: 'A role held',
  manual: 'Confirmed by an administrator',
};

interface RequirementDraft {
  key: number;
  kind: RequirementKind;
  credentialId: string;
  hours: string;
  windowMonths: string;
  years: string;
  roleKind: HeldRoleKind;
  label: string;
}
interface RoleDraft {
  key: number;
  title: string;
  stipend: string;
  releaseTime: string;
  termMonths: string;
  payCode: string;
  requirements: RequirementDraft[];
}

let drafts = 0;
const newRequirement = (): RequirementDraft => ({
  key: ++drafts,
  kind: 'credential',
  credentialId: '',
  hours: '',
  windowMonths: '',
  years: '',
  roleKind: 'pathway_role',
  label: '',
});
const newRole = (): RoleDraft => ({
  key: ++drafts,
  title: '',
  stipend: '',
  releaseTime: '',
  termMonths: '',
  payCode: '',
  requirements: [],
});

function requirementOf(r: RequirementDraft): RequirementInput {
  const label = r.label.trim() || undefined;
  switch (r.kind) {
    case 'credential':
      return { kind: 'credential', credentialId: r.credentialId, label };
    case 'learning_hours':
      return {
        kind: 'learning_hours',
        hours: Number(r.hours),
        windowMonths: r.windowMonths ? Number(r.windowMonths) : undefined,
        label,
      };
    case 'experience':
      return { kind: 'experience', years: Number(r.years), label };
    case 'role_held':
      return { kind: 'role_held', roleKind: r.roleKind, label };
    case 'manual':
      return { kind: 'manual', label: r.label };
  }
}

/** A district's (or network's) administrators define career ladders and the stipend export's pay codes here. */
export default function AdminPathwaysPage() {
  const session = useSession();
  const user = session.data?.user;
  if (!user) return null;
  const owners = [
    ...(user.roles.includes('district_admin') ? [{ id: user.districtId, name: 'My district' }] : []),
    ...user.networkAdminOf.map((id, i) => ({ id, name: `My network ${i + 1}` })),
  ];
  return (
    <section className="page">
      <p>
        <Link to="/pathways">Back to pathways</Link>
      </p>
      <PageHeading>Career ladders and stipends</PageHeading>
      {owners.length === 0 ? (
        <p>Only district and network administrators define ladders.</p>
      ) : (
        <LadderForm owners={owners} />
      )}
      {user.roles.includes('district_admin') && (
        <>
          <FindPerson districtId={user.districtId} />
          <Stipends districtId={user.districtId} />
        </>
      )}
    </section>
  );
}

function LadderForm({ owners }: { owners: { id: string; name: string }[] }) {
  const define = useDefineLadder();
  const credentials = usePublishedCredentials();
  const [ownerOrgId, setOwner] = useState(owners[0].id);
  const [title, setTitle] = useState('');
  const [roles, setRoles] = useState<RoleDraft[]>([newRole()]);
  const [saved, setSaved] = useState<string | null>(null);
  const problem = define.error instanceof ApiError ? define.error.problem.errors : [];
  const fieldError = (path: string) => problem.find((e) => e.path.startsWith(path))?.message;
  const setRole = (i: number, change: Partial<RoleDraft>) =>
    setRoles((rs) => rs.map((r, j) => (j === i ? { ...r, ...change } : r)));
  const setRequirement = (i: number, k: number, change: Partial<RequirementDraft>) =>
    setRole(i, { requirements: roles[i].requirements.map((r, j) => (j === k ? { ...r, ...change } : r)) });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    define.mutate(
      {
        ownerOrgId,
        title,
        roles: roles.map((r) => ({
          title: r.title,
          stipendCents: r.stipend.trim() ? Math.round(Number(r.stipend) * 100) : null,
          releaseTime: r.releaseTime,
          termMonths: r.termMonths ? Number(r.termMonths) : null,
          payCode: r.payCode,
          requirements: r.requirements.map(requirementOf),
        })),
      },
      {
        onSuccess: (res) => {
          setSaved(res.data.title);
          setTitle('');
          setRoles([newRole()]);
        },
      },
    );
  };
  return (
    <form onSubmit={submit} aria-label="Define a ladder" noValidate>
      <h2>Define a ladder</h2>
      {saved && <Notice>Saved the ladder “{saved}”.</Notice>}
      {problem.length === 0 && define.error && <ErrorMessage error={define.error} />}
      {owners.length > 1 && (
        <SelectField label="For" value={ownerOrgId} onChange={(e) => setOwner(e.target.value)}>
          {owners.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </SelectField>
      )}
      <TextField
        label="Ladder title"
        value={title}
        onChange={(e) => setTitle(e.target.value)}
        error={fieldError('/body/title')}
      />
      {roles.map((role, i) => (
        <fieldset key={role.key} className="pathways-role">
          <legend>Step {i + 1}</legend>
          <TextField
            label={`Step ${i + 1} role title`}
            value={role.title}
            onChange={(e) => setRole(i, { title: e.target.value })}
            error={fieldError(`/body/roles/${i}/title`)}
          />
          <TextField
            label={`Step ${i + 1} stipend (dollars)`}
            inputMode="decimal"
            value={role.stipend}
            onChange={(e) => setRole(i, { stipend: e.target.value })}
            error={fieldError(`/body/roles/${i}/stipendCents`)}
          />
          <TextField
            label={`Step ${i + 1} release time`}
            value={role.releaseTime}
            onChange={(e) => setRole(i, { releaseTime: e.target.value })}
          />
          <TextField
            label={`Step ${i + 1} term (months)`}
            inputMode="numeric"
            value={role.termMonths}
            onChange={(e) => setRole(i, { termMonths: e.target.value })}
            error={fieldError(`/body/roles/${i}/termMonths`)}
          />
          {role.requirements.map((r, k) => {
            const at = `/body/roles/${i}/requirements/${k}`;
            const name = `Step ${i + 1} requirement ${k + 1}`;
            return (
              <div key={r.key} className="pathways-requirement">
                <SelectField
                  label={`${name}: kind`}
                  value={r.kind}
                  onChange={(e) => setRequirement(i, k, { kind: e.target.value as RequirementKind })}
                >
                  {REQUIREMENT_KINDS.map((kind) => (
                    <option key={kind} value={kind}>
                      {KIND_LABELS[kind]}
                    </option>
                  ))}
                </SelectField>
                {r.kind === 'credential' && (
                  <SelectField
                    label={`${name}: credential`}
                    value={r.credentialId}
                    onChange={(e) => setRequirement(i, k, { credentialId: e.target.value })}
                    error={fieldError(`${at}/credentialId`)}
                  >
                    <option value="">Choose a credential</option>
                    {(credentials.data ?? []).map((c) => (
                      <option key={c.id} value={c.id}>
                        {c.title}
                      </option>
                    ))}
                  </SelectField>
                )}
                {r.kind === 'learning_hours' && (
                  <>
                    <TextField
                      label={`${name}: hours`}
                      inputMode="decimal"
                      value={r.hours}
                      onChange={(e) => setRequirement(i, k, { hours: e.target.value })}
                      error={fieldError(`${at}/hours`)}
                    />
                    <TextField
                      label={`${name}: within the last months`}
                      inputMode="numeric"
                      value={r.windowMonths}
                      onChange={(e) => setRequirement(i, k, { windowMonths: e.target.value })}
                      error={fieldError(`${at}/windowMonths`)}
                    />
                  </>
                )}
                {r.kind === 'experience' && (
                  <TextField
                    label={`${name}: years`}
                    inputMode="decimal"
                    value={r.years}
                    onChange={(e) => setRequirement(i, k, { years: e.target.value })}
                    error={fieldError(`${at}/years`)}
                  />
                )}
                {r.kind === 'role_held' && (
                  <SelectField
                    label={`${name}: role`}
                    value={r.roleKind}
                    onChange={(e) => setRequirement(i, k, { roleKind: e.target.value as HeldRoleKind })}
                    error={fieldError(`${at}/heldRoleId`)}
                    hint="“Held the role” means the step before this one."
                  >
                    {HELD_ROLE_KINDS.map((kind) => (
                      <option key={kind} value={kind}>
                        {HELD_ROLE_LABELS[kind]}
                      </option>
                    ))}
                  </SelectField>
                )}
                <TextField
                  label={`${name}: ${r.kind === 'manual' ? 'what the administrator confirms' : 'label (optional)'}`}
                  value={r.label}
                  onChange={(e) => setRequirement(i, k, { label: e.target.value })}
                  error={fieldError(`${at}/label`)}
                />
                <button
                  type="button"
                  className="link-button"
                  onClick={() => setRole(i, { requirements: role.requirements.filter((_, j) => j !== k) })}
                >
                  Remove {name.toLowerCase()}
                </button>
              </div>
            );
          })}
          <button
            type="button"
            className="button button--secondary"
            onClick={() => setRole(i, { requirements: [...role.requirements, newRequirement()] })}
          >
            Add a requirement to step {i + 1}
          </button>
        </fieldset>
      ))}
      <p>
        <button
          type="button"
          className="button button--secondary"
          onClick={() => setRoles([...roles, newRole()])}
        >
          Add a step
        </button>
      </p>
      <FormActions label="Save the ladder" pending={define.isPending} />
    </form>
  );
}

function Stipends({ districtId }: { districtId: string }) {
  const settings = usePaySettings(districtId);
  const save = useSavePaySettings(districtId);
  const today = new Date().toISOString().slice(0, 10);
  const [from, setFrom] = useState(`${today.slice(0, 7)}-01`);
  const [to, setTo] = useState(today);
  const problem = save.error instanceof ApiError ? save.error.problem.errors : [];
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    save.mutate({
      rolePayCode: String(form.get('rolePayCode') ?? ''),
      mentoringPayCode: String(form.get('mentoringPayCode') ?? ''),
      mentoringHourlyCents: Math.round(Number(form.get('rate') ?? 0) * 100),
    });
  };
  return (
    <section aria-labelledby="stipends-heading">
      <h2 id="stipends-heading">Stipends</h2>
      {settings.data && (
        <form onSubmit={submit} aria-label="Pay codes" noValidate>
          {save.isSuccess && <Notice>Saved the pay codes.</Notice>}
          <TextField
            label="Pay code for leadership roles"
            name="rolePayCode"
            defaultValue={settings.data.data.rolePayCode}
            hint="Used for roles that name no pay code of their own"
            error={problem.find((e) => e.path === '/body/rolePayCode')?.message}
          />
          <TextField
            label="Pay code for mentoring"
            name="mentoringPayCode"
            defaultValue={settings.data.data.mentoringPayCode}
          />
          <TextField
            label="Mentoring rate per hour (dollars)"
            name="rate"
            inputMode="decimal"
            defaultValue={(settings.data.data.mentoringHourlyCents / 100).toFixed(2)}
            error={problem.find((e) => e.path === '/body/mentoringHourlyCents')?.message}
          />
          <FormActions label="Save the pay codes" pending={save.isPending} />
        </form>
      )}
      <h3>Export for payroll</h3>
      <TextField label="From" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
      <TextField label="To" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
      <p>
        <a
          className="button"
          href={`/api/districts/${districtId}/stipends.csv?from=${from}&to=${to}`}
          download
        >
          Download the stipends CSV
        </a>
      </p>
    </section>
  );
}

/** Finds a person of the district by name, to confirm their years of experience and requirements met by hand. */
function FindPerson({ districtId }: { districtId: string }) {
  const [q, setQ] = useState('');
  const found = useStaffSearch(q, districtId);
  return (
    <section aria-labelledby="confirm-heading">
      <h2 id="confirm-heading">Confirm for a person</h2>
      <TextField
        label="Find a person by name"
        value={q}
        onChange={(e) => setQ(e.target.value)}
        hint="Years of experience and interviews are confirmed by an administrator, never by the person."
      />
      {(found.data ?? []).length > 0 && (
        <ul className="plain-list">
          {(found.data ?? []).map((p) => (
            <li key={p.id}>
              <Link to={`/admin/pathways/people/${p.id}`}>{p.name}</Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
