import { DISTRICT_DATA_URL } from '../api/keys.ts';

/** A district administrator's download of the district's data, streamed as a ZIP. */
export function DistrictDataExport() {
  return (
    <>
      <p className="muted">
        A ZIP with one file per table (one JSON record a line) and <code>manifest.json</code>, which names
        each table’s data class, how many rows it holds and which columns were left out. What is private to
        people (their settings, notifications, sign-ins, submitted evidence) and every secret (password
        hashes, tokens, keys) stay out. The download starts at once and grows while Trellis reads; a large
        district takes a few minutes. Each download is recorded in the audit log.
      </p>
      <p>
        <a className="button" href={DISTRICT_DATA_URL} download>
          Download the district’s data
        </a>
      </p>
    </>
  );
}
