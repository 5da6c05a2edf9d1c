// Reading pages from a local server (test/helpers/posting-server.ts) with src/web: redirects,
// the timeout, the byte limit, content types and status codes, each failure its own error
// and exit code. And reading a saved page from a file or stdin.
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ExitCode,
  PageUnreachableError,
  PageUnusableError,
  ServerTimeoutError,
  UsageError,
} from '../../src/domain/errors.js';
import { MAX_PAGE_BYTES, MAX_REDIRECTS } from '../../src/services/job-capture/index.js';
import { fetchPage, pageUrl, type FetchLimits } from '../../src/web/page-fetch.js';
import { readPageFile } from '../../src/web/page-file.js';
import {
  closedPortUrl,
  postingFile,
  postingText,
  startPostingServer,
  type PostingServer,
} from '../helpers/posting-server.js';

let server: PostingServer;
const limits: FetchLimits = {
  timeoutMs: 10_000,
  maxBytes: MAX_PAGE_BYTES,
  maxRedirects: MAX_REDIRECTS,
};

beforeAll(async () => {
  server = await startPostingServer();
});
afterAll(() => server.close());

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

describe('fetching a page', () => {
  it('reads an HTML page, following relative and absolute redirects', async () => {
    const page = await fetchPage(new URL(server.url('/hop/1')), limits);
    expect(page.kind).toBe('html');
    expect(page.text).toBe(postingText('greenhouse-like.html'));
    expect(page.url?.href).toBe(server.url('/postings/greenhouse-like.html?from=hop'));
    // Named without its query (which may hold a token).
    expect(page.name).toBe(server.url('/postings/greenhouse-like.html'));
  });

  it('decodes the charset the server names, and reads application/ld+json', async () => {
    expect((await fetchPage(new URL(server.url('/latin1')), limits)).text).toContain(
      'Société Générale',
    );
    expect((await fetchPage(new URL(server.url('/latin1-meta')), limits)).text).toContain(
      'Crédit Agricole',
    );
    expect((await fetchPage(new URL(server.url('/posting.jsonld')), limits)).kind).toBe('json-ld');
  });

  it('names a redirect loop, too many redirects and a redirect to javascript: (exit 13)', async () => {
    const loop = await failure(fetchPage(new URL(server.url('/loop/a')), limits));
    expect(loop).toBeInstanceOf(PageUnusableError);
    expect((loop as PageUnusableError).exitCode).toBe(ExitCode.PageUnusable);
    expect(loop.message).toBe(
      `redirect loop: ${server.url('/loop/a')} -> ${server.url('/loop/b')} -> ${server.url('/loop/a')}`,
    );
    const chain = await failure(fetchPage(new URL(server.url('/chain/0')), limits));
    expect(chain.message).toBe(
      `${server.url('/chain/0')} redirects more than ${MAX_REDIRECTS} times`,
    );
    expect(server.requests.filter((path) => path.startsWith('/chain/'))).toHaveLength(
      MAX_REDIRECTS + 1,
    );
    const script = await failure(fetchPage(new URL(server.url('/to-javascript')), limits));
    expect(script).toBeInstanceOf(PageUnusableError);
    expect(script.message).toMatch(/redirects to a javascript: address, not a web page$/);
  });

  it('refuses JSON, an error status, and a page over the byte limit (exit 13)', async () => {
    const json = await failure(fetchPage(new URL(server.url('/json')), limits));
    expect(json).toBeInstanceOf(PageUnusableError);
    expect(json.message).toBe(`${server.url('/json')} is not a web page (application/json)`);
    const missing = await failure(fetchPage(new URL(server.url('/missing')), limits));
    expect(missing.message).toBe(`${server.url('/missing')} answered HTTP 404 Not Found`);
    const declared = await failure(fetchPage(new URL(server.url('/declared-huge')), limits));
    expect(declared.message).toBe(
      `${server.url('/declared-huge')} is larger than 5 MB: it was not read`,
    );
    // An endless body without a length: reading stops past the limit.
    const endless = await failure(
      fetchPage(new URL(server.url('/endless')), { ...limits, maxBytes: 256 * 1024 }),
    );
    expect(endless).toBeInstanceOf(PageUnusableError);
    expect(endless.message).toBe(
      `${server.url('/endless')} is larger than 0.3 MB: it was not read`,
    );
  });

  it('times out on a server that answers slowly or not at all (exit 12)', async () => {
    for (const path of ['/slow', '/silent']) {
      const slow = await failure(
        fetchPage(new URL(server.url(path)), { ...limits, timeoutMs: 300 }),
      );
      expect(slow, path).toBeInstanceOf(ServerTimeoutError);
      expect((slow as ServerTimeoutError).exitCode).toBe(ExitCode.Timeout);
      expect(slow.message).toBe(
        '127.0.0.1:' + new URL(server.base).port + ' did not answer within 0.3 s',
      );
    }
  });

  it('says when the server cannot be reached (exit 14)', async () => {
    const refused = await failure(fetchPage(new URL(await closedPortUrl()), limits));
    expect(refused).toBeInstanceOf(PageUnreachableError);
    expect((refused as PageUnreachableError).exitCode).toBe(ExitCode.PageUnreachable);
    expect(refused.message).toMatch(/^cannot reach 127\.0\.0\.1:\d+: the connection was refused$/);
  });

  it('takes only http and https URLs (exit 2)', () => {
    for (const bad of [
      'javascript:alert(1)',
      'file:///etc/passwd',
      'ftp://example.com/job',
      'not a url',
    ]) {
      expect(() => pageUrl(bad), bad).toThrow(UsageError);
    }
    expect(() => pageUrl('javascript:alert(1)')).toThrow(
      'fromUrl: only http and https pages can be read, not javascript:',
    );
    expect(pageUrl(' https://jobs.example/1#apply ').href).toBe('https://jobs.example/1');
  });
});

describe('reading a saved page', () => {
  it('reads a file, or stdin for -, as HTML or JSON-LD', async () => {
    const file = await readPageFile(
      postingFile('microdata.html'),
      Readable.from([]),
      MAX_PAGE_BYTES,
    );
    expect(file).toMatchObject({ kind: 'html', name: postingFile('microdata.html') });
    const stdin = await readPageFile(
      '-',
      Readable.from(['  {"@type":"JobPosting"}']),
      MAX_PAGE_BYTES,
    );
    expect(stdin).toMatchObject({ kind: 'json-ld', name: 'stdin' });
    const latin1 = Buffer.from('<meta charset="windows-1252"><title>Caf\xe9</title>', 'latin1');
    const declared = await readPageFile('-', Readable.from([latin1]), MAX_PAGE_BYTES);
    expect(declared.text).toContain('<title>Café</title>');
  });

  it('refuses a missing file (exit 2) and one over the limit (exit 13)', async () => {
    const missing = await failure(readPageFile('/nonexistent/page.html', Readable.from([]), 100));
    expect(missing).toBeInstanceOf(UsageError);
    expect(missing.message).toBe('cannot read /nonexistent/page.html: no such file');
    const big = await failure(readPageFile('-', Readable.from(['x'.repeat(200)]), 100));
    expect(big).toBeInstanceOf(PageUnusableError);
  });
});
