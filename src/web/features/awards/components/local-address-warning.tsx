import { useSession } from '#web/features/session/api/session.ts';

/**
 * On the pages where credentials are defined and awarded: a credential names the address Trellis
 * runs at for good, so one issued under localhost can never be verified by anyone else.
 */
export function LocalAddressWarning() {
  const session = useSession();
  if (!session.data?.publicUrlIsLocal) return null;
  return (
    <aside className="notice notice--warning" aria-labelledby="local-address-warning">
      <p id="local-address-warning">
        <strong>This Trellis is set up with a local address (localhost).</strong>
      </p>
      <p>
        Credentials issued now name that address for good, in their issuer, their public page and their
        revocation status, and nobody outside this machine can verify them. Before awarding credentials, ask
        whoever runs Trellis to set <code>PUBLIC_URL</code> to the address people use.
      </p>
    </aside>
  );
}
