import { MY_DATA_URL } from '../api/keys.ts';

/** The signed-in person's "Download my data": a file of everything Trellis keeps that names them. */
export function MyDataDownload() {
  return (
    <>
      <p className="muted">
        One file with what Trellis keeps about you: your account, profile, posts, resources, collections,
        submissions, credentials, notifications and activity. Passwords and sign-in tokens are never included,
        nor what belongs to other people. A large file comes as a ZIP.
      </p>
      <p>
        <a className="button" href={MY_DATA_URL} download>
          Download my data
        </a>
      </p>
    </>
  );
}
