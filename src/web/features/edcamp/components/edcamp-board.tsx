import { type DragEvent, type FormEvent, useId, useState } from 'react';
import { useNavigate } from 'react-router';
import type {
  EdcampAbilities,
  EdcampBoard,
  EdcampSession,
  EdcampSessionKind,
  ScheduleProposalResponse,
} from '#shared/contracts/edcamp.ts';
import { ErrorMessage, Notice } from '#web/components/feedback.tsx';
import { TextArea, TextField } from '#web/components/field.tsx';
import { FormActions } from '#web/components/form-actions.tsx';
import { ApiError } from '#web/lib/api-client.ts';
import {
  useApplySchedule,
  useAttend,
  useLeaveAsGuest,
  useOpenNotes,
  usePlace,
  usePropose,
  useProposedSchedule,
  useUpdateBoard,
  useVote,
  useWithdraw,
} from '../api/edcamp.ts';
import './edcamp.css';

const KIND_LABELS: Record<EdcampSessionKind, string> = {
  lead: 'I can lead…',
  learn: 'I want to learn about…',
};

const timeOf = (iso: string, timeZone: string) =>
  new Intl.DateTimeFormat(undefined, { timeStyle: 'short', timeZone }).format(new Date(iso));

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The board: what the organizer runs it with, the schedule grid, proposing, and the proposals to vote on. */
export function EdcampBoardView({
  board,
  abilities,
  guest,
}: {
  board: EdcampBoard;
  abilities: EdcampAbilities;
  guest: boolean;
}) {
  const unplaced = board.sessions.filter((s) => !s.slotId);
  return (
    <div className="edcamp">
      <p className="edcamp__status" aria-live="polite">
        {board.status === 'open' ? 'Open for proposals and votes' : 'Closed to new proposals and votes'} ·{' '}
        {plural(board.sessions.length, 'proposal', 'proposals')} ·{' '}
        <span data-testid="edcamp-conflicts">
          {plural(board.conflicts, 'voter conflict', 'voter conflicts')}
        </span>{' '}
        in the schedule
      </p>
      {guest && <GuestBar name={board.me.name} />}
      {abilities.organize && <OrganizerPanel board={board} />}
      <Schedule board={board} abilities={abilities} guest={guest} />
      {abilities.propose && <ProposeForm board={board} />}
      <section aria-labelledby="edcamp-proposals">
        <h2 id="edcamp-proposals">Proposals</h2>
        {board.sessions.length === 0 ? (
          <p className="muted">No proposals yet. Say what you can lead, or what you want to learn about.</p>
        ) : (
          <ol className="edcamp-proposals">
            {board.sessions.map((session) => (
              <Proposal key={session.id} board={board} session={session} abilities={abilities} />
            ))}
          </ol>
        )}
        {abilities.organize && unplaced.length > 0 && (
          <p className="muted">
            {plural(unplaced.length, 'proposal is', 'proposals are')} not in the schedule yet: drag one onto a
            room, or choose its place with “Place”.
          </p>
        )}
      </section>
    </div>
  );
}

function GuestBar({ name }: { name: string }) {
  const leave = useLeaveAsGuest();
  return (
    <p className="edcamp__guest">
      You are on this board as <strong>{name}</strong> (a guest).{' '}
      <button type="button" className="button button--secondary button--small" onClick={() => leave.mutate()}>
        Leave the board
      </button>
    </p>
  );
}

function OrganizerPanel({ board }: { board: EdcampBoard }) {
  const update = useUpdateBoard(board.eventId, board.id);
  const propose = useProposedSchedule(board.id);
  const apply = useApplySchedule(board.eventId, board.id);
  const [proposal, setProposal] = useState<ScheduleProposalResponse['data'] | null>(null);
  const titleOf = (id: string) => board.sessions.find((s) => s.id === id)?.title ?? 'A withdrawn proposal';
  const joinUrl = `${window.location.origin}/edcamp/join?code=${board.joinCode ?? ''}`;
  return (
    <section className="edcamp-organizer card" aria-labelledby="edcamp-organizer">
      <h2 id="edcamp-organizer">Running the board</h2>
      {board.guestsAllowed && board.joinCode && (
        <p>
          Guests join at <span className="edcamp-organizer__url">{joinUrl}</span> with the code{' '}
          <strong className="edcamp-organizer__code" data-testid="edcamp-join-code">
            {board.joinCode}
          </strong>
        </p>
      )}
      <div className="actions">
        <button
          type="button"
          className="button"
          disabled={propose.isPending}
          onClick={() => propose.mutate(undefined, { onSuccess: (r) => setProposal(r.data) })}
        >
          {propose.isPending ? 'Working out a schedule…' : 'Propose a schedule'}
        </button>
        <button
          type="button"
          className="button button--secondary"
          disabled={update.isPending}
          onClick={() => update.mutate({ status: board.status === 'open' ? 'closed' : 'open' })}
        >
          {board.status === 'open' ? 'Close proposals and votes' : 'Reopen proposals and votes'}
        </button>
        <button
          type="button"
          className="button button--secondary"
          disabled={update.isPending}
          onClick={() => update.mutate({ guestsAllowed: !board.guestsAllowed })}
        >
          {board.guestsAllowed ? 'Stop admitting guests' : 'Admit guests with a code'}
        </button>
      </div>
      {update.error && <ErrorMessage error={update.error} />}
      {propose.error && <ErrorMessage error={propose.error} />}
      {proposal && (
        <section className="edcamp-proposal" aria-label="Proposed schedule">
          <p>
            Trellis’s schedule places {plural(proposal.placements.length, 'session', 'sessions')} and leaves{' '}
            <strong>{plural(proposal.conflicts, 'voter conflict', 'voter conflicts')}</strong> (the schedule
            now has {board.conflicts}). Sessions that share voters go in different slots, no leader is in two
            places, and the biggest rooms hold the most wanted.
          </p>
          {proposal.unscheduled.length > 0 && (
            <p>Left out: {proposal.unscheduled.map(titleOf).join('; ')}.</p>
          )}
          <div className="actions">
            <button
              type="button"
              className="button"
              disabled={apply.isPending}
              onClick={() => apply.mutate(proposal.placements, { onSuccess: () => setProposal(null) })}
            >
              {apply.isPending ? 'Applying…' : 'Apply this schedule'}
            </button>
            <button type="button" className="button button--secondary" onClick={() => setProposal(null)}>
              Keep the schedule as it is
            </button>
          </div>
          {apply.error && <ErrorMessage error={apply.error} />}
        </section>
      )}
    </section>
  );
}

/** The room × time grid, one slot after another so it reads on a phone; organizers drop sessions on rooms. */
function Schedule({
  board,
  abilities,
  guest,
}: {
  board: EdcampBoard;
  abilities: EdcampAbilities;
  guest: boolean;
}) {
  const place = usePlace(board.eventId);
  const [over, setOver] = useState<string | null>(null);
  const bySlotRoom = new Map(
    board.sessions.filter((s) => s.slotId).map((s) => [`${s.slotId}/${s.roomId}`, s]),
  );
  const drop = (event: DragEvent, roomId: string, slotId: string) => {
    event.preventDefault();
    setOver(null);
    const sessionId = event.dataTransfer.getData('text/x-edcamp-session');
    if (sessionId) place.mutate({ sessionId, cell: { roomId, slotId } });
  };
  return (
    <section aria-labelledby="edcamp-schedule" className="edcamp-schedule">
      <h2 id="edcamp-schedule">Schedule</h2>
      {place.error && <ErrorMessage error={place.error} />}
      {board.slots.map((slot) => (
        <section key={slot.id} className="edcamp-slot" aria-labelledby={`slot-${slot.id}`}>
          <h3 id={`slot-${slot.id}`}>
            {slot.label}{' '}
            <span className="muted">
              {timeOf(slot.startsAt, board.timeZone)}–{timeOf(slot.endsAt, board.timeZone)}
            </span>
          </h3>
          <ul className="edcamp-cells">
            {board.rooms.map((room) => {
              const key = `${slot.id}/${room.id}`;
              const session = bySlotRoom.get(key);
              return (
                <li
                  key={room.id}
                  className={`edcamp-cell${over === key ? ' edcamp-cell--over' : ''}${session ? '' : ' edcamp-cell--free'}`}
                  data-testid={`cell-${slot.label}-${room.name}`}
                  onDragOver={
                    abilities.organize
                      ? (e) => {
                          e.preventDefault();
                          setOver(key);
                        }
                      : undefined
                  }
                  onDragLeave={abilities.organize ? () => setOver(null) : undefined}
                  onDrop={abilities.organize ? (e) => drop(e, room.id, slot.id) : undefined}
                >
                  <span className="edcamp-cell__room">
                    {room.name} <span className="muted">({room.capacity} seats)</span>
                  </span>
                  {session ? (
                    <PlacedSession board={board} session={session} abilities={abilities} guest={guest} />
                  ) : (
                    <span className="muted">Free</span>
                  )}
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </section>
  );
}

function PlacedSession({
  board,
  session,
  abilities,
  guest,
}: {
  board: EdcampBoard;
  session: EdcampSession;
  abilities: EdcampAbilities;
  guest: boolean;
}) {
  const navigate = useNavigate();
  const attend = useAttend(board.eventId);
  const notes = useOpenNotes();
  const place = usePlace(board.eventId);
  return (
    // Dragging is the pointer's shortcut; the Place control below does the same from the keyboard.
    // biome-ignore lint/a11y/noStaticElementInteractions: the keyboard way is the PlacePicker form
    <div
      className="edcamp-cell__session"
      draggable={abilities.organize}
      onDragStart={(e) => dragSession(e, session.id)}
    >
      <strong>{session.title}</strong>
      <span className="muted">
        {' '}
        · {plural(session.votes, 'vote', 'votes')}
        {session.leaderName ? ` · led by ${session.leaderName}` : ''}
      </span>
      <div className="edcamp-cell__actions">
        {session.attendedByMe && <span className="chip">You went</span>}
        {session.abilities.attend && (
          <button type="button" className="button button--small" onClick={() => attend.mutate(session.id)}>
            I went to this
          </button>
        )}
        {!guest && session.notesThreadId && (
          <button
            type="button"
            className="button button--secondary button--small"
            disabled={notes.isPending}
            onClick={() =>
              notes.mutate(session.id, {
                onSuccess: ({ data }) =>
                  navigate(`/communities/${data.communityId}/threads/${data.threadId}`),
              })
            }
          >
            Notes
          </button>
        )}
        {abilities.organize && (
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => place.mutate({ sessionId: session.id, cell: null })}
            aria-label={`Take “${session.title}” out of the schedule`}
          >
            Unplace
          </button>
        )}
      </div>
      {abilities.organize && <PlacePicker board={board} session={session} />}
      {(attend.error || notes.error || place.error) && (
        <ErrorMessage error={attend.error ?? notes.error ?? place.error} />
      )}
    </div>
  );
}

const dragSession = (event: DragEvent, sessionId: string) => {
  event.dataTransfer.setData('text/x-edcamp-session', sessionId);
  event.dataTransfer.effectAllowed = 'move';
};

/** The keyboard's (and a phone's) way to place a session: choose a room and slot, then Place. */
function PlacePicker({ board, session }: { board: EdcampBoard; session: EdcampSession }) {
  const place = usePlace(board.eventId);
  const id = useId();
  const [cell, setCell] = useState('');
  const holder = (slotId: string, roomId: string) =>
    board.sessions.find((s) => s.slotId === slotId && s.roomId === roomId && s.id !== session.id);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const [slotId, roomId] = cell.split('/');
    if (slotId && roomId) place.mutate({ sessionId: session.id, cell: { roomId, slotId } });
  };
  return (
    <form className="edcamp-place" onSubmit={submit}>
      <label htmlFor={id} className="visually-hidden">
        Place “{session.title}” in
      </label>
      <select id={id} value={cell} onChange={(e) => setCell(e.target.value)}>
        <option value="">{session.slotId ? 'Move to…' : 'Choose a room and time…'}</option>
        {board.slots.map((slot) => (
          <optgroup key={slot.id} label={slot.label}>
            {board.rooms.map((room) => {
              const taken = holder(slot.id, room.id);
              return (
                <option key={room.id} value={`${slot.id}/${room.id}`}>
                  {slot.label} · {room.name}
                  {taken ? ` (swap with “${taken.title}”)` : ''}
                </option>
              );
            })}
          </optgroup>
        ))}
      </select>
      <button type="submit" className="button button--small" disabled={!cell || place.isPending}>
        Place
      </button>
      {place.error && <ErrorMessage error={place.error} />}
    </form>
  );
}

function Proposal({
  board,
  session,
  abilities,
}: {
  board: EdcampBoard;
  session: EdcampSession;
  abilities: EdcampAbilities;
}) {
  const vote = useVote(board.eventId);
  const withdraw = useWithdraw(board.eventId);
  const slot = board.slots.find((s) => s.id === session.slotId);
  const room = board.rooms.find((r) => r.id === session.roomId);
  return (
    <li
      className="edcamp-proposal-item"
      draggable={abilities.organize}
      onDragStart={(e) => dragSession(e, session.id)}
      data-testid="edcamp-proposal"
    >
      <div className="edcamp-proposal-item__text">
        <strong>{session.title}</strong>
        <span className="muted">
          {session.kind === 'lead'
            ? `${session.proposerName} can lead it`
            : `${session.proposerName} wants to learn about it`}
          {slot && room ? ` · ${slot.label}, ${room.name}` : ''}
        </span>
        {session.description && <p>{session.description}</p>}
      </div>
      <div className="edcamp-proposal-item__actions">
        <span className="edcamp-votes">
          {session.votes}
          <span className="visually-hidden"> {session.votes === 1 ? 'vote' : 'votes'}</span>
        </span>
        {abilities.vote && (
          <button
            type="button"
            className={`button button--small${session.votedByMe ? '' : ' button--secondary'}`}
            aria-pressed={session.votedByMe}
            disabled={vote.isPending}
            onClick={() => vote.mutate({ sessionId: session.id, vote: !session.votedByMe })}
          >
            {session.votedByMe ? 'Voted' : 'Vote'}
            <span className="visually-hidden"> for “{session.title}”</span>
          </button>
        )}
        {session.abilities.withdraw && (
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => withdraw.mutate(session.id)}
          >
            Withdraw<span className="visually-hidden"> “{session.title}”</span>
          </button>
        )}
      </div>
      {abilities.organize && !session.slotId && <PlacePicker board={board} session={session} />}
      {(vote.error || withdraw.error) && <ErrorMessage error={vote.error ?? withdraw.error} />}
    </li>
  );
}

function ProposeForm({ board }: { board: EdcampBoard }) {
  const propose = usePropose(board.eventId, board.id);
  const [kind, setKind] = useState<EdcampSessionKind>('lead');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [sent, setSent] = useState(false);
  const fieldError = (field: string) =>
    propose.error instanceof ApiError ? propose.error.fieldError(field) : undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSent(false);
    propose.mutate(
      { kind, title, description },
      {
        onSuccess: () => {
          setTitle('');
          setDescription('');
          setSent(true);
        },
      },
    );
  };
  return (
    <section aria-labelledby="edcamp-propose" className="edcamp-propose">
      <h2 id="edcamp-propose">Propose a session</h2>
      <form onSubmit={submit} noValidate>
        <fieldset className="choice-group choice-group--inline">
          <legend>What are you proposing?</legend>
          {(['lead', 'learn'] as const).map((k) => (
            <label key={k}>
              <input
                type="radio"
                name="edcamp-kind"
                value={k}
                checked={kind === k}
                onChange={() => setKind(k)}
              />{' '}
              {KIND_LABELS[k]}
            </label>
          ))}
        </fieldset>
        <TextField
          label="Topic"
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          maxLength={120}
          required
          error={fieldError('title')}
        />
        <TextArea
          label="A few words about it (optional)"
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          maxLength={1000}
          rows={2}
          error={fieldError('description')}
        />
        {propose.error && !fieldError('title') && !fieldError('description') && (
          <ErrorMessage error={propose.error} />
        )}
        {sent && <Notice>Proposed. People can vote for it now.</Notice>}
        <FormActions label="Propose" pendingLabel="Proposing…" pending={propose.isPending} />
      </form>
    </section>
  );
}
