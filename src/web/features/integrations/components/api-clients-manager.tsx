import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { Link } from 'react-router';
import { ConfirmStep, useConfirmStep } from '#web/components/confirm-step.tsx';
import { TextField } from '#web/components/field.tsx';
import { EmptyState, ErrorMessage, Loading, Notice } from '#web/components/feedback.tsx';
import { LoadMore } from '#web/components/paged-list.tsx';
import {
  API_SCOPE_NAMES,
  API_SCOPES,
  type ApiClient,
  type ApiClientAbilities,
  type ApiClientWithSecretResponse,
  type ApiScope,
} from '#shared/contracts/integrations.ts';
import { ApiError } from '#web/lib/api-client.ts';
import { formatWhen } from '#web/lib/format.ts';
import { useCreateApiClient } from '../api/create-api-client.ts';
import { useApiClients } from '../api/list-api-clients.ts';
import { useRetireApiClientSecret } from '../api/retire-api-client-secret.ts';
import { useRevokeApiClient } from '../api/revoke-api-client.ts';
import { useRotateApiClient } from '../api/rotate-api-client.ts';

export type Revealed = ApiClientWithSecretResponse['data'] & { rotated: boolean };

/** Where xAPI tools send statements: this Trellis's address and `/xapi/`. */
export const lrsEndpoint = () => `${window.location.origin}/xapi/`;

const isLrsClient = (scopes: readonly string[]) => scopes.some((s) => s.startsWith('xapi:'));

/** The district's API clients: create one, rotate or retire its secrets, revoke it. */
export function ApiClientsManager() {
  const clients = useApiClients();
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const list = clients.data?.pages.flatMap((page) => page.data) ?? [];
  const show = (data: ApiClientWithSecretResponse['data'], rotated: boolean) => {
    setMessage(null);
    setRevealed({ ...data, rotated });
  };

  return (
    <div>
      <p>
        An API client lets another system (a roster sync, a reporting tool) call Trellis for your district
        without anyone’s sign-in. It reaches only what its scopes say, and only in your district.
      </p>
      <p>
        Connecting a learning tool (an LMS, a conference app, a video platform) that sends xAPI statements?
        Create its credentials on the <Link to="/admin/lrs">Learning record store</Link> page.
      </p>
      {revealed ? (
        <SecretReveal key={revealed.secret} client={revealed} onDone={() => setRevealed(null)} />
      ) : (
        <CreateApiClientForm onCreated={(data) => show(data, false)} />
      )}

      <h2>API clients</h2>
      {message && <Notice>{message}</Notice>}
      {clients.isPending ? (
        <Loading label="Loading API clients…" />
      ) : clients.isError ? (
        <ErrorMessage error={clients.error} />
      ) : list.length === 0 ? (
        <EmptyState title="No API clients yet">
          <p>Create one above when another system needs to reach Trellis.</p>
        </EmptyState>
      ) : (
        <ul className="api-clients" style={{ listStyle: 'none', padding: 0 }}>
          {list.map((client) => (
            <ApiClientItem
              key={client.id}
              client={client}
              abilities={client.abilities}
              onRotated={(data) => show(data, true)}
              onChanged={setMessage}
            />
          ))}
        </ul>
      )}
      <LoadMore query={clients} noun="API clients" />
    </div>
  );
}

function CreateApiClientForm({
  onCreated,
}: {
  onCreated: (data: ApiClientWithSecretResponse['data']) => void;
}) {
  const create = useCreateApiClient();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Set<ApiScope>>(new Set());
  const scopesHint = useId();
  const fieldError = (field: string) =>
    create.error instanceof ApiError ? create.error.fieldError(field) : undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { name, scopes: API_SCOPE_NAMES.filter((s) => scopes.has(s)) },
      {
        onSuccess: ({ data }) => {
          setName('');
          setScopes(new Set());
          onCreated(data);
        },
      },
    );
  };
  const scopesError = fieldError('scopes');
  return (
    <form onSubmit={submit} noValidate aria-labelledby="create-api-client-heading">
      <h2 id="create-api-client-heading">Create an API client</h2>
      <ErrorMessage error={create.error} />
      <TextField
        label="Name"
        hint="Say which system uses it, so you know what to revoke later."
        required
        maxLength={100}
        value={name}
        error={fieldError('name')}
        onChange={(e) => setName(e.target.value)}
      />
      <fieldset className={`field${scopesError ? ' field--invalid' : ''}`} aria-describedby={scopesHint}>
        <legend>Scopes</legend>
        <p className="field__hint" id={scopesHint}>
          Give only what the system needs. Each scope reaches only your district.
        </p>
        {API_SCOPE_NAMES.map((scope) => (
          <div key={scope} className="scope-choice">
            <label className="checkbox">
              <input
                type="checkbox"
                checked={scopes.has(scope)}
                aria-describedby={`${scopesHint}-${scope}`}
                onChange={(e) => {
                  const next = new Set(scopes);
                  if (e.target.checked) next.add(scope);
                  else next.delete(scope);
                  setScopes(next);
                }}
              />
              {API_SCOPES[scope].label} (<code>{scope}</code>)
            </label>
            <p className="field__hint" id={`${scopesHint}-${scope}`}>
              {API_SCOPES[scope].description}
            </p>
          </div>
        ))}
        {scopesError && <p className="field__error">{scopesError}</p>}
      </fieldset>
      {scopes.has('xapi:read:district') && <ReadDistrictWarning />}
      <button
        type="submit"
        className="button"
        disabled={create.isPending || !name.trim() || scopes.size === 0}
      >
        Create API client
      </button>
    </form>
  );
}

/** Said wherever `xapi:read:district` is given: what it lets a tool read. */
export function ReadDistrictWarning() {
  return (
    <div className="notice notice--warning" role="note">
      <p>
        <strong>This tool will read every xAPI statement of your district</strong>: what any of your learning
        tools sent and Trellis’s own activity of your people (meetings attended, resources tried, credentials
        earned), though never what is private to a person or a pair. Give it only to a system your district
        trusts with its people’s learning records.
      </p>
    </div>
  );
}

/** The key and the secret, shown this once, with copy buttons and a plain warning. */
export function SecretReveal({ client, onDone }: { client: Revealed; onDone: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="notice notice--ok" aria-labelledby="api-client-secret-heading">
      <h2 id="api-client-secret-heading" ref={heading} tabIndex={-1}>
        {client.rotated ? `New secret for ${client.name}` : `${client.name} is ready`}
      </h2>
      <p>
        <strong>Copy the secret now: Trellis shows it only this once</strong> and keeps only a fingerprint of
        it. If it is lost, rotate the secret to get a new one.
        {client.rotated && ' The previous secret keeps working until you retire it.'}
      </p>
      {isLrsClient(client.scopes) && (
        <p>
          In the learning tool, enter the LRS endpoint below, and the key as user name and the secret as
          password (HTTP Basic authentication).
        </p>
      )}
      <dl>
        {isLrsClient(client.scopes) && <CopyValue label="LRS endpoint" value={lrsEndpoint()} />}
        <CopyValue label="Key (client id)" value={client.key} />
        <CopyValue label="Secret" value={client.secret} />
        {!isLrsClient(client.scopes) && <CopyValue label="Bearer token (key.secret)" value={client.token} />}
      </dl>
      <p className="muted">
        Send <code>Authorization: Bearer {'<key>.<secret>'}</code>, or HTTP Basic with the key as user name
        and the secret as password.
      </p>
      <button type="button" className="button" onClick={onDone}>
        I have stored the secret
      </button>
    </section>
  );
}

function CopyValue({ label, value }: { label: string; value: string }) {
  const [said, setSaid] = useState('');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setSaid(`${label} copied.`);
    } catch {
      setSaid('Copying is not allowed here; select the text and copy it.');
    }
  };
  return (
    <div style={{ marginBottom: '0.75rem' }}>
      <dt>{label}</dt>
      <dd style={{ margin: 0 }}>
        <code style={{ wordBreak: 'break-all' }}>{value}</code>{' '}
        <button
          type="button"
          className="button button--secondary"
          aria-label={`Copy ${label.toLowerCase()}`}
          onClick={() => void copy()}
        >
          Copy
        </button>{' '}
        <span role="status" className="muted">
          {said}
        </span>
      </dd>
    </div>
  );
}

function ApiClientItem({
  client,
  abilities,
  onRotated,
  onChanged,
}: {
  client: ApiClient;
  abilities: ApiClientAbilities;
  onRotated: (data: ApiClientWithSecretResponse['data']) => void;
  onChanged: (message: string) => void;
}) {
  const rotate = useRotateApiClient();
  const retire = useRetireApiClientSecret();
  const revoke = useRevokeApiClient();
  const confirmRevoke = useConfirmStep();
  const headingId = useId();
  return (
    <li aria-labelledby={headingId} className="card" style={{ marginBottom: '1rem' }}>
      <h3 id={headingId}>
        {client.name}
        {client.revokedAt && <span className="muted"> (revoked)</span>}
      </h3>
      <dl>
        <dt>Key</dt>
        <dd>
          <code>{client.key}</code>
        </dd>
        <dt>Scopes</dt>
        <dd>{client.scopes.map((s) => API_SCOPES[s]?.label ?? s).join(', ')}</dd>
        <dt>Created</dt>
        <dd>
          {formatWhen(client.createdAt)}
          {client.createdBy && ` by ${client.createdBy.name}`}
        </dd>
        <dt>Last used</dt>
        <dd>{client.lastUsedAt ? formatWhen(client.lastUsedAt) : 'Never'}</dd>
        {client.previousSecretCreatedAt && (
          <>
            <dt>Secrets</dt>
            <dd>
              Two work while you rotate: the new one of {formatWhen(client.secretCreatedAt)} and the previous
              one of {formatWhen(client.previousSecretCreatedAt)}.
            </dd>
          </>
        )}
        {client.revokedAt && (
          <>
            <dt>Revoked</dt>
            <dd>{formatWhen(client.revokedAt)}</dd>
          </>
        )}
      </dl>
      <ErrorMessage error={rotate.error ?? retire.error} />
      <div className="actions">
        {abilities.rotate && (
          <button
            type="button"
            className="button button--secondary"
            disabled={rotate.isPending}
            onClick={() => rotate.mutate(client.id, { onSuccess: ({ data }) => onRotated(data) })}
          >
            Rotate secret
          </button>
        )}
        {abilities.retirePreviousSecret && (
          <button
            type="button"
            className="button button--secondary"
            disabled={retire.isPending}
            onClick={() =>
              retire.mutate(client.id, {
                onSuccess: () => onChanged(`The previous secret of ${client.name} no longer works.`),
              })
            }
          >
            Retire previous secret
          </button>
        )}
        {abilities.revoke && !confirmRevoke.open && (
          <button
            type="button"
            className="button button--danger"
            ref={confirmRevoke.opener}
            onClick={confirmRevoke.start}
          >
            Revoke
          </button>
        )}
      </div>
      {confirmRevoke.open && (
        <ConfirmStep
          prompt={`Revoke ${client.name}? Its next request will be refused, and this cannot be undone.`}
          confirmLabel="Revoke API client"
          pending={revoke.isPending}
          error={revoke.error}
          onConfirm={() =>
            revoke.mutate(client.id, {
              onSuccess: () => {
                confirmRevoke.close();
                onChanged(`${client.name} is revoked.`);
              },
            })
          }
          onCancel={confirmRevoke.close}
        />
      )}
    </li>
  );
}
