import type { VerificationCheck, VerificationReport } from '#shared/contracts/awards.ts';

const CHECK_NAMES: Record<VerificationCheck['check'], string> = {
  format: 'Format',
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

/** A verification's outcome: a headline, then each check with its result in words and why. */
export function VerificationPanel({
  report,
  headingLevel = 2,
}: {
  report: VerificationReport;
  headingLevel?: 2 | 3;
}) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section
      className={`verification verification--${report.verified ? 'passed' : 'failed'}`}
      aria-labelledby="verification-heading"
    >
      <Heading id="verification-heading">{report.verified ? '✓ Verified' : '✗ Not verified'}</Heading>
      <p className="verification__summary">
        {report.verified
          ? 'The signature matches, the issuer signed it, and it is neither expired nor revoked.'
          : 'At least one check failed; see which below.'}
      </p>
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
