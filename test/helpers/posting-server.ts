// A local web server for the job capture tests: it serves the saved pages of
// test/fixtures/postings and every way a page can go wrong (a redirect loop, a slow answer,
// an oversize body, JSON, an error status). Listens on 127.0.0.1, port 0: no test touches
// the internet.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { projectRoot } from './run-cli.js';

export const POSTINGS_DIR = path.join(projectRoot, 'test', 'fixtures', 'postings');

export function postingFile(name: string): string {
  return path.join(POSTINGS_DIR, name);
}

export function postingText(name: string): string {
  return readFileSync(postingFile(name), 'utf8');
}

export interface PostingServer {
  /** The server's address, `http://127.0.0.1:PORT`. */
  base: string;
  url(pathname: string): string;
  /** Requests seen, by path (to tell what was fetched). */
  requests: string[];
  close(): Promise<void>;
}

const OVERSIZE_CHUNK = Buffer.alloc(64 * 1024, 'a');

type Route = (request: http.IncomingMessage, response: http.ServerResponse) => void;

const ROUTES: Readonly<Record<string, Route>> = {
  '/loop/a': (_request, response) => redirect(response, '/loop/b'),
  '/loop/b': (_request, response) => redirect(response, '/loop/a'),
  '/hop/1': (_request, response) => redirect(response, '/hop/2'),
  '/hop/2': (_request, response) => redirect(response, '3'),
  '/hop/3': (_request, response) => redirect(response, '/postings/greenhouse-like.html?from=hop'),
  '/chain/0': (_request, response) => redirect(response, '/chain/1'),
  '/to-javascript': (_request, response) => redirect(response, 'javascript:alert(1)'),
  // Headers, then nothing: the client's timeout ends it.
  '/slow': (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' });
    response.write('<html><head>');
  },
  // Never answers at all.
  '/silent': () => undefined,
  // An endless page without a length: the client stops reading it.
  '/endless': (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    const more = (): void => {
      while (response.write(OVERSIZE_CHUNK)) {
        if (response.destroyed) return;
      }
      response.once('drain', more);
    };
    response.on('close', () => response.removeAllListeners('drain'));
    more();
  },
  // A length over the limit announced: refused before reading.
  '/declared-huge': (_request, response) => {
    response.writeHead(200, {
      'content-type': 'text/html',
      'content-length': String(50 * 1024 * 1024),
    });
    response.write('<html>');
  },
  '/json': (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"@type":"JobPosting","title":"JSON, not a page"}');
  },
  '/posting.jsonld': (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/ld+json' });
    response.end(
      JSON.stringify({
        '@context': 'https://schema.org',
        '@type': 'JobPosting',
        title: 'Linked Data Engineer',
        hiringOrganization: { '@type': 'Organization', name: 'Soylent' },
      }),
    );
  },
  '/missing': (_request, response) => {
    response.writeHead(404, { 'content-type': 'text/html' });
    response.end('<html><title>Not found</title></html>');
  },
  // The charset in the page only (as many older sites do).
  '/latin1-meta': (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' });
    const page =
      '<html><head><meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1"><script type="application/ld+json">{"@type":"JobPosting","title":"Développeur","hiringOrganization":"Crédit Agricole"}</script></head></html>';
    response.end(Buffer.from(page, 'latin1'));
  },
  '/latin1': (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=iso-8859-1' });
    const page =
      '<html><head><script type="application/ld+json">{"@type":"JobPosting","title":"Ingénieur","hiringOrganization":"Société Générale"}</script></head></html>';
    response.end(Buffer.from(page, 'latin1'));
  },
};

function redirect(response: http.ServerResponse, location: string): void {
  response.writeHead(302, { location });
  response.end();
}

function route(request: http.IncomingMessage, response: http.ServerResponse): void {
  const pathname = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
  const chain = /^\/chain\/(\d+)$/.exec(pathname);
  if (chain) {
    redirect(response, `/chain/${Number(chain[1]) + 1}`);
    return;
  }
  const fixed = ROUTES[pathname];
  if (fixed) {
    fixed(request, response);
    return;
  }
  const posting = /^\/postings\/([\w-]+\.html)$/.exec(pathname);
  if (posting?.[1]) {
    let text: string;
    try {
      text = postingText(posting[1]);
    } catch {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(text);
    return;
  }
  response.writeHead(404, { 'content-type': 'text/plain' }).end('no such page');
}

export async function startPostingServer(): Promise<PostingServer> {
  const requests: string[] = [];
  const server = http.createServer((request, response) => {
    requests.push(request.url ?? '');
    route(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  return {
    base,
    url: (pathname) => `${base}${pathname}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An address where nothing listens (a port just freed). */
export async function closedPortUrl(): Promise<string> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/postings/greenhouse-like.html`;
}
