import { type FormEvent, useEffect, useId, useState } from 'react';
import { Link } from 'react-router';
import { ConfirmStep, useConfirmStep } from '#web/components/confirm-step.tsx';
import { SelectField, TextField } from '#web/components/field.tsx';
import { ErrorMessage, Loading, Notice } from '#web/components/feedback.tsx';
import { PagedTable } from '#web/components/paged-table.tsx';
import type { ApiScope } from '#shared/contracts/integrations.ts';
import type { IdentityLink, UnmatchedIdentity } from '#shared/contracts/lrs-identities.ts';
import { useStaff } from '#web/features/admin/api/list-staff.ts';
import { useCreateApiClient } from '#web/features/integrations/api/create-api-client.ts';
import {
  ReadDistrictWarning,
  type Revealed,
  SecretReveal,
} from '#web/features/integrations/components/api-clients-manager.tsx';
import { ApiError } from '#web/lib/api-client.ts';
import { formatWhen } from '#web/lib/format.ts';
import { useIdentityLinks } from '../api/list-identity-links.ts';
import { useUnmatchedIdentities } from '../api/list-unmatched-identities.ts';
import { useLrsSettings, useUpdateLrsSettings } from '../api/lrs-settings.ts';
import { useMapIdentity } from '../api/map-identity.ts';
import { useUnmapIdentity } from '../api/unmap-identity.ts';

const KIND_WORDS: Record<UnmatchedIdentity['kind'], string> = {
  mbox: 'Email',
  mbox_sha1sum: 'Email (hashed)',
  openid: 'OpenID',
  account: 'Account',
};

/**
 * The district's learning record store: where tools send xAPI statements, credentials for a new
 * tool, the home page of the district's own systems, and the identities that matched no one.
 */
export function LrsAdmin() {
  const [message, setMessage] = useState<string | null>(null);
  return (
    <div>
      <p>
        Learning tools (your LMS, a conference app, a video platform) report what your staff learn as xAPI
        statements. Statements whose person Trellis recognises appear in that person’s learning log; the
        others wait below until you say whose they are.
      </p>
      {message && <Notice>{message}</Notice>}
      <ConnectTool />
      <HomePageForm />
      <UnmatchedIdentities onMapped={setMessage} />
      <MappedIdentities onUnmapped={setMessage} />
    </div>
  );
}

function ConnectTool() {
  const settings = useLrsSettings();
  const create = useCreateApiClient();
  const [name, setName] = useState('');
  const [readOwn, setReadOwn] = useState(true);
  const [readDistrict, setReadDistrict] = useState(false);
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  const fieldError = (field: string) =>
    create.error instanceof ApiError ? create.error.fieldError(field) : undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const scopes: ApiScope[] = [
      'xapi:write',
      ...(readOwn ? (['xapi:read:own'] as const) : []),
      ...(readDistrict ? (['xapi:read:district'] as const) : []),
    ];
    create.mutate(
      { name, scopes },
      {
        onSuccess: ({ data }) => {
          setName('');
          setReadDistrict(false);
          setRevealed({ ...data, rotated: false });
        },
      },
    );
  };
  return (
    <section aria-labelledby="lrs-connect-heading">
      <h2 id="lrs-connect-heading">Connect a learning tool</h2>
      {settings.data && (
        <p>
          Tools send statements to <code>{settings.data.data.endpoint}</code> with HTTP Basic authentication,
          using credentials made here for each tool. You can revoke them under{' '}
          <Link to="/admin/api-clients">API clients</Link>.
        </p>
      )}
      {revealed ? (
        <SecretReveal client={revealed} onDone={() => setRevealed(null)} />
      ) : (
        <form onSubmit={submit} noValidate aria-labelledby="lrs-connect-form-heading">
          <h3 id="lrs-connect-form-heading">Create LRS credentials</h3>
          <ErrorMessage error={create.error} />
          <TextField
            label="Tool name"
            hint="Which tool will use them, e.g. “District Canvas”, so you know what to revoke later."
            required
            maxLength={100}
            value={name}
            error={fieldError('name')}
            onChange={(e) => setName(e.target.value)}
          />
          <fieldset className="field">
            <legend>What the tool may do</legend>
            <p className="field__hint">
              It may always send statements and keep its state and profile documents.
            </p>
            <label className="checkbox">
              <input type="checkbox" checked={readOwn} onChange={(e) => setReadOwn(e.target.checked)} />
              Read back the statements it sent (<code>xapi:read:own</code>)
            </label>
            <label className="checkbox">
              <input
                type="checkbox"
                checked={readDistrict}
                onChange={(e) => setReadDistrict(e.target.checked)}
              />
              Read every statement of the district (<code>xapi:read:district</code>)
            </label>
          </fieldset>
          {readDistrict && <ReadDistrictWarning />}
          <button type="submit" className="button" disabled={create.isPending || !name.trim()}>
            {create.isPending ? 'Creating…' : 'Create LRS credentials'}
          </button>
        </form>
      )}
    </section>
  );
}

function HomePageForm() {
  const settings = useLrsSettings();
  const update = useUpdateLrsSettings();
  const [homePage, setHomePage] = useState('');
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (settings.data) setHomePage(settings.data.data.homePage ?? '');
  }, [settings.data]);
  if (settings.isPending) return <Loading label="Loading the LRS settings…" />;
  if (settings.isError) return <ErrorMessage error={settings.error} />;
  const fieldError = update.error instanceof ApiError ? update.error.fieldError('homePage') : undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    update.mutate({ homePage: homePage.trim() || null }, { onSuccess: () => setSaved(true) });
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="lrs-home-heading">
      <h2 id="lrs-home-heading">Your tools’ home page</h2>
      <p>
        A statement names its person by email, or by an account on a home page. Accounts on{' '}
        <code>{settings.data.data.trellisHomePage}</code> always name Trellis people. If your tools name
        people by accounts of another system (your LMS, say) whose names are Trellis ids, emails or roster
        ids, give its home page here.
      </p>
      {update.isError && !fieldError && <ErrorMessage error={update.error} />}
      <TextField
        label="Home page of your other systems"
        hint="For example https://lms.yourdistrict.org. Leave empty for none."
        type="url"
        value={homePage}
        error={fieldError}
        onChange={(e) => {
          setSaved(false);
          setHomePage(e.target.value);
        }}
      />
      <button type="submit" className="button button--secondary" disabled={update.isPending}>
        {update.isPending ? 'Saving…' : 'Save home page'}
      </button>{' '}
      <span role="status">{saved ? 'Saved.' : ''}</span>
    </form>
  );
}

type UnmatchedRow = UnmatchedIdentity & { id: string };

function UnmatchedIdentities({ onMapped }: { onMapped: (message: string) => void }) {
  const unmatched = useUnmatchedIdentities();
  const headingId = useId();
  const query = {
    ...unmatched,
    data: unmatched.data && {
      pages: unmatched.data.pages.map((page) => ({
        data: page.data.map((item) => ({ ...item, id: item.key })),
      })),
    },
  };
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>Unmatched identities</h2>
      <p>
        People that statements name but Trellis does not recognise. Map one to a staff member to add its
        statements to their learning log.
      </p>
      <PagedTable<UnmatchedRow>
        query={query}
        label="Unmatched identities"
        headingId={headingId}
        loadingLabel="Loading unmatched identities…"
        empty={{
          title: 'Every statement matched someone',
          body: <p>Statements no one matches will be listed here.</p>,
        }}
        columns={['Identity', 'Statements', 'Last seen', 'Sent by']}
        noun="identities"
        row={(item) => <UnmatchedRowCells item={item} onMapped={onMapped} />}
      />
    </section>
  );
}

function UnmatchedRowCells({ item, onMapped }: { item: UnmatchedRow; onMapped: (message: string) => void }) {
  const confirm = useConfirmStep();
  return (
    <>
      <td>
        <span className="muted">{KIND_WORDS[item.kind]}: </span>
        <span style={{ wordBreak: 'break-all' }}>{item.label}</span>
        {item.name && <div className="muted">Named “{item.name}”</div>}
      </td>
      <td>{item.statements}</td>
      <td>{formatWhen(item.lastSeen)}</td>
      <td>{item.tools.map((tool) => tool.name).join(', ') || '—'}</td>
      <td>
        {confirm.open ? (
          <MapForm item={item} onCancel={confirm.close} onMapped={onMapped} />
        ) : (
          <button
            type="button"
            className="button button--secondary"
            ref={confirm.opener}
            onClick={confirm.start}
            aria-label={`Map ${item.label} to a staff member`}
          >
            Map…
          </button>
        )}
      </td>
    </>
  );
}

function MapForm({
  item,
  onCancel,
  onMapped,
}: {
  item: UnmatchedRow;
  onCancel: () => void;
  onMapped: (message: string) => void;
}) {
  const [search, setSearch] = useState(item.kind === 'mbox' ? item.label.split('@')[0] : (item.name ?? ''));
  const [debounced, setDebounced] = useState(search);
  const [userId, setUserId] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(search), 250);
    return () => clearTimeout(timer);
  }, [search]);
  const staff = useStaff({ q: debounced || undefined, status: 'active' });
  const people = staff.data?.pages.flatMap((page) => page.data) ?? [];
  const map = useMapIdentity();
  const chosen = people.find((p) => p.id === userId);
  return (
    <ConfirmStep
      tone="primary"
      prompt={`Whose is ${item.label}? Its ${item.statements} statement${item.statements === 1 ? '' : 's'} will appear in their learning log, and later ones will match at once.`}
      confirmLabel="Map identity"
      pending={map.isPending}
      error={map.error}
      onConfirm={() => {
        if (!userId) return;
        // The row leaves the list once the mapping lands, so the message is passed up from the
        // promise: a callback given to mutate() is skipped when its component has unmounted.
        map
          .mutateAsync({ key: item.key, userId })
          .then((result) =>
            onMapped(
              `${item.label} is now ${chosen?.name ?? 'mapped'}: ${result.matched} statement${result.matched === 1 ? '' : 's'} matched, ${result.logged} added to the learning log.`,
            ),
          )
          .catch(() => {}); // shown through map.error
      }}
      onCancel={onCancel}
    >
      <TextField
        label="Find a staff member"
        hint="Search by name or email."
        value={search}
        onChange={(e) => {
          setSearch(e.target.value);
          setUserId('');
        }}
      />
      <SelectField
        label="Staff member"
        value={userId}
        onChange={(e) => setUserId(e.target.value)}
        hint={
          staff.isPending ? 'Searching…' : people.length === 0 ? 'No one matches that search.' : undefined
        }
      >
        <option value="">Choose a person</option>
        {people.map((person) => (
          <option key={person.id} value={person.id}>
            {person.name} ({person.email})
          </option>
        ))}
      </SelectField>
    </ConfirmStep>
  );
}

function MappedIdentities({ onUnmapped }: { onUnmapped: (message: string) => void }) {
  const links = useIdentityLinks();
  const headingId = useId();
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>Mapped identities</h2>
      <PagedTable<IdentityLink>
        query={links}
        label="Mapped identities"
        headingId={headingId}
        loadingLabel="Loading mapped identities…"
        empty={{ title: 'No identities mapped by hand yet' }}
        columns={['Identity', 'Staff member', 'Mapped']}
        noun="mapped identities"
        row={(link) => <MappedRowCells link={link} onUnmapped={onUnmapped} />}
      />
    </section>
  );
}

function MappedRowCells({ link, onUnmapped }: { link: IdentityLink; onUnmapped: (message: string) => void }) {
  const confirm = useConfirmStep();
  const unmap = useUnmapIdentity();
  return (
    <>
      <td>
        <span className="muted">{KIND_WORDS[link.kind]}: </span>
        <span style={{ wordBreak: 'break-all' }}>{link.label}</span>
      </td>
      <td>
        {link.person.name} <span className="muted">({link.person.email})</span>
      </td>
      <td>
        {formatWhen(link.createdAt)}
        {link.createdBy && ` by ${link.createdBy.name}`}
      </td>
      <td>
        {confirm.open ? (
          <ConfirmStep
            prompt={`Unmap ${link.label}? Its statements leave ${link.person.name}’s learning log and are listed as unmatched again.`}
            confirmLabel="Unmap identity"
            pending={unmap.isPending}
            error={unmap.error}
            onConfirm={
              () =>
                unmap
                  .mutateAsync(link.id)
                  .then((result) =>
                    onUnmapped(
                      `${link.label} is no longer ${link.person.name}: ${result.unmatched} statement${result.unmatched === 1 ? '' : 's'} unmatched.`,
                    ),
                  )
                  .catch(() => {}) // shown through unmap.error
            }
            onCancel={confirm.close}
          />
        ) : (
          <button
            type="button"
            className="button button--secondary"
            ref={confirm.opener}
            onClick={confirm.start}
            aria-label={`Unmap ${link.label}`}
          >
            Unmap
          </button>
        )}
      </td>
    </>
  );
}
