// A page as job capture is given it: its text, whether it is HTML or a JSON-LD document, and
// where it came from. src/web reads one from the network or a file; this module only reads it.

export type PageKind = 'html' | 'json-ld';

export interface WebPage {
  text: string;
  kind: PageKind;
  /** The page's address once redirects were followed; none for a file. */
  url?: URL;
  /** How messages name it: the address (without its query) or the file. */
  name: string;
}

/** A URL as messages show it: no credentials, no query string (it may hold a token). */
export function shownUrl(url: URL): string {
  return `${url.origin}${url.pathname}`;
}
