import { describe, expect, it } from 'vitest';
import { excerpt, markdownExcerpt, renderMarkdown } from './markdown.ts';

const ATTACHMENT = '/api/attachments/0190a0b0-0000-7000-8000-000000000001';
const PERSON = '0190a0b0-0000-7000-8000-000000000002';

/** Nothing that can run, style or load from elsewhere may survive. */
function expectInert(html: string) {
  expect(html).not.toMatch(/<script|<style|<iframe|<object|<embed|<svg|<form|<input/i);
  // Escaped text may spell anything; real tags (the only things a browser acts on) may not.
  for (const tag of html.match(/<[a-z][^>]*>/gi) ?? []) {
    expect(tag).not.toMatch(/\son\w+\s*=/i);
    expect(tag).not.toMatch(/style=/i);
    expect(tag).not.toMatch(/(href|src)="\s*(javascript|data|vbscript):/i);
  }
}

describe('renderMarkdown', () => {
  it('renders ordinary Markdown', () => {
    const { html, text } = renderMarkdown('**Bold** and _soft_\n\n- one\n- two\n\n> quoted\n\n`x < y`');
    expect(html).toContain('<strong>Bold</strong>');
    expect(html).toContain('<em>soft</em>');
    expect(html).toContain('<li>one</li>');
    expect(html).toContain('<blockquote>');
    expect(html).toContain('<code>x &lt; y</code>');
    expect(text).toBe('Bold and soft one two quoted x < y');
  });

  it('escapes raw HTML, script tags and event handlers', () => {
    for (const hostile of [
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      '<a href="javascript:alert(1)" style="color:red">x</a>',
      '<scr<script>ipt>alert(1)</scr</script>ipt>',
      '<svg/onload=alert(1)>',
      '<iframe src="https://evil.example"></iframe>',
      '<<script>script>alert(1)<</script>/script>',
    ]) {
      const { html } = renderMarkdown(hostile);
      expectInert(html);
      expect(html).not.toContain('<script');
      expect(html.startsWith('<p>')).toBe(true);
    }
  });

  it('drops javascript: and data: links but keeps web, mail and relative ones', () => {
    const { html } = renderMarkdown(
      '[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) [c](data:text/html;base64,PHNjcmlwdD4=) ' +
        '[d](https://ok.example/x) [e](mailto:t@example.org) [f](/communities/1) [g](//evil.example)',
    );
    expectInert(html);
    expect(html).toContain('<a href="https://ok.example/x" rel="nofollow noopener noreferrer">d</a>');
    expect(html).toContain('href="mailto:t@example.org"');
    expect(html).toContain('href="/communities/1"');
    expect(html).not.toContain('//evil.example"');
  });

  it('shows only images uploaded to Trellis; others become links or words', () => {
    const { html } = renderMarkdown(
      `![ours](${ATTACHMENT}) ![theirs](https://evil.example/track.png) ![inline](data:image/png;base64,AAAA)`,
    );
    expectInert(html);
    expect(html).toContain(`<img src="${ATTACHMENT}" alt="ours" />`);
    expect(html).not.toContain('<img src="https://evil.example');
    expect(html).toContain(
      '<a href="https://evil.example/track.png" rel="nofollow noopener noreferrer">theirs</a>',
    );
    expect(html).not.toContain('data:');
    expect(html.match(/<img/g)).toHaveLength(1);
  });

  it('keeps headings below the page headings', () => {
    const { html } = renderMarkdown('# One\n\n## Two\n\n### Three');
    expect(html).not.toMatch(/<h[12]/);
    expect(html).toContain('<h3>One</h3>');
  });

  it('finds mentions, links them with the mention class, and ignores ones in code', () => {
    const other = '0190a0b0-0000-7000-8000-000000000003';
    const { html, mentions, text } = renderMarkdown(
      `Thanks @[Ana Ruiz](/people/${PERSON}) and @[Ana](/people/${PERSON}); see [profile](/people/${other}) ` +
        `and \`@[Code](/people/${other})\``,
    );
    expect(mentions).toEqual([PERSON]);
    expect(html).toContain(`<a href="/people/${PERSON}" class="mention">@Ana Ruiz</a>`);
    expect(html).not.toContain(`class="mention">@Code`);
    expect(text).toContain('@Ana Ruiz');
  });

  it('links bare addresses', () => {
    expect(renderMarkdown('see https://example.org').html).toContain('<a href="https://example.org"');
  });
});

describe('excerpt', () => {
  it('cuts long text at a word', () => {
    expect(excerpt('one two three four', 9)).toBe('one two…');
    expect(excerpt('short', 9)).toBe('short');
  });

  it('gives the same excerpt of a post without rendering it, and a new one once its words change', () => {
    const sources = [
      '# Title\n\nSome **bold** words and `code` with a [link](https://example.org).',
      `@[Ana](/people/${PERSON}) said <script>alert(1)</script> ![chart](${ATTACHMENT})`,
      `${'word '.repeat(120)}end`,
      '```\nfenced code\n```\n\n- a\n- b',
      '',
    ];
    for (const source of sources)
      for (const max of [200, 40]) {
        expect(markdownExcerpt(source, max)).toBe(excerpt(renderMarkdown(source).text, max));
        expect(markdownExcerpt(source, max)).toBe(excerpt(renderMarkdown(source).text, max));
      }
    expect(markdownExcerpt('first words')).toBe('first words');
    expect(markdownExcerpt('first words, edited')).toBe('first words, edited');
  });
});
