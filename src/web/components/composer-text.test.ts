import { describe, expect, it } from 'vitest';
import { insertMention, mentionQueryAt, toDisplay, toStored } from './composer-text.ts';

const ANA = { id: '0190a0b0-0000-7000-8000-000000000001', name: 'Ana Díaz' };
const AN = { id: '0190a0b0-0000-7000-8000-000000000002', name: 'Ana' };
const ODD = { id: '0190a0b0-0000-7000-8000-000000000003', name: 'Lee [Coach]' };

describe('mentions in the composer', () => {
  it('shows a stored mention as the name and stores it back as the link', () => {
    const stored = `Thanks @[Ana Díaz](/people/${ANA.id}), and @[Ana](/people/${AN.id})!`;
    const shown = toDisplay(stored);
    expect(shown.text).toBe('Thanks @Ana Díaz, and @Ana!');
    expect(shown.mentions).toEqual([ANA, AN]);
    expect(toStored(shown.text, shown.mentions)).toBe(stored);
  });

  it('escapes brackets in a name and leaves other words alone', () => {
    const stored = toStored('Ask @Lee [Coach] or @Anabel or email@Ana', [ODD, AN]);
    expect(stored).toBe(
      `Ask @[Lee \\[Coach\\]](/people/${ODD.id}) or @Anabel or email@[Ana](/people/${AN.id})`,
    );
    expect(toDisplay(stored).text).toBe('Ask @Lee [Coach] or @Anabel or email@Ana');
  });

  it('finds the name typed after an @ at the caret', () => {
    expect(mentionQueryAt('Hello @An', 9)).toEqual({ start: 6, query: 'An' });
    expect(mentionQueryAt('@Ana Dí', 7)).toEqual({ start: 0, query: 'Ana Dí' });
    expect(mentionQueryAt('mail me@home', 12)).toBeNull();
    expect(mentionQueryAt('@Ana\nnext', 9)).toBeNull();
    expect(mentionQueryAt('no at sign', 5)).toBeNull();
  });

  it('replaces the typed query with the picked name and puts the caret after it', () => {
    expect(insertMention('Hi @an there', 3, 6, ANA)).toEqual({ text: 'Hi @Ana Díaz there', caret: 13 });
  });
});
