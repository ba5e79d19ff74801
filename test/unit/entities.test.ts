import { describe, expect, it } from 'vitest';
import { decodeEntities, escapeEntities } from '../../src/domain/entities.js';

const cases: [typed: string, escaped: string][] = [
  ['<@U0123>', '&lt;@U0123&gt;'],
  ['<!channel>', '&lt;!channel&gt;'],
  ['<https://evil.example|click>', '&lt;https://evil.example|click&gt;'],
  ['a & b', 'a &amp; b'],
  ['&lt; already escaped', '&amp;lt; already escaped'],
  ['plain text', 'plain text'],
];

describe('Slack entities', () => {
  it.each(cases)('%j escapes to %j and decodes back', (typed, escaped) => {
    expect(escapeEntities(typed)).toBe(escaped);
    expect(decodeEntities(escaped)).toBe(typed);
  });
});
