// Small helpers for MongoDB connection strings. Hand-rolled rather than `new URL()`:
// connection strings may list several hosts or a %2F-encoded socket path, which URL rejects.

export const DEFAULT_DATABASE_NAME = 'career';

const SCHEME = /^mongodb(\+srv)?:\/\//;

export function isMongoUri(uri: string): boolean {
  return SCHEME.test(uri);
}

/** Splits `mongodb://[userinfo@]hosts[/database][?options]`. */
function splitUri(uri: string): { scheme: string; authority: string; rest: string } {
  const scheme = SCHEME.exec(uri)?.[0] ?? '';
  const afterScheme = uri.slice(scheme.length);
  // The authority ends at the first '/' or '?' (userinfo must percent-encode both).
  const end = afterScheme.search(/[/?]/);
  return end === -1
    ? { scheme, authority: afterScheme, rest: '' }
    : { scheme, authority: afterScheme.slice(0, end), rest: afterScheme.slice(end) };
}

/** The database named in the URI path, or `career`. */
export function databaseNameOf(uri: string): string {
  const { rest } = splitUri(uri);
  if (!rest.startsWith('/')) return DEFAULT_DATABASE_NAME;
  const name = decodeURIComponent(rest.slice(1).split('?')[0] ?? '');
  return name === '' ? DEFAULT_DATABASE_NAME : name;
}

/** The URI with any password (in userinfo or in the options) replaced by `****`. */
export function redactUri(uri: string): string {
  const { scheme, authority, rest } = splitUri(uri);
  const at = authority.lastIndexOf('@');
  let safeAuthority = authority;
  if (at !== -1) {
    const userinfo = authority.slice(0, at);
    const colon = userinfo.indexOf(':');
    const user = colon === -1 ? userinfo : userinfo.slice(0, colon);
    safeAuthority = `${user}${colon === -1 ? '' : ':****'}${authority.slice(at)}`;
  }
  const safeRest = rest.replace(/([?&](?:password|authMechanismProperties)=)[^&]*/gi, '$1****');
  return `${scheme}${safeAuthority}${safeRest}`;
}

/** The URI with `/name` as its database when it names none (for copy-paste into mongosh). */
export function withDatabaseName(uri: string, name = DEFAULT_DATABASE_NAME): string {
  const { scheme, authority, rest } = splitUri(uri);
  if (rest.startsWith('/') && !rest.startsWith('/?') && rest !== '/') return uri;
  const options = rest.startsWith('/') ? rest.slice(1) : rest;
  return `${scheme}${authority}/${encodeURIComponent(name)}${options}`;
}

/**
 * A URL of another kind (smtp://, https://) with its password, and any query value named like
 * a secret (key, token, password), replaced by `****`; text that is no URL is given back whole.
 */
export function redactUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return text;
  }
  if (url.password !== '') url.password = '****';
  for (const name of [...url.searchParams.keys()]) {
    if (/key|token|pass|secret/i.test(name)) url.searchParams.set(name, '****');
  }
  // URL writes `****` percent-encoded in a query: show it as typed.
  return url.toString().replace(/%2A%2A%2A%2A/gi, '****');
}
