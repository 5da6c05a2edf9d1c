// Reading a saved job posting from a file, or from stdin for `-`: as many bytes as a page may
// have at most, in the charset it declares (UTF-8 by default). A file that starts with `{` or
// `[` is a JSON-LD document; anything else is read as HTML.
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { PageUnusableError, UsageError } from '../domain/errors.js';
import type { WebPage } from '../services/job-capture/page.js';
import { pageText } from './page-text.js';

async function readLimited(stream: Readable, name: string, maxBytes: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    total += bytes.byteLength;
    if (total > maxBytes) {
      stream.destroy();
      const limit = Math.round((maxBytes / (1024 * 1024)) * 10) / 10;
      throw new PageUnusableError(`${name} is larger than ${limit} MB: it was not read`);
    }
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}

/** The page saved in `file` (`-`: stdin). */
export async function readPageFile(
  file: string,
  stdin: Readable,
  maxBytes: number,
): Promise<WebPage> {
  const name = file === '-' ? 'stdin' : file;
  let bytes: Uint8Array;
  try {
    bytes = await readLimited(file === '-' ? stdin : createReadStream(file), name, maxBytes);
  } catch (error) {
    if (error instanceof PageUnusableError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EACCES'
          ? 'permission denied'
          : code === 'EISDIR'
            ? 'it is a directory'
            : String(error);
    throw new UsageError(`cannot read ${name}: ${reason}`, {
      hint: 'give the path of a saved page (HTML or JSON-LD), or - to read stdin',
    });
  }
  const text = pageText(bytes);
  const kind = /^\s*[[{]/.test(text) ? 'json-ld' : 'html';
  return { text, kind, name };
}
