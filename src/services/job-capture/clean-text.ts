// Text from a page made fit for a job's field: HTML entities decoded once (JSON-LD often
// carries `&amp;` and `&#x27;`), HTML turned into plain text, control characters dropped
// (they are never part of a posting, and a terminal would act on them), whitespace tidied,
// and the length capped.
import { decodeHTML } from 'entities';
import { convert } from 'html-to-text';
import { MAX_DESCRIPTION_HTML } from './limits.js';
import { parseBounded } from './page-document.js';

// C0 controls but tab and line feed, DEL, C1 controls, and the bidi embeddings, overrides
// and isolates (which make text read differently from what it is).
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/gu;

/** `text` cut to `max` characters (an ellipsis ends a cut text), never inside a pair. */
export function capped(text: string, max: number): string {
  if (text.length <= max) return text;
  let head = text.slice(0, max - 1);
  // The cut may have split a surrogate pair: its first half alone goes too.
  if (/[\ud800-\udbff]$/.test(head)) head = head.slice(0, -1);
  return `${head.trimEnd()}…`;
}

function withoutControls(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(CONTROLS, '');
}

/** How a page's text reached us: JSON-LD strings may hold entities; parsed HTML text does not. */
export interface TextOrigin {
  /** Whether entities are still to be decoded (JSON-LD), not already (HTML text, attributes). */
  encoded: boolean;
}

/** A one-line value (title, company, place): entities decoded, spaces collapsed, capped. */
export function lineText(value: string, max: number, origin: TextOrigin): string | undefined {
  const decoded = origin.encoded ? decodeHTML(value) : value;
  const text = withoutControls(decoded).replace(/\s+/g, ' ').trim();
  return text === '' ? undefined : capped(text, max);
}

const LOOKS_LIKE_HTML = /<(?:[a-z][a-z0-9]*|\/[a-z]|!--)/i;

/**
 * A description as plain text. JSON-LD gives HTML, often entity-escaped once more
 * (`&lt;p&gt;`): it is decoded once, then converted if it holds tags. Paragraphs stay apart
 * by a blank line, list items start with "- ".
 */
export function descriptionText(
  value: string,
  max: number,
  origin: TextOrigin,
): string | undefined {
  const head = value.slice(0, MAX_DESCRIPTION_HTML);
  const decoded = origin.encoded ? decodeHTML(head) : head;
  return descriptionFromHtml(LOOKS_LIKE_HTML.test(decoded) ? decoded : undefined, decoded, max);
}

/** The text of a description's HTML (as microdata gives it: markup, not escaped). */
export function htmlDescriptionText(html: string, max: number): string | undefined {
  return descriptionFromHtml(html.slice(0, MAX_DESCRIPTION_HTML), html, max);
}

function descriptionFromHtml(
  html: string | undefined,
  plain: string,
  max: number,
): string | undefined {
  // Markup nested too deeply to parse in good time is no description (see parseBounded).
  if (html !== undefined && parseBounded(html) === undefined) return undefined;
  const converted =
    html === undefined
      ? plain
      : convert(html, {
          wordwrap: false,
          selectors: [
            { selector: 'a', options: { ignoreHref: true } },
            { selector: 'img', format: 'skip' },
            { selector: 'script', format: 'skip' },
            { selector: 'style', format: 'skip' },
            { selector: 'ul', options: { itemPrefix: '- ' } },
            { selector: 'h1', options: { uppercase: false } },
            { selector: 'h2', options: { uppercase: false } },
            { selector: 'h3', options: { uppercase: false } },
            { selector: 'h4', options: { uppercase: false } },
            { selector: 'h5', options: { uppercase: false } },
            { selector: 'h6', options: { uppercase: false } },
          ],
        });
  const text = withoutControls(converted)
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return text === '' ? undefined : capped(text, max);
}

/** An http(s) URL as text (credentials and fragment left out), or undefined for any other. */
export function webUrl(value: string, base?: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(value.trim(), base);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  url.username = '';
  url.password = '';
  url.hash = '';
  return url;
}
