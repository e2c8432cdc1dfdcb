import { type FormEvent, useState } from 'react';
import { ErrorMessage, PageHeading } from '#web/components/feedback.tsx';
import { TextArea } from '#web/components/field.tsx';
import { useVerifyCredential } from '#web/features/awards/api/verify-credential.ts';
import { VerificationPanel } from '#web/features/awards/components/verification-panel.tsx';

const MAX_BYTES = 1024 * 1024;

/** Anyone checks a credential from anywhere: paste its JSON or choose its file. No sign-in needed. */
export default function VerifyPage() {
  const verify = useVerifyCredential();
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<string | undefined>();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setProblem(undefined);
    if (file) {
      if (file.size > MAX_BYTES) return setProblem('The file is larger than 1 MB.');
      return verify.mutate({ file });
    }
    if (!text.trim()) return setProblem('Paste a credential, or choose its file.');
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
        Check any Open Badges 3.0 or Verifiable Credential: whether its signature matches, who signed it,
        whether it has expired and whether its issuer has revoked it. Nothing you check is stored.
      </p>
      <form onSubmit={submit} noValidate className="verify-page__form">
        <TextArea
          label="Credential JSON"
          rows={10}
          spellCheck={false}
          value={text}
          onChange={(e) => setText(e.target.value)}
          error={problem}
        />
        <div className="field">
          <label htmlFor="verify-file">Or choose a credential file (.json, up to 1 MB)</label>
          <input
            id="verify-file"
            type="file"
            accept=".json,application/json,application/ld+json"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </div>
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
