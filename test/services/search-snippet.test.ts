// The excerpt of a search result: around a phrase first, else the first word searched for
// (compared stemmed and folded, as the index compares words), cut between words, one line.
import { describe, expect, it } from 'vitest';
import { searchTerms, snippetOf } from '../../src/services/search-snippet.js';

const texts = (...items: Array<[string, string]>) =>
  items.map(([field, text]) => ({ field, text }));

describe('search excerpts', () => {
  it('are taken around the first word searched for, stemmed and folded, in field order', () => {
    const found = snippetOf(
      texts(['title', 'Platform Engineer'], ['notes', 'We talked about Interviewing at Ácme']),
      'interviews acme',
    );
    expect(found).toEqual({ field: 'notes', snippet: 'We talked about Interviewing at Ácme' });
  });

  it('prefer a quoted phrase where it appears, over its words elsewhere', () => {
    const found = snippetOf(
      texts(['company', 'Acme Robotics'], ['description', 'Runs the clusters of the robot fleet']),
      '"robot fleet"',
    );
    expect(found).toEqual({
      field: 'description',
      snippet: 'Runs the clusters of the robot fleet',
    });
  });

  it('are cut between words, with … where text was left out, on one line', () => {
    const long =
      'First we met at the conference in Lisbon,\nthen again when the team\tasked about kubernetes operators and their upgrade paths over several quarters';
    const { snippet } = snippetOf(texts(['notes', long]), 'kubernetes');
    expect(snippet.startsWith('…')).toBe(true);
    expect(snippet.endsWith('…')).toBe(true);
    expect(snippet).toContain('kubernetes operators');
    expect(snippet).not.toMatch(/[\n\t]/);
    expect(snippet.length).toBeLessThanOrEqual(64);
  });

  it('never look for a negated word or a stop word', () => {
    expect([...searchTerms('kubernetes -fleet the')]).toEqual(['kubernet']);
    expect(snippetOf(texts(['notes', 'fleet of kubernetes']), 'kubernetes -fleet').snippet).toBe(
      'fleet of kubernetes',
    );
  });

  it('fall back to the start of the first text, and escape control characters', () => {
    expect(snippetOf(texts(['title', '']), 'x')).toEqual({ field: '', snippet: '' });
    expect(snippetOf(texts(['name', 'Eve \u001b[2J']), 'nothing')).toEqual({
      field: 'name',
      snippet: 'Eve \\x1b[2J',
    });
  });
});
