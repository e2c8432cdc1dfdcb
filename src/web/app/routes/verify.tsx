import { type FormEvent, useState } from 'react';
import { ErrorMessage, PageHeading } from '#web/components/feedback.tsx';
import { TextArea, TextField } from '#web/components/field.tsx';
import { useVerifyCredential } from '#web/features/awards/api/verify-credential.ts';
import { VerificationPanel } from '#web/features/awards/components/verification-panel.tsx';

const MAX_BYTES = 1024 * 1024;

/**
 * Anyone checks a credential from anywhere: paste its JSON, choose its file or give its address. No
 * sign-in needed. A result belongs to the input it was made for: changing the input or starting a
 * new check takes the old result off the screen.
 */
export default function VerifyPage() {
  const verify = useVerifyCredential();
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [url, setUrl] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [urlProblem, setUrlProblem] = useState<string | undefined>();

  /** The input changed: what was shown was about something else. */
  const changed = () => {
    verify.reset();
    setProblem(undefined);
    setUrlProblem(undefined);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    changed();
    if (url.trim()) {
      if (!/^https?:\/\/\S+$/i.test(url.trim()))
        return setUrlProblem('Give the whole address, starting with https://');
      return verify.mutate({ url: url.trim() });
    }
    if (file) {
      if (file.size > MAX_BYTES) return setProblem('The file is larger than 1 MB.');
      return verify.mutate({ file });
    }
    if (!text.trim()) return setProblem('Paste a credential, choose its file, or give its address.');
    let credential: unknown;
    try {
      credential = JSON.parse(text);
    } catch {
      return setProblem('This is not JSON. Paste the whole credential, from { to }.');
    }
    verify.mutate({ credential });
  };

  return (
    <section className="page verify-page">
      <PageHeading>Verify a credential</PageHeading>
      <p>
        Check any Open Badges 3.0 or Verifiable Credential: whether it follows the Open Badges schema, whether
        its signature matches, who signed it, whether it has expired and whether its issuer has revoked it.
        What cannot be checked (an issuer's site that does not answer, a kind of signature Trellis does not
        read) is said to be so. Nothing you check is stored.
      </p>
      <form onSubmit={submit} noValidate className="verify-page__form">
        <TextArea
          label="Credential JSON"
          rows={10}
          spellCheck={false}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            changed();
          }}
          error={problem}
        />
        <div className="field">
          <label htmlFor="verify-file">Or choose a credential file (.json, up to 1 MB)</label>
          <input
            id="verify-file"
            type="file"
            accept=".json,application/json,application/ld+json"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              changed();
            }}
          />
        </div>
        <TextField
          label="Or give the credential's web address"
          type="url"
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          placeholder="https://"
          value={url}
          onChange={(e) => {
            setUrl(e.target.value);
            changed();
          }}
          error={urlProblem}
        />
        <button type="submit" className="button" disabled={verify.isPending}>
          {verify.isPending ? 'Verifying…' : 'Verify'}
        </button>
      </form>
      <div aria-live="polite" className="verify-page__result">
        {verify.isPending && <p role="status">Verifying…</p>}
        <ErrorMessage error={verify.error} />
        {verify.data && (
          <>
            {verify.data.credential && (
              <p className="verify-page__summary">
                {verify.data.credential.name ?? 'A credential'}
                {verify.data.credential.recipientName
                  ? ` awarded to ${verify.data.credential.recipientName}`
                  : ''}
                {verify.data.credential.issuer
                  ? ` by ${verify.data.credential.issuer.name ?? verify.data.credential.issuer.id}`
                  : ''}
                .
              </p>
            )}
            <VerificationPanel report={verify.data} />
          </>
        )}
      </div>
    </section>
  );
}
