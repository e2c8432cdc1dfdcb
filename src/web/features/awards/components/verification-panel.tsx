import type { VerificationCheck, VerificationReport } from '#shared/contracts/awards.ts';

const CHECK_NAMES: Record<VerificationCheck['check'], string> = {
  format: 'Format',
  schema: 'Open Badges schema',
  signature: 'Signature',
  issuer: 'Issuer',
  expiry: 'Validity dates',
  revocation: 'Revocation',
};

const STATUS_WORDS: Record<VerificationCheck['status'], string> = {
  passed: 'Passed',
  failed: 'Failed',
  skipped: 'Not checked',
};

const OUTCOME_HEADINGS: Record<VerificationReport['outcome'], string> = {
  verified: '✓ Verified',
  invalid: '✗ Not verified',
  unchecked: '? Could not be fully checked',
};

const OUTCOME_SUMMARIES: Record<VerificationReport['outcome'], string> = {
  verified: 'The signature matches, the issuer signed it, and it is neither expired nor revoked.',
  invalid: 'At least one check failed; see which below.',
  unchecked:
    'Nothing wrong was found, but some checks could not be made (see why below), so the credential is not confirmed either.',
};

/** The panel's look: an unchecked credential is neither a pass nor a failure. */
const OUTCOME_CLASS: Record<VerificationReport['outcome'], string> = {
  verified: 'passed',
  invalid: 'failed',
  unchecked: 'unchecked',
};

/** A verification's outcome: a headline, then each check with its result in words and why. */
export function VerificationPanel({
  report,
  headingLevel = 2,
}: {
  report: VerificationReport;
  headingLevel?: 2 | 3;
}) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const outcome = report.outcome ?? (report.verified ? 'verified' : 'invalid');
  return (
    <section
      className={`verification verification--${OUTCOME_CLASS[outcome]}`}
      aria-labelledby="verification-heading"
    >
      <Heading id="verification-heading">{OUTCOME_HEADINGS[outcome]}</Heading>
      <p className="verification__summary">{OUTCOME_SUMMARIES[outcome]}</p>
      <ul className="verification__checks">
        {report.checks.map((check) => (
          <li key={check.check} className={`verification__check verification__check--${check.status}`}>
            <span className="verification__name">{CHECK_NAMES[check.check]}:</span>{' '}
            <strong>{STATUS_WORDS[check.status]}</strong>
            <span className="verification__message"> — {check.message}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
