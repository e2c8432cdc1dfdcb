import { type FormEvent, useId, useState } from 'react';
import { ConfirmStep, useConfirmStep } from '#web/components/confirm-step.tsx';
import { SelectField, TextField } from '#web/components/field.tsx';
import { EmptyState, ErrorMessage, Loading, Notice } from '#web/components/feedback.tsx';
import {
  type AccessRequest,
  type Domain,
  defaultIssuer,
  type LinkedIdentity,
  PROVIDER_KIND_LABELS,
  PROVIDER_KINDS,
  type Provider,
  type ProviderKind,
  type SignOnSettings,
} from '#shared/contracts/sso.ts';
import { ApiError } from '#web/lib/api-client.ts';
import { formatWhen } from '#web/lib/format.ts';
import { useClaimDomain } from '../api/claim-domain.ts';
import { useCreateProvider } from '../api/create-provider.ts';
import { useDecideAccessRequest } from '../api/decide-access-request.ts';
import { useDeleteProvider } from '../api/delete-provider.ts';
import { useLinkedIdentities } from '../api/list-linked-identities.ts';
import { useSignOn } from '../api/read-sign-on.ts';
import { useRemoveDomain } from '../api/remove-domain.ts';
import { useSaveSettings } from '../api/save-settings.ts';
import { useUnlinkIdentity } from '../api/unlink-identity.ts';
import { useUpdateProvider } from '../api/update-provider.ts';
import { useSendDomainMail, useVerifyDomainByDns } from '../api/verify-domain.ts';

const fieldError = (error: unknown, field: string) =>
  error instanceof ApiError ? error.fieldError(field) : undefined;

/** The district's single sign-on: providers, domains, whether passwords stay, and waiting requests. */
export function SignOnManager() {
  const overview = useSignOn();
  if (overview.isPending) return <Loading label="Loading single sign-on…" />;
  if (overview.isError) return <ErrorMessage error={overview.error} />;
  const { providers, domains, settings, accessRequests } = overview.data.data;
  const verified = domains.filter((d) => d.verifiedAt);
  return (
    // Issuers, client ids and redirect URIs are long unbroken words: they wrap on a phone.
    <div className="sign-on" style={{ overflowWrap: 'anywhere' }}>
      <p>
        Let your staff sign in with the account your district already gives them. Connect your district’s
        provider, then verify the email domains that are yours: a first sign-in links to a Trellis account
        only when the provider vouches for a verified address in one of those domains.
      </p>
      {providers.length === 0 ? (
        <p className="notice">Not connected: staff sign in with their Trellis password.</p>
      ) : verified.length === 0 ? (
        <p className="notice">
          Connected, but no domain is verified yet: nobody can sign in with the provider until one is.
        </p>
      ) : null}

      <h2>Providers</h2>
      {providers.length === 0 ? (
        <EmptyState title="No sign-on provider connected yet">
          <p>
            Connect Google Workspace, Microsoft Entra ID, Clever, ClassLink or another OpenID provider below.
          </p>
        </EmptyState>
      ) : (
        <ul style={{ listStyle: 'none', padding: 0 }}>
          {providers.map((provider) => (
            <ProviderItem key={provider.id} provider={provider} />
          ))}
        </ul>
      )}
      <ConnectProviderForm />

      <h2>Email domains</h2>
      <DomainsSection domains={domains} />

      <h2>How staff sign in</h2>
      <SettingsForm settings={settings} hasProvider={providers.some((p) => p.enabled)} />

      <h2>Linked sign-ins</h2>
      <LinkedSignIns />

      <h2>Requests for an account</h2>
      {accessRequests.length === 0 ? (
        <p>
          No one is waiting.{' '}
          {settings.unknownPeople === 'request'
            ? 'People your provider vouches for who have no account yet appear here for you to approve.'
            : 'People your provider vouches for who have no account are told to ask an administrator.'}
        </p>
      ) : (
        <ul style={{ listStyle: 'none', padding: 0 }}>
          {accessRequests.map((request) => (
            <AccessRequestItem key={request.id} request={request} />
          ))}
        </ul>
      )}
    </div>
  );
}

function ProviderItem({ provider }: { provider: Provider }) {
  const update = useUpdateProvider();
  const remove = useDeleteProvider();
  const confirm = useConfirmStep();
  const [editing, setEditing] = useState(false);
  const headingId = useId();
  return (
    <li className="card" aria-labelledby={headingId} style={{ marginBottom: '1rem' }}>
      <h3 id={headingId}>
        {provider.name} <span className="muted">({PROVIDER_KIND_LABELS[provider.kind]})</span>
        {!provider.enabled && <span className="muted"> — turned off</span>}
      </h3>
      <dl>
        <dt>Issuer</dt>
        <dd>
          <code>{provider.issuer}</code>
        </dd>
        <dt>Client id</dt>
        <dd>
          <code>{provider.clientId}</code>
        </dd>
        <dt>Client secret</dt>
        <dd>
          {provider.clientSecret === 'set'
            ? 'Set (stored encrypted; never shown again)'
            : 'Not set: a sample configuration. Edit it with your own client id and secret to connect it.'}
        </dd>
        {provider.tenantId && (
          <>
            <dt>Directory (tenant) id</dt>
            <dd>
              <code>{provider.tenantId}</code>
            </dd>
          </>
        )}
        <dt>Redirect URI to register at the provider</dt>
        <dd>
          <code>{provider.redirectUri}</code>
        </dd>
        <dt>Sign-out redirect URI</dt>
        <dd>
          <code>{provider.postLogoutRedirectUri}</code>
        </dd>
      </dl>
      <ErrorMessage error={update.error} />
      {editing ? (
        <EditProviderForm provider={provider} onDone={() => setEditing(false)} />
      ) : (
        <div className="actions">
          <button type="button" className="button button--secondary" onClick={() => setEditing(true)}>
            Edit
          </button>
          <button
            type="button"
            className="button button--secondary"
            disabled={update.isPending}
            onClick={() => update.mutate({ id: provider.id, enabled: !provider.enabled })}
          >
            {provider.enabled ? 'Turn off' : 'Turn on'}
          </button>
          <button
            type="button"
            className="button button--danger"
            ref={confirm.opener}
            onClick={confirm.start}
          >
            Disconnect
          </button>
        </div>
      )}
      {confirm.open && (
        <ConfirmStep
          prompt={`Disconnect ${provider.name}? People linked through it sign in another way until it is connected again.`}
          confirmLabel="Disconnect"
          tone="danger"
          pending={remove.isPending}
          error={remove.error}
          onConfirm={() => remove.mutate(provider.id, { onSuccess: confirm.close })}
          onCancel={confirm.close}
        />
      )}
    </li>
  );
}

function EditProviderForm({ provider, onDone }: { provider: Provider; onDone: () => void }) {
  const update = useUpdateProvider();
  const [name, setName] = useState(provider.name);
  const [clientId, setClientId] = useState(provider.clientId);
  const [clientSecret, setClientSecret] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate(
      {
        id: provider.id,
        name,
        ...(clientId !== provider.clientId ? { clientId } : {}),
        ...(clientSecret ? { clientSecret } : {}),
      },
      { onSuccess: onDone },
    );
  };
  return (
    <form onSubmit={submit} noValidate aria-label={`Edit ${provider.name}`}>
      <ErrorMessage error={update.error} />
      <TextField
        label="Button name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={fieldError(update.error, 'name')}
      />
      <TextField
        label="Client id"
        value={clientId}
        onChange={(e) => setClientId(e.target.value)}
        error={fieldError(update.error, 'clientId')}
      />
      <TextField
        label="New client secret"
        hint="Leave empty to keep the stored secret; a changed client id needs its secret again."
        type="password"
        autoComplete="off"
        value={clientSecret}
        onChange={(e) => setClientSecret(e.target.value)}
        error={fieldError(update.error, 'clientSecret')}
      />
      <div className="actions">
        <button type="submit" className="button" disabled={update.isPending}>
          {update.isPending ? 'Checking the provider…' : 'Save'}
        </button>
        <button type="button" className="button button--secondary" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function ConnectProviderForm() {
  const create = useCreateProvider();
  const [kind, setKind] = useState<ProviderKind>('google');
  const [name, setName] = useState('');
  const [issuer, setIssuer] = useState(defaultIssuer('google'));
  const [tenantId, setTenantId] = useState('');
  const [clientId, setClientId] = useState('');
  const [clientSecret, setClientSecret] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const choose = (next: ProviderKind) => {
    setKind(next);
    setIssuer(defaultIssuer(next, tenantId));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    create.mutate(
      {
        kind,
        name: name || PROVIDER_KIND_LABELS[kind],
        issuer,
        clientId,
        clientSecret,
        ...(kind === 'entra' ? { tenantId } : {}),
      },
      {
        onSuccess: ({ data }) => {
          setDone(`${data.name} is connected. Register the redirect URI shown with it at the provider.`);
          setClientSecret('');
          setClientId('');
          setName('');
        },
      },
    );
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="connect-provider-heading">
      <h3 id="connect-provider-heading">Connect a provider</h3>
      {done && <Notice>{done}</Notice>}
      <ErrorMessage error={create.error} />
      <SelectField label="Provider" value={kind} onChange={(e) => choose(e.target.value as ProviderKind)}>
        {PROVIDER_KINDS.map((k) => (
          <option key={k} value={k}>
            {PROVIDER_KIND_LABELS[k]}
          </option>
        ))}
      </SelectField>
      <TextField
        label="Button name"
        hint={`Staff see “Sign in with ${name || PROVIDER_KIND_LABELS[kind]}”.`}
        value={name}
        placeholder={PROVIDER_KIND_LABELS[kind]}
        onChange={(e) => setName(e.target.value)}
        error={fieldError(create.error, 'name')}
      />
      {kind === 'entra' && (
        <TextField
          label="Directory (tenant) id"
          hint="Only people of this tenant can sign in."
          value={tenantId}
          onChange={(e) => {
            setTenantId(e.target.value);
            setIssuer(defaultIssuer('entra', e.target.value.trim()));
          }}
          error={fieldError(create.error, 'tenantId')}
        />
      )}
      <TextField
        label="Issuer"
        type="url"
        hint="Trellis reads the provider’s settings from this address’s /.well-known/openid-configuration."
        value={issuer}
        onChange={(e) => setIssuer(e.target.value)}
        error={fieldError(create.error, 'issuer')}
      />
      <TextField
        label="Client id"
        autoComplete="off"
        value={clientId}
        onChange={(e) => setClientId(e.target.value)}
        error={fieldError(create.error, 'clientId')}
      />
      <TextField
        label="Client secret"
        type="password"
        autoComplete="off"
        hint="Stored encrypted and never shown again."
        value={clientSecret}
        onChange={(e) => setClientSecret(e.target.value)}
        error={fieldError(create.error, 'clientSecret')}
      />
      <button type="submit" className="button" disabled={create.isPending}>
        {create.isPending ? 'Checking the provider…' : 'Connect provider'}
      </button>
    </form>
  );
}

function DomainsSection({ domains }: { domains: Domain[] }) {
  const claim = useClaimDomain();
  const [domain, setDomain] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    claim.mutate(domain, { onSuccess: () => setDomain('') });
  };
  return (
    <div>
      {domains.length === 0 ? (
        <EmptyState title="No domain claimed yet">
          <p>Claim the domain of your staff’s email addresses, then prove it is yours.</p>
        </EmptyState>
      ) : (
        <ul style={{ listStyle: 'none', padding: 0 }}>
          {domains.map((d) => (
            <DomainItem key={d.id} domain={d} />
          ))}
        </ul>
      )}
      <form onSubmit={submit} noValidate aria-label="Claim a domain">
        <ErrorMessage error={claim.error} />
        <TextField
          label="Domain"
          hint="For example schools.example.org. A domain can belong to one district only; public mail services such as gmail.com cannot be claimed."
          value={domain}
          onChange={(e) => setDomain(e.target.value)}
          error={fieldError(claim.error, 'domain')}
        />
        <button type="submit" className="button" disabled={claim.isPending}>
          Claim domain
        </button>
      </form>
    </div>
  );
}

function DomainItem({ domain }: { domain: Domain }) {
  const dns = useVerifyDomainByDns();
  const mail = useSendDomainMail();
  const remove = useRemoveDomain();
  const confirm = useConfirmStep();
  const [email, setEmail] = useState(`admin@${domain.domain}`);
  const headingId = useId();
  return (
    <li className="card" aria-labelledby={headingId} style={{ marginBottom: '1rem' }}>
      <h3 id={headingId}>
        {domain.domain}{' '}
        <span className="muted">
          {domain.verifiedAt
            ? `— verified by ${domain.verifiedBy === 'dns' ? 'DNS' : 'mail'} ${formatWhen(domain.verifiedAt)}`
            : '— not verified yet'}
        </span>
      </h3>
      {!domain.verifiedAt && (
        <>
          <p>Prove it is your district’s, one of two ways:</p>
          <ol>
            <li>
              Add a TXT record named <code>{domain.txtName}</code> with the value{' '}
              <code>{domain.txtValue}</code>, then{' '}
              <button
                type="button"
                className="button button--secondary"
                disabled={dns.isPending}
                onClick={() => dns.mutate(domain.id)}
              >
                {dns.isPending ? 'Checking…' : 'Check the DNS record'}
              </button>
              <ErrorMessage error={dns.error} />
            </li>
            <li>
              <form
                noValidate
                aria-label={`Confirm ${domain.domain} by mail`}
                onSubmit={(event) => {
                  event.preventDefault();
                  mail.mutate({ id: domain.id, email });
                }}
              >
                <TextField
                  label="Or mail a confirmation link to"
                  hint={`One of the domain’s own mailboxes: admin@, administrator@, hostmaster@, postmaster@ or webmaster@${domain.domain}.`}
                  type="email"
                  value={email}
                  onChange={(e) => setEmail(e.target.value)}
                  error={fieldError(mail.error, 'email')}
                />
                <button type="submit" className="button button--secondary" disabled={mail.isPending}>
                  Send confirmation mail
                </button>
                {domain.mailSentTo && (
                  <Notice>Sent to {domain.mailSentTo}; the link works for 48 hours.</Notice>
                )}
              </form>
            </li>
          </ol>
        </>
      )}
      <button type="button" className="button button--danger" ref={confirm.opener} onClick={confirm.start}>
        Remove
      </button>
      {confirm.open && (
        <ConfirmStep
          prompt={`Remove ${domain.domain}? New people of this domain will not be linked; people already linked stay.`}
          confirmLabel="Remove"
          tone="danger"
          pending={remove.isPending}
          error={remove.error}
          onConfirm={() => remove.mutate(domain.id, { onSuccess: confirm.close })}
          onCancel={confirm.close}
        />
      )}
    </li>
  );
}

function SettingsForm({ settings, hasProvider }: { settings: SignOnSettings; hasProvider: boolean }) {
  const save = useSaveSettings();
  const [passwordsAllowed, setPasswordsAllowed] = useState(settings.passwordsAllowed);
  const [unknownPeople, setUnknownPeople] = useState(settings.unknownPeople);
  const [saved, setSaved] = useState(false);
  const passwordsHintId = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    save.mutate({ passwordsAllowed, unknownPeople }, { onSuccess: () => setSaved(true) });
  };
  return (
    <form onSubmit={submit} noValidate aria-label="How staff sign in">
      {saved && <Notice>Saved.</Notice>}
      <ErrorMessage error={save.error} />
      <div className="field">
        <label>
          <input
            type="checkbox"
            checked={passwordsAllowed}
            onChange={(e) => setPasswordsAllowed(e.target.checked)}
            disabled={!hasProvider && passwordsAllowed}
            aria-describedby={passwordsHintId}
          />{' '}
          Staff may also sign in with a Trellis password
        </label>
        <p className="field__hint" id={passwordsHintId}>
          District administrators always keep their password, so someone can still get in if the provider is
          down; each such sign-in is written to the audit log.
          {!hasProvider && ' Connect a provider before turning passwords off.'}
        </p>
      </div>
      <fieldset>
        <legend>When the provider vouches for someone of your domains who has no account</legend>
        <label>
          <input
            type="radio"
            name="unknownPeople"
            value="refuse"
            checked={unknownPeople === 'refuse'}
            onChange={() => setUnknownPeople('refuse')}
          />{' '}
          Tell them to ask an administrator
        </label>
        <br />
        <label>
          <input
            type="radio"
            name="unknownPeople"
            value="request"
            checked={unknownPeople === 'request'}
            onChange={() => setUnknownPeople('request')}
          />{' '}
          Let them request an account that an administrator approves
        </label>
      </fieldset>
      <button type="submit" className="button" disabled={save.isPending}>
        Save
      </button>
    </form>
  );
}

function AccessRequestItem({ request }: { request: AccessRequest }) {
  const decide = useDecideAccessRequest();
  return (
    <li className="card" style={{ marginBottom: '0.5rem' }}>
      <p>
        <strong>{request.name}</strong> ({request.email}) through {request.providerName},{' '}
        {formatWhen(request.createdAt)}
      </p>
      <ErrorMessage error={decide.error} />
      <div className="actions">
        <button
          type="button"
          className="button"
          disabled={decide.isPending}
          onClick={() => decide.mutate({ id: request.id, decision: 'approve' })}
        >
          Approve {request.name}
        </button>
        <button
          type="button"
          className="button button--secondary"
          disabled={decide.isPending}
          onClick={() => decide.mutate({ id: request.id, decision: 'decline' })}
        >
          Decline
        </button>
      </div>
    </li>
  );
}

/**
 * A person's linked provider sign-ins, found by their address, each of which can be unlinked: when a
 * provider gives someone's address to a new person, the new identity links only after the old one goes.
 */
function LinkedSignIns() {
  const [email, setEmail] = useState('');
  const [asked, setAsked] = useState<string | null>(null);
  const identities = useLinkedIdentities(asked);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAsked(email.trim().toLowerCase());
  };
  return (
    <div>
      <form onSubmit={submit} noValidate aria-label="Find a person’s linked sign-ins">
        <TextField
          label="Person’s email"
          type="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={fieldError(identities.error, 'email')}
        />
        <button type="submit" className="button button--secondary">
          Show linked sign-ins
        </button>
      </form>
      {asked !== null &&
        (identities.isPending ? (
          <Loading label="Loading linked sign-ins…" />
        ) : identities.isError ? (
          <ErrorMessage error={identities.error} />
        ) : identities.data.data.length === 0 ? (
          <p>No sign-in is linked to {asked} in your district.</p>
        ) : (
          <ul style={{ listStyle: 'none', padding: 0 }}>
            {identities.data.data.map((identity) => (
              <LinkedSignIn key={identity.id} identity={identity} email={asked} />
            ))}
          </ul>
        ))}
    </div>
  );
}

function LinkedSignIn({ identity, email }: { identity: LinkedIdentity; email: string }) {
  const unlink = useUnlinkIdentity();
  const confirm = useConfirmStep();
  return (
    <li className="card" style={{ marginBottom: '0.5rem' }}>
      <p>
        {identity.providerName}: <code>{identity.subject}</code>, linked {formatWhen(identity.linkedAt)}, last
        used {formatWhen(identity.lastUsedAt)}
      </p>
      <button type="button" className="button button--danger" ref={confirm.opener} onClick={confirm.start}>
        Unlink
      </button>
      {confirm.open && (
        <ConfirmStep
          prompt={`Unlink this ${identity.providerName} sign-in from ${email}? Their next sign-in links again only through a verified address of your domains.`}
          confirmLabel="Unlink"
          tone="danger"
          pending={unlink.isPending}
          error={unlink.error}
          onConfirm={() => unlink.mutate(identity.id, { onSuccess: confirm.close })}
          onCancel={confirm.close}
        />
      )}
    </li>
  );
}
