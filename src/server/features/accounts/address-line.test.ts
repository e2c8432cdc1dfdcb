import { describe, expect, it } from 'vitest';
import { readAddressLine } from './address-line.ts';

describe('reading a bulk invitation line', () => {
  it.each([
    ['ana@x.org', 'ana@x.org', undefined],
    ['  ana@x.org  ', 'ana@x.org', undefined],
    ['ana@x.org, Ana Ruiz', 'ana@x.org', 'Ana Ruiz'],
    ['ana@x.org,"Ruiz, Ana"', 'ana@x.org', 'Ruiz, Ana'],
    ['ana@x.org, "Ana Ruiz"', 'ana@x.org', 'Ana Ruiz'],
    ['"ana@x.org","Ana ""Annie"" Ruiz"', 'ana@x.org', 'Ana "Annie" Ruiz'],
    ['"Ruiz, Ana" <ana@x.org>', 'ana@x.org', 'Ruiz, Ana'],
    ['Ana Ruiz <ana@x.org>', 'ana@x.org', 'Ana Ruiz'],
    ['"Ana \\"Annie\\" Ruiz" <ana@x.org>', 'ana@x.org', 'Ana "Annie" Ruiz'],
    ['<ana@x.org>', 'ana@x.org', undefined],
    ['"Ruiz, Ana",ana@x.org', 'ana@x.org', 'Ruiz, Ana'],
    ['Ana Ruiz, ana@x.org', 'ana@x.org', 'Ana Ruiz'],
    ['ana@x.org, Ruiz, Ana', 'ana@x.org', 'Ruiz, Ana'],
  ])('reads %s', (line, email, name) => {
    expect(readAddressLine(line)).toEqual({ email, name });
  });

  it('keeps a quotation mark that is not the quoting of a whole field', () => {
    expect(readAddressLine('ana@x.org, Ana "Annie" Ruiz')).toEqual({
      email: 'ana@x.org',
      name: 'Ana "Annie" Ruiz',
    });
  });

  it('leaves a line that is no address for the address check to refuse', () => {
    expect(readAddressLine('not an address, Ana')).toEqual({ email: 'not an address', name: 'Ana' });
  });
});
