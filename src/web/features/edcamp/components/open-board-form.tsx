import { type FormEvent, useState } from 'react';
import { ErrorMessage } from '#web/components/feedback.tsx';
import { TextArea, TextField } from '#web/components/field.tsx';
import { FormActions } from '#web/components/form-actions.tsx';
import { ApiError } from '#web/lib/api-client.ts';
import { useOpenBoard } from '../api/edcamp.ts';

/** "Library, 40" → a room of 40 seats; a line without a number gets 30. */
function parseRooms(text: string) {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const match = line.match(/^(.*?)[,;]\s*(\d+)\s*$/);
      return match ? { name: match[1].trim(), capacity: Number(match[2]) } : { name: line, capacity: 30 };
    });
}

const localNow = () => {
  const d = new Date(Date.now() + 30 * 60_000);
  d.setMinutes(0, 0, 0);
  return new Date(d.getTime() - d.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
};

/** An organizer opens the event's board: rooms with their seats, and a morning of equal slots. */
export function OpenBoardForm({ eventId }: { eventId: string }) {
  const open = useOpenBoard(eventId);
  const [rooms, setRooms] = useState('Library, 40\nRoom 12, 25\nArt room, 20');
  const [start, setStart] = useState(localNow);
  const [count, setCount] = useState('3');
  const [minutes, setMinutes] = useState('45');
  const [gap, setGap] = useState('15');
  const [guests, setGuests] = useState(true);
  const fieldError = (field: string) =>
    open.error instanceof ApiError ? open.error.fieldError(field) : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const first = new Date(start).getTime();
    const length = Number(minutes) * 60_000;
    const step = length + Number(gap) * 60_000;
    const slots = Array.from({ length: Math.max(0, Math.min(12, Number(count) || 0)) }, (_, i) => ({
      label: `Session ${i + 1}`,
      startsAt: new Date(first + i * step).toISOString(),
      endsAt: new Date(first + i * step + length).toISOString(),
    }));
    open.mutate({ rooms: parseRooms(rooms), slots, guestsAllowed: guests });
  };

  return (
    <form onSubmit={submit} className="edcamp-open" noValidate>
      <h2>Open the edcamp board</h2>
      <TextArea
        label="Rooms"
        hint="One a line, with its seats: “Library, 40”."
        value={rooms}
        onChange={(e) => setRooms(e.target.value)}
        rows={4}
        error={fieldError('rooms') ?? fieldError('name') ?? fieldError('capacity')}
      />
      <TextField
        label="First session starts"
        type="datetime-local"
        value={start}
        onChange={(e) => setStart(e.target.value)}
        error={fieldError('startsAt')}
      />
      <div className="edcamp-open__row">
        <TextField
          label="Sessions"
          type="number"
          min={1}
          max={12}
          value={count}
          onChange={(e) => setCount(e.target.value)}
        />
        <TextField
          label="Minutes each"
          type="number"
          min={10}
          max={240}
          value={minutes}
          onChange={(e) => setMinutes(e.target.value)}
          error={fieldError('endsAt')}
        />
        <TextField
          label="Break (minutes)"
          type="number"
          min={0}
          max={120}
          value={gap}
          onChange={(e) => setGap(e.target.value)}
        />
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={guests} onChange={(e) => setGuests(e.target.checked)} /> Let people
        without an account join with a code (in-person events)
      </label>
      {fieldError('guestsAllowed') && <p className="field__error">{fieldError('guestsAllowed')}</p>}
      {open.error && <ErrorMessage error={open.error} />}
      <FormActions label="Open the board" pendingLabel="Opening…" pending={open.isPending} />
    </form>
  );
}
