import { discard, type OutboxItem } from '#web/lib/device-outbox.ts';
import './outbox-status.css';

/** What waits on this device, said where a screen reader hears it when it changes. */
export function OutboxStatus<T extends OutboxItem>({
  items,
  online,
  onSend,
  describe,
}: {
  items: T[];
  online: boolean;
  onSend: () => void;
  /** How a refused item is named in the list of refusals. */
  describe: (item: T) => string;
}) {
  const waiting = items.filter((item) => !item.error);
  const refused = items.filter((item) => item.error);
  const count = (n: number) => `${n} ${n === 1 ? 'item' : 'items'}`;
  const message =
    waiting.length === 0
      ? online
        ? 'Everything you wrote has been sent.'
        : 'You are offline. New notes are kept on this device and sent when the connection returns.'
      : online
        ? `Sending ${count(waiting.length)}…`
        : `Offline: ${count(waiting.length)} kept on this device, sent when the connection returns.`;
  return (
    <div className="observation-outbox">
      <p role="status" className={waiting.length > 0 ? 'observation-outbox__waiting' : undefined}>
        {message}
      </p>
      {waiting.length > 0 && online && (
        <button type="button" className="button button--secondary button--small" onClick={onSend}>
          Send now
        </button>
      )}
      {refused.length > 0 && (
        <div className="notice notice--error">
          <p>Trellis refused {count(refused.length)}; they stay on this device until you discard them.</p>
          <ul>
            {refused.map((item) => (
              <li key={item.key}>
                {describe(item)}: {item.error}{' '}
                <button type="button" className="link-button" onClick={() => void discard(item.key)}>
                  Discard
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
