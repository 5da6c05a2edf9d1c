// Reading a job posting's page from the web with Node's fetch (undici), on our terms:
// redirects followed by hand (at most MAX_REDIRECTS, a loop named as one), one timeout for
// the whole read (connecting, every redirect, the body), the body read as a stream and
// dropped past the byte limit, and only HTML (or a JSON-LD document) accepted. Each way this
// can fail is one error with its own exit code (src/domain/errors.ts).
import {
  PageUnreachableError,
  PageUnusableError,
  ServerTimeoutError,
  UsageError,
} from '../domain/errors.js';
import { FieldError } from '../domain/field-error.js';
import { field, say } from '../domain/phrases.js';
import { shownUrl, type PageKind, type WebPage } from '../services/job-capture/page.js';
import { headerCharset, pageText } from './page-text.js';

export interface FetchLimits {
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

const REQUEST_HEADERS = {
  accept: 'text/html,application/xhtml+xml,application/ld+json;q=0.9,*/*;q=0.1',
  'user-agent': 'career (job capture)',
};

/** The URL given to read a page from: http or https only. */
export function pageUrl(text: string, name = 'fromUrl'): URL {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new FieldError(
      { field: name, problem: 'invalid', value: text, detail: `'${text}' is not a URL` },
      { hint: 'give the whole address, e.g. https://jobs.example.com/postings/123' },
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FieldError({
      field: name,
      problem: 'invalid',
      value: text,
      detail: `only http and https pages can be read, not ${url.protocol.replace(/:$/, '')}:`,
    });
  }
  url.hash = '';
  return url;
}

function megabytes(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}

function tooLarge(url: URL, limit: number): PageUnusableError {
  return new PageUnusableError(
    `${shownUrl(url)} is larger than ${megabytes(limit)}: it was not read`,
  );
}

/** What a content type makes of a page: HTML, JSON-LD, or nothing we read. */
function kindOf(contentType: string): PageKind | undefined {
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'text/html' || type === 'application/xhtml+xml') return 'html';
  if (type === 'application/ld+json') return 'json-ld';
  return undefined;
}

/** The body, read chunk by chunk and given up as soon as it passes `maxBytes`. */
async function readBody(response: Response, url: URL, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge(url, maxBytes);
  }
  if (response.body === null) return new Uint8Array();
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge(url, maxBytes);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

function causeCode(error: unknown): string | undefined {
  const cause = (error as { cause?: unknown }).cause;
  if (typeof cause !== 'object' || cause === null) return undefined;
  const code = (cause as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  // A refused connection to every address of a host comes as an AggregateError of them.
  const errors = (cause as { errors?: unknown }).errors;
  if (Array.isArray(errors)) return causeCode({ cause: errors[0] });
  return undefined;
}

const REASONS: Readonly<Record<string, string>> = {
  ENOTFOUND: 'no such host',
  EAI_AGAIN: 'its name could not be looked up',
  ECONNREFUSED: 'the connection was refused',
  ECONNRESET: 'the connection was reset',
  EHOSTUNREACH: 'the host cannot be reached',
  ENETUNREACH: 'the network cannot be reached',
  UND_ERR_SOCKET: 'the connection was closed',
};

function unreachable(url: URL, error: unknown): PageUnreachableError {
  const code = causeCode(error);
  const reason =
    code === undefined
      ? ((error as { cause?: { message?: string } }).cause?.message ?? String(error))
      : (REASONS[code] ??
        (/CERT|TLS|SSL/.test(code) ? `its TLS certificate is refused (${code})` : code));
  return new PageUnreachableError(`cannot reach ${url.host}: ${reason}`, {
    hint: 'check the address and your network connection',
    cause: error,
  });
}

function timedOut(url: URL, timeoutMs: number, cause: unknown): ServerTimeoutError {
  const seconds = Math.round(timeoutMs / 100) / 10;
  return new ServerTimeoutError(`${url.host} did not answer within ${seconds} s`, {
    hint: say`try again later, or allow it longer with ${field('timeout')} (in seconds)`,
    cause,
  });
}

/** The page at `start`, following redirects; every failure a CareerError of its own. */
export async function fetchPage(start: URL, limits: FetchLimits): Promise<WebPage> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  let url = start;
  try {
    const visited: string[] = [url.href];
    for (;;) {
      let response: Response;
      try {
        response = await fetch(url, { redirect: 'manual', signal, headers: REQUEST_HEADERS });
      } catch (error) {
        if (signal.aborted) throw error;
        throw unreachable(url, error);
      }
      if (REDIRECTS.has(response.status)) {
        await response.body?.cancel();
        url = redirectTarget(url, response, visited, limits.maxRedirects);
        continue;
      }
      if (response.status < 200 || response.status > 299) {
        await response.body?.cancel();
        const status = `${response.status} ${response.statusText}`.trim();
        throw new PageUnusableError(`${shownUrl(url)} answered HTTP ${status}`);
      }
      const contentType = response.headers.get('content-type') ?? '';
      const kind = kindOf(contentType);
      if (kind === undefined) {
        await response.body?.cancel();
        const type = contentType.split(';')[0]?.trim() || 'no content type';
        throw new PageUnusableError(`${shownUrl(url)} is not a web page (${type})`, {
          hint: 'give the address of the posting itself (an HTML page)',
        });
      }
      const body = await readBody(response, url, limits.maxBytes);
      return { text: pageText(body, headerCharset(contentType)), kind, url, name: shownUrl(url) };
    }
  } catch (error) {
    if (signal.aborted && !(error instanceof UsageError)) {
      throw timedOut(url, limits.timeoutMs, error);
    }
    throw error;
  }
}

/** Where a redirect goes; a loop, too many or a non-web target are errors. */
function redirectTarget(
  from: URL,
  response: Response,
  visited: string[],
  maxRedirects: number,
): URL {
  const location = response.headers.get('location');
  if (location === null || location.trim() === '') {
    throw new PageUnusableError(`${shownUrl(from)} redirects without saying where`);
  }
  let target: URL;
  try {
    target = new URL(location, from);
  } catch {
    throw new PageUnusableError(`${shownUrl(from)} redirects to an address that is not a URL`);
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    throw new PageUnusableError(
      `${shownUrl(from)} redirects to a ${target.protocol.replace(/:$/, '')}: address, not a web page`,
    );
  }
  target.hash = '';
  if (visited.includes(target.href)) {
    const loop = [...visited.slice(visited.indexOf(target.href)), target.href].map((href) =>
      shownUrl(new URL(href)),
    );
    throw new PageUnusableError(`redirect loop: ${loop.join(' -> ')}`);
  }
  visited.push(target.href);
  if (visited.length - 1 > maxRedirects) {
    throw new PageUnusableError(
      `${shownUrl(visited[0] === undefined ? from : new URL(visited[0]))} redirects more than ${maxRedirects} times`,
    );
  }
  return target;
}
