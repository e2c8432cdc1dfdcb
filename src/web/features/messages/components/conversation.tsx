import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import './conversation.css';
import type { ConversationResponse, Message } from '#shared/contracts/messages.ts';
import { Composer, formatBytes } from '#web/components/composer.tsx';
import { ConfirmStep, useConfirmStep } from '#web/components/confirm-step.tsx';
import { EmptyState, ErrorMessage, Loading, Notice, PageHeading } from '#web/components/feedback.tsx';
import { TextField } from '#web/components/field.tsx';
import { useDraftStore } from '#web/features/discussion/api/drafts.ts';
import { ApiError } from '#web/lib/api-client.ts';
import { formatWhen } from '#web/lib/format.ts';
import { useRealtime } from '#web/lib/realtime.ts';
import { useSetBlock } from '../api/blocks.ts';
import { uploadMessageAttachment } from '../api/attachments.ts';
import { previewMessage, searchMentionable } from '../api/compose.ts';
import { useConversation } from '../api/conversations.ts';
import { conversationKey, conversationMessagesKey } from '../api/keys.ts';
import { useMarkConversationRead, useMessages, useSendMessage } from '../api/messages.ts';
import { useReportMessage } from '../api/reports.ts';
import { GroupMembers } from './group-members.tsx';
import { peopleNames } from './people-names.tsx';

/** One conversation: its messages oldest first, new ones live, the composer, block and report. */
export function ConversationView({ id }: { id: string }) {
  const conversation = useConversation(id);
  const messages = useMessages(id);
  const markRead = useMarkConversationRead(id);
  const client = useQueryClient();
  const unread = conversation.data?.data.unreadCount ?? 0;

  useRealtime([`conversation:${id}`], (signal) => {
    if (signal.type === 'revoked') void client.invalidateQueries({ queryKey: conversationKey(id) });
    void client.invalidateQueries({ queryKey: conversationMessagesKey(id) });
    void client.invalidateQueries({ queryKey: conversationKey(id) });
  });

  // Reading the page reads the conversation: once it loads, and whenever new messages arrive.
  const { mutate } = markRead;
  useEffect(() => {
    if (unread > 0) mutate();
  }, [unread, mutate]);

  if (conversation.isPending) return <Loading label="Loading the conversation…" />;
  if (conversation.isError) {
    const missing = conversation.error instanceof ApiError && [400, 404].includes(conversation.error.status);
    return (
      <>
        <PageHeading>{missing ? 'Conversation not found' : 'Could not load this conversation'}</PageHeading>
        {missing ? (
          <p>There is no conversation here that you take part in.</p>
        ) : (
          <ErrorMessage error={conversation.error} />
        )}
        <p>
          <Link to="/messages">Back to messages</Link>
        </p>
      </>
    );
  }
  const { data, abilities } = conversation.data;
  const shown = [...(messages.data?.pages.flatMap((p) => p.data) ?? [])].reverse();
  const firstUnread = data.firstUnreadAt
    ? shown.find((m) => !m.mine && m.createdAt > data.firstUnreadAt!)?.id
    : undefined;
  return (
    <>
      <p>
        <Link to="/messages">← All messages</Link>
      </p>
      <PageHeading title={`Conversation with ${peopleNames(data.people)}`}>
        {peopleNames(data.people)}
      </PageHeading>
      <p className="muted">
        {data.people.map((p) => (p.districtName ? `${p.name} (${p.districtName})` : p.name)).join(', ')}
      </p>
      <BlockControl conversation={conversation.data} />
      {data.isGroup && <GroupMembers conversation={conversation.data} />}
      <section aria-labelledby="conversation-messages">
        <h2 id="conversation-messages" className="visually-hidden">
          Messages
        </h2>
        {messages.hasNextPage && (
          <p>
            <button
              type="button"
              className="button button--secondary"
              disabled={messages.isFetchingNextPage}
              onClick={() => void messages.fetchNextPage()}
            >
              {messages.isFetchingNextPage ? 'Loading earlier messages…' : 'Load earlier messages'}
            </button>
          </p>
        )}
        {messages.isPending ? (
          <Loading label="Loading messages…" />
        ) : messages.isError ? (
          <ErrorMessage error={messages.error} />
        ) : shown.length === 0 ? (
          <EmptyState title="No messages here any more.">
            <p className="muted">Messages are deleted after the time their sender's district keeps them.</p>
          </EmptyState>
        ) : (
          <ol className="message-list" aria-live="polite" aria-relevant="additions">
            {shown.map((m) => (
              <MessageItem key={m.id} message={m} firstUnread={m.id === firstUnread} />
            ))}
          </ol>
        )}
      </section>
      {abilities.send ? <Reply conversationId={id} /> : <ClosedNotice conversation={conversation.data} />}
    </>
  );
}

function MessageItem({ message, firstUnread }: { message: Message; firstUnread: boolean }) {
  return (
    <li className={message.mine ? 'message message--mine' : 'message'}>
      {firstUnread && (
        <p className="message__new" id="first-unread">
          New messages
        </p>
      )}
      <p className="message__meta">
        <strong>{message.mine ? 'You' : message.sender.name}</strong>{' '}
        <time className="muted" dateTime={message.createdAt}>
          {formatWhen(message.createdAt)}
        </time>
      </p>
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: rendered and sanitized with an allowlist on the server */}
      <div className="message__body" dangerouslySetInnerHTML={{ __html: message.html }} />
      {message.attachments.length > 0 && (
        <ul className="message__attachments" aria-label="Files">
          {message.attachments.map((a) => (
            <li key={a.id}>
              <a href={a.url} download={a.filename}>
                {a.filename}
              </a>{' '}
              <span className="muted">({formatBytes(a.byteSize)})</span>
            </li>
          ))}
        </ul>
      )}
      {!message.mine && <ReportMessage message={message} />}
    </li>
  );
}

function ReportMessage({ message }: { message: Message }) {
  const step = useConfirmStep();
  const report = useReportMessage();
  const [reason, setReason] = useState('');
  const [done, setDone] = useState(false);
  if (done)
    return (
      <p className="muted" role="status">
        Reported to {message.sender.name}’s district administrators.
      </p>
    );
  return (
    <>
      <button type="button" className="link-button" ref={step.opener} onClick={step.start}>
        Report <span className="visually-hidden">this message from {message.sender.name}</span>
      </button>
      {step.open && (
        <ConfirmStep
          prompt={`Report this message to ${message.sender.name}’s district administrators? They see this message only, not the conversation.`}
          confirmLabel="Report message"
          pending={report.isPending}
          error={report.error instanceof ApiError && report.error.fieldError('reason') ? null : report.error}
          onConfirm={() =>
            report.mutate({ messageId: message.id, reason }, { onSuccess: () => setDone(true) })
          }
          onCancel={step.close}
        >
          <TextField
            label="Why are you reporting it?"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            maxLength={500}
            required
            error={report.error instanceof ApiError ? report.error.fieldError('reason') : undefined}
          />
        </ConfirmStep>
      )}
    </>
  );
}

function Reply({ conversationId }: { conversationId: string }) {
  const send = useSendMessage(conversationId);
  // A reply being written is kept on the server, to finish on another device.
  const draft = useDraftStore({ kind: 'conversation', id: conversationId });
  return (
    <section aria-labelledby="reply-heading">
      <h2 id="reply-heading">Reply</h2>
      <Composer
        label="Your message"
        submitLabel="Send"
        pending={send.isPending}
        error={send.error}
        bodyError={send.error instanceof ApiError ? send.error.fieldError('body') : undefined}
        searchPeople={searchMentionable}
        preview={previewMessage}
        upload={uploadMessageAttachment}
        draft={draft}
        attachmentsError={send.error instanceof ApiError ? send.error.fieldError('attachmentIds') : undefined}
        onSubmit={(written) =>
          send.mutateAsync({
            body: written.body,
            attachmentIds: written.attachmentIds,
            idempotencyKey: written.idempotencyKey,
          })
        }
      />
    </section>
  );
}

function ClosedNotice({ conversation }: { conversation: ConversationResponse }) {
  const why = conversation.data.closed;
  return (
    <Notice>
      <p>
        {why === 'blocked_by_you'
          ? 'This conversation is blocked: you blocked someone in it. Neither of you can send new messages until you unblock them.'
          : why === 'blocked_you'
            ? 'This conversation is blocked: no new messages can be sent in it.'
            : 'No new messages can be sent here: someone in this conversation is no longer someone you may message.'}
      </p>
    </Notice>
  );
}

/** Block or unblock the other person of a one-to-one conversation. */
function BlockControl({ conversation }: { conversation: ConversationResponse }) {
  const step = useConfirmStep();
  const setBlock = useSetBlock();
  const focusAfter = useRef<HTMLParagraphElement>(null);
  const { data, abilities } = conversation;
  const other = data.people[0];
  if (!abilities.block || !other) return null;
  if (data.closed === 'blocked_by_you')
    return (
      <div className="actions">
        <button
          type="button"
          className="button button--secondary"
          disabled={setBlock.isPending}
          onClick={() => setBlock.mutate({ userId: other.id, blocked: false })}
        >
          Unblock {other.name}
        </button>
        <ErrorMessage error={setBlock.error} />
      </div>
    );
  return (
    <div>
      <p ref={focusAfter} tabIndex={-1} className="actions">
        <button type="button" className="button button--secondary" ref={step.opener} onClick={step.start}>
          Block {other.name}
        </button>
      </p>
      {step.open && (
        <ConfirmStep
          prompt={`Block ${other.name}? Neither of you will be able to send the other new messages. They will see the conversation is blocked; you can unblock them later.`}
          confirmLabel={`Block ${other.name}`}
          pending={setBlock.isPending}
          error={setBlock.error}
          onConfirm={() => setBlock.mutate({ userId: other.id, blocked: true }, { onSuccess: step.close })}
          onCancel={step.close}
        />
      )}
    </div>
  );
}
