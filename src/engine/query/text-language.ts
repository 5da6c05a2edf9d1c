// The languages of text indexes, as MongoDB's textIndexVersion 3 knows them: fifteen Snowball
// languages (by name or two-letter code, in any case) and "none". Each has a stemmer and a
// stop-word list from well-kept packages (@orama/stemmers, @orama/stopwords).
import { stemmer as danishStemmer } from '@orama/stemmers/danish';
import { stemmer as dutchStemmer } from '@orama/stemmers/dutch';
import { stemmer as englishStemmer } from '@orama/stemmers/english';
import { stemmer as finnishStemmer } from '@orama/stemmers/finnish';
import { stemmer as frenchStemmer } from '@orama/stemmers/french';
import { stemmer as germanStemmer } from '@orama/stemmers/german';
import { stemmer as hungarianStemmer } from '@orama/stemmers/hungarian';
import { stemmer as italianStemmer } from '@orama/stemmers/italian';
import { stemmer as norwegianStemmer } from '@orama/stemmers/norwegian';
import { stemmer as portugueseStemmer } from '@orama/stemmers/portuguese';
import { stemmer as romanianStemmer } from '@orama/stemmers/romanian';
import { stemmer as russianStemmer } from '@orama/stemmers/russian';
import { stemmer as spanishStemmer } from '@orama/stemmers/spanish';
import { stemmer as swedishStemmer } from '@orama/stemmers/swedish';
import { stemmer as turkishStemmer } from '@orama/stemmers/turkish';
import { stopwords as danishStopwords } from '@orama/stopwords/danish';
import { stopwords as dutchStopwords } from '@orama/stopwords/dutch';
import { stopwords as englishStopwords } from '@orama/stopwords/english';
import { stopwords as finnishStopwords } from '@orama/stopwords/finnish';
import { stopwords as frenchStopwords } from '@orama/stopwords/french';
import { stopwords as germanStopwords } from '@orama/stopwords/german';
import { stopwords as hungarianStopwords } from '@orama/stopwords/hungarian';
import { stopwords as italianStopwords } from '@orama/stopwords/italian';
import { stopwords as norwegianStopwords } from '@orama/stopwords/norwegian';
import { stopwords as portugueseStopwords } from '@orama/stopwords/portuguese';
import { stopwords as romanianStopwords } from '@orama/stopwords/romanian';
import { stopwords as russianStopwords } from '@orama/stopwords/russian';
import { stopwords as spanishStopwords } from '@orama/stopwords/spanish';
import { stopwords as swedishStopwords } from '@orama/stopwords/swedish';
import { stopwords as turkishStopwords } from '@orama/stopwords/turkish';

export interface TextLanguage {
  /** The canonical name ("english", "none"). */
  readonly name: string;
  readonly stem: (word: string) => string;
  readonly stopWords: ReadonlySet<string>;
}

const NONE: TextLanguage = { name: 'none', stem: (word) => word, stopWords: new Set() };

/** Words whose stems a language remembers (its cache starts again when full). */
const STEM_CACHE_SIZE = 50_000;

/**
 * `stem` remembered per word: a search scores every candidate's text, and a Snowball stemmer
 * (a cascade of regular expressions) costs far more than a lookup of the same few words.
 */
function remembered(stem: (word: string) => string): (word: string) => string {
  let cache = new Map<string, string>();
  return (word) => {
    let found = cache.get(word);
    if (found === undefined) {
      found = stem(word);
      if (cache.size >= STEM_CACHE_SIZE) cache = new Map();
      cache.set(word, found);
    }
    return found;
  };
}

function language(
  name: string,
  stem: (word: string) => string,
  stopWords: readonly string[],
): TextLanguage {
  return { name, stem: remembered(stem), stopWords: new Set(stopWords) };
}

/** MongoDB's languages under their names and their two-letter codes. */
const LANGUAGES: readonly [string, TextLanguage][] = [
  ['da', language('danish', danishStemmer, danishStopwords)],
  ['nl', language('dutch', dutchStemmer, dutchStopwords)],
  ['en', language('english', englishStemmer, englishStopwords)],
  ['fi', language('finnish', finnishStemmer, finnishStopwords)],
  ['fr', language('french', frenchStemmer, frenchStopwords)],
  ['de', language('german', germanStemmer, germanStopwords)],
  ['hu', language('hungarian', hungarianStemmer, hungarianStopwords)],
  ['it', language('italian', italianStemmer, italianStopwords)],
  ['nb', language('norwegian', norwegianStemmer, norwegianStopwords)],
  ['pt', language('portuguese', portugueseStemmer, portugueseStopwords)],
  ['ro', language('romanian', romanianStemmer, romanianStopwords)],
  ['ru', language('russian', russianStemmer, russianStopwords)],
  ['es', language('spanish', spanishStemmer, spanishStopwords)],
  ['sv', language('swedish', swedishStemmer, swedishStopwords)],
  ['tr', language('turkish', turkishStemmer, turkishStopwords)],
];

const BY_NAME = new Map<string, TextLanguage>([['none', NONE]]);
for (const [code, entry] of LANGUAGES) {
  BY_NAME.set(code, entry);
  BY_NAME.set(entry.name, entry);
}

/** The language a name stands for (case-insensitive), or undefined for an unsupported one. */
export function textLanguageOf(name: string): TextLanguage | undefined {
  return BY_NAME.get(name.toLowerCase());
}
