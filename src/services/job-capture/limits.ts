// How much of a web page job capture reads, and how long each field it keeps may be. A page
// is written by whoever runs the site: these bound what a crafted one can cost (memory, time)
// and what it can put in a job (a 10 MB "title"). The job model has no lengths of its own;
// these are generous for real postings.

/** The largest page (or file) read: the rest is not read at all. */
export const MAX_PAGE_BYTES = 5 * 1024 * 1024;

/** Redirects followed before giving up. */
export const MAX_REDIRECTS = 5;

/** How long a page may take (connecting, redirects and the body), by default. */
export const DEFAULT_TIMEOUT_SECONDS = 15;

/** The longest timeout accepted (beyond it, a page is not coming). */
export const MAX_TIMEOUT_SECONDS = 300;

/** One ld+json script longer than this is skipped unread (no posting needs a megabyte). */
export const MAX_SCRIPT_CHARS = 1024 * 1024;

/** Objects and arrays nested deeper than this in JSON-LD or microdata are not looked into. */
export const MAX_NESTING = 32;

/** Elements nested deeper than this make a page unreadable (real pages nest a few dozen). */
export const MAX_DOM_DEPTH = 512;

/** Nodes visited in all of a page's structured data, at most. */
export const MAX_NODES = 50_000;

/** The longest text each field keeps (longer text is cut, with an ellipsis). */
export const FIELD_LIMITS = {
  title: 200,
  company: 200,
  location: 300,
  url: 2048,
  source: 253,
  tag: 60,
  description: 50_000,
} as const;

/** Tags kept from a posting's skills, at most. */
export const MAX_TAGS = 30;

/** HTML of a description converted to text, at most (the text is cut afterwards anyway). */
export const MAX_DESCRIPTION_HTML = 500_000;
