import { useRef, useState } from 'react';
import { EmptyState, ErrorMessage, Loading, Notice } from '#web/components/feedback.tsx';
import type { SessionDevice } from '#shared/contracts/passwords.ts';
import { useSessions } from '../api/list-sessions.ts';
import { useRevokeOtherSessions } from '../api/revoke-other-sessions.ts';
import { useRevokeSession } from '../api/revoke-session.ts';
import { describeDevice, describeLastActive } from './describe-device.ts';

const fullDate = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Where the person is signed in, with a way to sign out of any other device or all of them. */
export function SessionList({ headingId }: { headingId: string }) {
  const sessions = useSessions();
  const revoke = useRevokeSession();
  const revokeOthers = useRevokeOtherSessions();
  const [done, setDone] = useState<string | null>(null);
  const statusRef = useRef<HTMLDivElement>(null);

  // The button that had focus disappears with its row, so focus moves to the confirmation.
  const announce = (message: string) => {
    setDone(message);
    requestAnimationFrame(() => statusRef.current?.focus());
  };

  if (sessions.isPending) return <Loading label="Loading your devices…" />;
  if (sessions.isError) return <ErrorMessage error={sessions.error} />;
  const devices: SessionDevice[] = sessions.data.pages.flatMap((page) => page.data);
  const others = devices.filter((d) => !d.current);
  const now = Date.now();

  return (
    <>
      <div ref={statusRef} tabIndex={-1}>
        {done && (
          <Notice>
            <p>{done}</p>
          </Notice>
        )}
      </div>
      <ErrorMessage error={revoke.error ?? revokeOthers.error} />
      {devices.length === 0 ? (
        <EmptyState title="No devices are signed in." />
      ) : (
        <div className="table-wrap">
          <table aria-labelledby={headingId}>
            <thead>
              <tr>
                <th scope="col">Device</th>
                <th scope="col">IP address</th>
                <th scope="col">Last active</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {devices.map((device) => {
                const name = describeDevice(device.userAgent);
                return (
                  <tr key={device.id}>
                    <td>
                      <span title={device.userAgent ?? undefined}>{name}</span>{' '}
                      {device.current && <span className="tag">This device</span>}
                      <br />
                      <span className="muted">
                        Signed in{' '}
                        <time dateTime={device.createdAt}>{fullDate.format(new Date(device.createdAt))}</time>
                      </span>
                    </td>
                    <td>{device.ip ?? <span className="muted">Unknown</span>}</td>
                    <td>
                      <time dateTime={device.lastSeenAt} title={fullDate.format(new Date(device.lastSeenAt))}>
                        {describeLastActive(device.lastSeenAt, now)}
                      </time>
                    </td>
                    <td>
                      {!device.current && (
                        <button
                          type="button"
                          className="button button--secondary"
                          disabled={revoke.isPending && revoke.variables === device.id}
                          onClick={() =>
                            revoke.mutate(device.id, { onSuccess: () => announce(`Signed out of ${name}.`) })
                          }
                        >
                          Sign out<span className="visually-hidden"> of {name}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {sessions.hasNextPage && (
        <p>
          <button
            type="button"
            className="button button--secondary"
            disabled={sessions.isFetchingNextPage}
            onClick={() => void sessions.fetchNextPage()}
          >
            {sessions.isFetchingNextPage ? 'Loading…' : 'Show more devices'}
          </button>
        </p>
      )}
      {(others.length > 0 || sessions.hasNextPage) && (
        <div className="actions">
          <button
            type="button"
            className="button button--danger"
            disabled={revokeOthers.isPending}
            onClick={() =>
              revokeOthers.mutate(undefined, {
                onSuccess: () => announce('Signed out everywhere else. Only this device is still signed in.'),
              })
            }
          >
            {revokeOthers.isPending ? 'Signing out…' : 'Sign out everywhere else'}
          </button>
        </div>
      )}
    </>
  );
}
