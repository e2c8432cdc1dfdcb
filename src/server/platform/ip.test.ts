import { describe, expect, it } from 'vitest';
import { ipRateKey } from './ip.ts';

describe('ipRateKey', () => {
  it.each([
    ['198.51.100.7', '198.51.100.7'],
    ['::ffff:198.51.100.7', '198.51.100.7'],
    ['::FFFF:198.51.100.7', '198.51.100.7'],
    ['2001:db8:aa:bb::1', '2001:db8:aa:bb::/64'],
    ['2001:db8:aa:bb:1:2:3:4', '2001:db8:aa:bb::/64'],
    ['2001:0DB8:00AA:00BB:ffff:ffff:ffff:ffff', '2001:db8:aa:bb::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['2001:db8::', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['::', '0:0:0:0::/64'],
    ['fe80::1:2:3:4', 'fe80:0:0:0::/64'],
  ])('keys %s as %s', (ip, key) => {
    expect(ipRateKey(ip)).toBe(key);
  });

  it('groups addresses of one /64 and separates neighbouring /64s', () => {
    expect(ipRateKey('2001:db8:1:2::a')).toBe(ipRateKey('2001:db8:1:2:ffff::b'));
    expect(ipRateKey('2001:db8:1:2::a')).not.toBe(ipRateKey('2001:db8:1:3::a'));
  });

  it('keeps IPv4 addresses apart', () => {
    expect(ipRateKey('203.0.113.1')).not.toBe(ipRateKey('203.0.113.2'));
  });

  it('keys an IPv6 address with an embedded IPv4 tail by its /64', () => {
    expect(ipRateKey('64:ff9b::192.0.2.33')).toBe('64:ff9b:0:0::/64');
    // Six groups before the IPv4 tail: the tail fills the last two, so the zeros sit in group two.
    expect(ipRateKey('1::2:3:4:5:1.2.3.4')).toBe('1:0:2:3::/64');
    expect(ipRateKey('1:2:3:4:5:6:1.2.3.4')).toBe('1:2:3:4::/64');
  });
});
