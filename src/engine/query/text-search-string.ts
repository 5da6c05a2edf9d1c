// A $text search string, split as mongod splits it: words and "quoted phrases", each negated
// when a "-" stands right before it (after white space or at the start); "-a-b" negates both
// words, "- a" negates nothing, and the words of a negated phrase are not search terms.

export interface ParsedSearch {
  positive: string[];
  negated: string[];
  positivePhrases: string[];
  negatedPhrases: string[];
}

const WHITESPACE = /\s/u;

/** Splits a search string into words and phrases, each positive or negated. */
export function parseSearch(search: string): ParsedSearch {
  const parsed: ParsedSearch = {
    positive: [],
    negated: [],
    positivePhrases: [],
    negatedPhrases: [],
  };
  let negated = false;
  let phraseStart = -1;
  let afterSpace = true;
  let at = 0;
  while (at < search.length) {
    const char = search[at] as string;
    if (WHITESPACE.test(char)) {
      afterSpace = true;
      at++;
      continue;
    }
    if (char === '-') {
      if (phraseStart < 0 && afterSpace) negated = true;
    } else if (char === '"') {
      if (phraseStart >= 0) {
        const phrase = search.slice(phraseStart + 1, at);
        (negated ? parsed.negatedPhrases : parsed.positivePhrases).push(phrase);
        phraseStart = -1;
      } else {
        if (negated && afterSpace) negated = false;
        phraseStart = at;
      }
    } else {
      let end = at;
      while (end < search.length && !/[\s"-]/u.test(search[end] as string)) end++;
      if (!(phraseStart >= 0 && negated)) {
        if (negated && afterSpace) negated = false;
        (negated ? parsed.negated : parsed.positive).push(search.slice(at, end));
      }
      afterSpace = false;
      at = end;
      continue;
    }
    afterSpace = false;
    at++;
  }
  return parsed;
}
