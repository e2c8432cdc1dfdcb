import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { EmptyState, ErrorMessage, Loading, Notice } from '#web/components/feedback.tsx';
import { LoadMore } from '#web/components/paged-list.tsx';
import type { ConversationSummary } from '#shared/contracts/messages.ts';
import { formatWhen } from '#web/lib/format.ts';
import { useBlocks, useSetBlock } from '../api/blocks.ts';
import { useConversations } from '../api/conversations.ts';
import { useMessagingPolicy } from '../api/policy.ts';
import { useMessageSearch } from '../api/search.ts';
import { peopleNames } from './people-names.tsx';

const CLOSED: Record<NonNullable<ConversationSummary['closed']>, string> = {
  blocked_by_you: 'Blocked by you',
  blocked_you: 'Closed',
  unreachable: 'Closed',
};

/** The messages page: how messages are kept, search in one's own messages, conversations, blocks. */
export function Inbox() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  return (
    <>
      <p>
        <Link className="button" to="/messages/new">
          New message
        </Link>
      </p>
      <KeepingNotice />
      <SearchForm q={q} onSearch={(next) => setParams(next ? { q: next } : {}, { replace: false })} />
      {q.trim().length >= 2 ? <SearchResults q={q} /> : <ConversationList />}
      <BlockedPeople />
    </>
  );
}

/** What the district and the operator decided about keeping messages, in plain words. */
function KeepingNotice() {
  const policy = useMessagingPolicy();
  if (!policy.data) return null;
  const { retentionDays, recordsRetention } = policy.data;
  return (
    <div className="notice">
      <p>
        Direct messages are private to the people in each conversation: administrators cannot read them.{' '}
        {retentionDays
          ? `Your district deletes messages ${retentionDays} days after they are sent.`
          : 'Your district keeps messages until they are deleted with your account.'}
      </p>
      {recordsRetention && (
        <p>
          <strong>Records retention is on:</strong> this Trellis keeps messages as records the law requires,
          so they are included when your district exports its records.
        </p>
      )}
    </div>
  );
}

function SearchForm({ q, onSearch }: { q: string; onSearch: (q: string) => void }) {
  const [value, setValue] = useState(q);
  const [error, setError] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const words = value.trim();
    if (words && words.length < 2) {
      setError('Type at least 2 characters.');
      return;
    }
    setError(null);
    onSearch(words);
  };
  return (
    <search className="message-search">
      <form onSubmit={submit}>
        <div className={`field${error ? ' field--invalid' : ''}`}>
          <label htmlFor="message-search">Search my messages</label>
          <input
            id="message-search"
            type="search"
            value={value}
            onChange={(e) => setValue(e.target.value)}
            aria-describedby={error ? 'message-search-error' : undefined}
            aria-invalid={error ? true : undefined}
          />
          {error && (
            <p className="field__error" id="message-search-error">
              {error}
            </p>
          )}
        </div>
        <div className="actions">
          <button type="submit" className="button button--secondary">
            Search
          </button>
          {q && (
            <button
              type="button"
              className="link-button"
              onClick={() => {
                setValue('');
                onSearch('');
              }}
            >
              Clear search
            </button>
          )}
        </div>
      </form>
    </search>
  );
}

function ConversationList() {
  const list = useConversations();
  const items = list.data?.pages.flatMap((p) => p.data) ?? [];
  if (list.isPending) return <Loading label="Loading your conversations…" />;
  if (list.isError) return <ErrorMessage error={list.error} />;
  if (items.length === 0)
    return (
      <EmptyState title="No conversations yet.">
        <p className="muted">
          Write to a colleague from their profile or with New message: one person, or a group of up to ten.
        </p>
      </EmptyState>
    );
  return (
    <>
      <h2 className="visually-hidden">Conversations</h2>
      <ul className="conversation-list">
        {items.map((c) => (
          <li key={c.id} className={c.unreadCount > 0 ? 'conversation conversation--unread' : 'conversation'}>
            <Link to={`/messages/${c.id}`} className="conversation__link">
              <span className="conversation__people">{peopleNames(c.people)}</span>
              {c.unreadCount > 0 && (
                <span className="bell__count">
                  {c.unreadCount}
                  <span className="visually-hidden"> unread</span>
                </span>
              )}
              {c.closed && <span className="badge">{CLOSED[c.closed]}</span>}
            </Link>
            {c.lastMessage && (
              <p className="conversation__last muted">
                {c.lastMessage.senderName}: {c.lastMessage.excerpt}
              </p>
            )}
            <time className="muted" dateTime={c.lastMessageAt}>
              {formatWhen(c.lastMessageAt)}
            </time>
          </li>
        ))}
      </ul>
      <LoadMore query={list} noun="conversations" />
    </>
  );
}

/** A snippet with its matched words (between « and ») marked. */
function Snippet({ text }: { text: string }) {
  const parts = text.split(/«|»/);
  return (
    <>
      {parts.map((part, i) =>
        // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed string
        i % 2 === 1 ? <mark key={i}>{part}</mark> : <span key={i}>{part}</span>,
      )}
    </>
  );
}

function SearchResults({ q }: { q: string }) {
  const search = useMessageSearch(q);
  const hits = search.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <section aria-labelledby="message-search-results">
      <h2 id="message-search-results">Messages matching “{q}”</h2>
      {search.isPending ? (
        <Loading label="Searching your messages…" />
      ) : search.isError ? (
        <ErrorMessage error={search.error} />
      ) : hits.length === 0 ? (
        <EmptyState title="No messages match.">
          <p className="muted">Search looks through the conversations you take part in.</p>
        </EmptyState>
      ) : (
        <ul className="conversation-list">
          {hits.map((hit) => (
            <li key={hit.message.id} className="conversation">
              <Link to={`/messages/${hit.message.conversationId}`} className="conversation__link">
                {hit.message.mine ? 'You' : hit.message.sender.name} to{' '}
                {hit.message.mine ? peopleNames(hit.people) : 'you'}
              </Link>
              <p className="conversation__last">
                <Snippet text={hit.snippet} />
              </p>
              <time className="muted" dateTime={hit.message.createdAt}>
                {formatWhen(hit.message.createdAt)}
              </time>
            </li>
          ))}
        </ul>
      )}
      <LoadMore query={search} noun="messages" />
    </section>
  );
}

function BlockedPeople() {
  const blocks = useBlocks();
  const setBlock = useSetBlock();
  const [status, setStatus] = useState('');
  const people = blocks.data?.data ?? [];
  if (!blocks.isSuccess || (people.length === 0 && !status)) return null;
  return (
    <section aria-labelledby="blocked-people">
      <h2 id="blocked-people">People you blocked</h2>
      <div aria-live="polite">
        {status && (
          <Notice>
            <p>{status}</p>
          </Notice>
        )}
      </div>
      <ErrorMessage error={setBlock.error} />
      {people.length > 0 && (
        <ul className="plain-list">
          {people.map(({ person }) => (
            <li key={person.id}>
              {person.name}
              {person.districtName && <span className="muted"> · {person.districtName}</span>}{' '}
              <button
                type="button"
                className="link-button"
                disabled={setBlock.isPending}
                onClick={() =>
                  setBlock.mutate(
                    { userId: person.id, blocked: false },
                    { onSuccess: () => setStatus(`You unblocked ${person.name}.`) },
                  )
                }
              >
                Unblock <span className="visually-hidden">{person.name}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
