// SCRAM-SHA-256 (RFC 5802 with RFC 7677's hash), the server's side, as MongoDB speaks it: the
// key material stored for a user, and one conversation (client-first -> server-first,
// client-final -> server-final). Only the keys are kept, never the password.
import { createHash, createHmac, pbkdf2, randomBytes, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { saslprep } from '@mongodb-js/saslprep';

export const SCRAM_SHA_256 = 'SCRAM-SHA-256';

/** mongod's default for SCRAM-SHA-256 (scramSHA256IterationCount). */
export const DEFAULT_SCRAM_ITERATIONS = 15_000;
/** The least drivers accept; enough for a random 192-bit password, which stretching cannot help. */
export const MIN_SCRAM_ITERATIONS = 4096;

const HASH = 'sha256';
const KEY_BYTES = 32;
const NONCE_BYTES = 24;
/** Bounds on what a client may send, so a hostile one cannot make us parse megabytes. */
const MAX_MESSAGE_BYTES = 4096;
const MAX_NONCE_LENGTH = 512;

/** A random password of 192 bits, in characters a URI carries as they are (base64url). */
export function randomPassword(): string {
  return randomBytes(24).toString('base64url');
}

/** What the server keeps for one user (RFC 5802 section 3): enough to check, never to sign in. */
export interface ScramCredential {
  readonly username: string;
  readonly salt: Buffer;
  readonly iterations: number;
  readonly storedKey: Buffer;
  readonly serverKey: Buffer;
}

/** Why a conversation failed; the reason is for the server's eyes only (clients get code 18). */
class ScramFailure extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'ScramFailure';
  }
}

function hmac(key: Buffer, text: string | Buffer): Buffer {
  return createHmac(HASH, key).update(text).digest();
}

const pbkdf2Async = promisify(pbkdf2);

/**
 * Derives the stored keys from a password, SASLprep'd as RFC 7677 asks (drivers prepare it the
 * same way). Off the main thread (libuv's pool), so it overlaps the rest of a start. Rejects
 * when the password holds characters SASLprep prohibits.
 */
export async function deriveScramCredential(
  username: string,
  password: string,
  iterations = DEFAULT_SCRAM_ITERATIONS,
): Promise<ScramCredential> {
  if (iterations < MIN_SCRAM_ITERATIONS) {
    throw new RangeError(`SCRAM needs at least ${MIN_SCRAM_ITERATIONS} iterations`);
  }
  const salt = randomBytes(KEY_BYTES);
  const salted = await pbkdf2Async(saslprep(password), salt, iterations, KEY_BYTES, HASH);
  const clientKey = hmac(salted, 'Client Key');
  return {
    username,
    salt,
    iterations,
    storedKey: createHash(HASH).update(clientKey).digest(),
    serverKey: hmac(salted, 'Server Key'),
  };
}

/** `a=x,b=y` attributes in order; a value may itself contain `=`. */
function attributes(message: string): Array<[string, string]> {
  return message.split(',').map((part) => {
    const match = /^([a-zA-Z])=(.*)$/s.exec(part);
    if (!match) throw new ScramFailure(`malformed attribute '${part.slice(0, 20)}'`);
    return [match[1] ?? '', match[2] ?? ''];
  });
}

/** RFC 5802 saslname: `=2C` is a comma, `=3D` an equals sign, any other `=` is an error. */
function decodeSaslName(name: string): string {
  if (/=(?!2C|3D)/.test(name)) throw new ScramFailure('malformed user name');
  return name.replace(/=2C/g, ',').replace(/=3D/g, '=');
}

function checkNonce(nonce: string): void {
  // Printable ASCII but ',' (RFC 5802's c-nonce).
  if (
    nonce.length === 0 ||
    nonce.length > MAX_NONCE_LENGTH ||
    !/^[\x21-\x2b\x2d-\x7e]+$/.test(nonce)
  ) {
    throw new ScramFailure('malformed nonce');
  }
}

function text(payload: Buffer): string {
  if (payload.length > MAX_MESSAGE_BYTES) throw new ScramFailure('message too long');
  return payload.toString('utf8');
}

interface ClientFirst {
  gs2Header: string;
  bare: string;
  username: string;
  nonce: string;
}

function parseClientFirst(message: string): ClientFirst {
  // gs2-header: a channel-binding flag (we offer none: 'n', or 'y' for "I could"), no authzid.
  const match = /^([ny]),,(.*)$/s.exec(message);
  if (!match) throw new ScramFailure('unsupported GS2 header (channel binding or authzid)');
  const bare = match[2] ?? '';
  const [user, nonce, ...extensions] = attributes(bare);
  if (user?.[0] !== 'n' || nonce?.[0] !== 'r') throw new ScramFailure('expected n= and r=');
  if (extensions.some(([name]) => name === 'm')) throw new ScramFailure('mandatory extension');
  checkNonce(nonce[1]);
  return { gs2Header: `${match[1]},,`, bare, username: decodeSaslName(user[1]), nonce: nonce[1] };
}

/** One SCRAM-SHA-256 exchange on the server's side. */
export class ScramConversation {
  private first?: ClientFirst & { credential: ScramCredential; serverFirst: string };

  /** `credentialOf` answers the stored keys of a user, or undefined when there is no such user. */
  constructor(private readonly credentialOf: (username: string) => ScramCredential | undefined) {}

  /** client-first-message -> server-first-message. */
  start(payload: Buffer): Buffer {
    if (this.first) throw new ScramFailure('the conversation has already started');
    const first = parseClientFirst(text(payload));
    const credential = this.credentialOf(first.username);
    if (!credential) throw new ScramFailure('no such user');
    const nonce = first.nonce + randomBytes(NONCE_BYTES).toString('base64');
    const serverFirst = `r=${nonce},s=${credential.salt.toString('base64')},i=${credential.iterations}`;
    this.first = { ...first, nonce, credential, serverFirst };
    return Buffer.from(serverFirst, 'utf8');
  }

  /** client-final-message -> server-final-message, once the client's proof checks out. */
  finish(payload: Buffer): { serverFinal: Buffer; username: string } {
    const first = this.first;
    if (!first) throw new ScramFailure('the conversation has not started');
    const message = text(payload);
    const proofAt = message.lastIndexOf(',p=');
    if (proofAt === -1) throw new ScramFailure('no proof');
    const withoutProof = message.slice(0, proofAt);
    const [binding, nonce] = attributes(withoutProof);
    if (binding?.[0] !== 'c' || binding[1] !== Buffer.from(first.gs2Header).toString('base64')) {
      throw new ScramFailure('channel binding does not match');
    }
    if (nonce?.[0] !== 'r' || nonce[1] !== first.nonce) throw new ScramFailure('wrong nonce');
    const proof = Buffer.from(message.slice(proofAt + 3), 'base64');
    const { storedKey, serverKey } = first.credential;
    const authMessage = `${first.bare},${first.serverFirst},${withoutProof}`;
    const signature = hmac(storedKey, authMessage);
    if (proof.length !== signature.length) throw new ScramFailure('wrong proof');
    const clientKey = Buffer.alloc(proof.length);
    for (let index = 0; index < proof.length; index++) {
      clientKey[index] = (proof[index] ?? 0) ^ (signature[index] ?? 0);
    }
    const candidate = createHash(HASH).update(clientKey).digest();
    if (!timingSafeEqual(candidate, storedKey)) throw new ScramFailure('wrong proof');
    const serverSignature = hmac(serverKey, authMessage).toString('base64');
    return {
      serverFinal: Buffer.from(`v=${serverSignature}`, 'utf8'),
      username: first.credential.username,
    };
  }
}
