import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';
import {
  ACCOUNT_RULE,
  ADDRESS_RULE,
  secondsToWait,
  throttleKeys,
  waitAfterLastFailure,
} from './sign-in-throttle.ts';

describe('waitAfterLastFailure', () => {
  it.each([
    [0, 0],
    [4, 0],
    [5, 1],
    [6, 2],
    [9, 16],
    [10, 32],
    [11, 60],
    [1000, 60],
  ])('an account with %i failures waits %i s', (failures, wait) => {
    expect(waitAfterLastFailure(failures, ACCOUNT_RULE)).toBe(wait);
  });

  it.each([
    [99, 0],
    [100, 1],
    [103, 8],
    [500, 60],
  ])('an address with %i failures waits %i s', (failures, wait) => {
    expect(waitAfterLastFailure(failures, ADDRESS_RULE)).toBe(wait);
  });
});

describe('secondsToWait', () => {
  it('counts down from the last failure', () => {
    expect(secondsToWait({ failures: 8, elapsedSeconds: 3 }, ACCOUNT_RULE)).toBe(5);
    expect(secondsToWait({ failures: 8, elapsedSeconds: 9 }, ACCOUNT_RULE)).toBe(0);
  });

  it('forgets failures as time passes, one per forgiving interval', () => {
    // Twenty minutes after the last of 7 failures, two are forgiven: 5 remain, a 1 s wait long over.
    expect(secondsToWait({ failures: 7, elapsedSeconds: 1200 }, ACCOUNT_RULE)).toBe(0);
    // A school's occasional typos leak away faster than they come.
    expect(secondsToWait({ failures: 101, elapsedSeconds: 60 }, ADDRESS_RULE)).toBe(0);
  });
});

describe('throttleKeys', () => {
  it('keys an account by a hash of its lower-cased address and an address by its /64', () => {
    const a = throttleKeys('Ada@Example.test ', '2001:db8:1:2::5');
    const b = throttleKeys('ada@example.test', '2001:db8:1:2:ffff::9');
    expect(a).toEqual(b);
    expect(a.account).toMatch(/^account:[0-9a-f]{64}$/);
    expect(a.account).not.toContain('ada');
    expect(a.address).toBe('address:2001:db8:1:2::/64');
  });
});

describe('TRUST_PROXY', () => {
  const read = (value: string) => loadConfig({ TRUST_PROXY: value }).TRUST_PROXY;

  it.each([
    ['0', false],
    ['false', false],
    ['off', false],
    ['1', 1],
    ['true', 1],
    ['on', 1],
    ['2', 2],
    ['10.0.0.1', ['10.0.0.1']],
    ['10.0.0.0/8, fd00::/8,loopback', ['10.0.0.0/8', 'fd00::/8', 'loopback']],
  ] as const)('reads %j as %j', (value, expected) => {
    expect(read(value)).toEqual(expected);
  });

  it('is off when unset', () => {
    expect(loadConfig({}).TRUST_PROXY).toBe(false);
  });

  it.each(['everyone', '10.0.0.0/33', '10.0.0.1/8/8', 'fd00::/129', '10.0.0'])(
    'refuses %j, naming the variable',
    (value) => {
      expect(() => read(value)).toThrow(/TRUST_PROXY/);
    },
  );
});
