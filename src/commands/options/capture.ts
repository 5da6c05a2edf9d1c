// `--from-url`, `--from-file` and `--timeout`, shared by `job add` and `apply add`: reads the
// page (src/web: the network or a file) and hands it to job capture's rules
// (src/services/job-capture), which fill the job from its posting. Both are loaded only when
// a page is read: they bring an HTML parser with them.
import type { Command } from 'commander';
import { UsageError } from '../../domain/errors.js';
import type { JobFlags } from '../../services/job-service.js';
import type { CapturedJob } from '../../services/job-capture/index.js';
import type { CommandContext } from '../context.js';

export type { CapturedJob };

export interface CaptureFlags {
  fromUrl?: string;
  fromFile?: string;
  timeout?: string;
}

// Written out here (not imported from the capture module) so that adding the options does
// not load it; test/services/job-capture.test.ts checks they agree.
export const DEFAULT_TIMEOUT_SECONDS = 15;
const MAX_TIMEOUT_SECONDS = 300;

export function addCaptureOptions(command: Command): Command {
  return command
    .option('--from-url <url>', "fill the job from its posting's page (schema.org JobPosting)")
    .option('--from-file <file>', 'fill the job from a saved page (HTML or JSON-LD; - reads stdin)')
    .option(
      '--timeout <seconds>',
      `how long the page may take with --from-url (default ${DEFAULT_TIMEOUT_SECONDS})`,
    );
}

/** The capture flags out of a verb's parsed flags. */
export function captureFlags(flags: CaptureFlags): CaptureFlags {
  const picked: CaptureFlags = {};
  if (flags.fromUrl !== undefined) picked.fromUrl = flags.fromUrl;
  if (flags.fromFile !== undefined) picked.fromFile = flags.fromFile;
  if (flags.timeout !== undefined) picked.timeout = flags.timeout;
  return picked;
}

function timeoutMs(text: string | undefined): number {
  if (text === undefined) return DEFAULT_TIMEOUT_SECONDS * 1000;
  const seconds = Number(text.trim());
  if (
    text.trim() === '' ||
    !Number.isFinite(seconds) ||
    seconds <= 0 ||
    seconds > MAX_TIMEOUT_SECONDS
  ) {
    throw new UsageError(
      `--timeout must be a number of seconds above 0 and at most ${MAX_TIMEOUT_SECONDS}, not '${text}'`,
    );
  }
  return Math.max(1, Math.round(seconds * 1000));
}

/**
 * The job the page given by the flags describes, with `given` over its fields; undefined when
 * no page was given. Flags are checked before anything is read.
 */
export async function readCapturedJob(
  flags: CaptureFlags,
  given: JobFlags,
  context: CommandContext,
): Promise<CapturedJob | undefined> {
  if (flags.fromUrl !== undefined && flags.fromFile !== undefined) {
    throw new UsageError('give --from-url or --from-file, not both');
  }
  if (flags.fromUrl === undefined && flags.fromFile === undefined) {
    if (flags.timeout !== undefined) throw new UsageError('--timeout goes with --from-url');
    return undefined;
  }
  const timeout = timeoutMs(flags.timeout);
  const capture = await import('../../services/job-capture/index.js');
  const limits = {
    timeoutMs: timeout,
    maxBytes: capture.MAX_PAGE_BYTES,
    maxRedirects: capture.MAX_REDIRECTS,
  };
  let page;
  if (flags.fromUrl !== undefined) {
    const { fetchPage, pageUrl } = await import('../../web/page-fetch.js');
    page = await fetchPage(pageUrl(flags.fromUrl), limits);
  } else {
    const { readPageFile } = await import('../../web/page-file.js');
    page = await readPageFile(flags.fromFile ?? '-', context.io.stdin, limits.maxBytes);
  }
  return capture.capturedJob(page, given);
}

const FIELD_WORDS: Readonly<Record<string, string>> = {
  salaryMin: 'salary',
  salaryMax: 'salary',
  currency: 'salary',
  salaryPeriod: 'salary',
  workMode: 'remote',
  employmentType: 'employment type',
  postedAt: 'date posted',
  validThrough: 'closing date',
};

// Always the page's own (its address and host): not worth a word.
const UNSAID = new Set(['url', 'source']);

const SOURCE_WORDS: Readonly<Record<CapturedJob['posting']['source'], string>> = {
  'json-ld': 'schema.org JobPosting',
  microdata: 'schema.org JobPosting in microdata',
  'page-meta': "the page's title only",
};

/** "Read from boards.example (schema.org JobPosting): title, company, location, salary, 3 tags". */
export function capturedLine(captured: CapturedJob): string {
  const words: string[] = [];
  for (const name of captured.fromPage) {
    if (UNSAID.has(name)) continue;
    const word =
      name === 'tags'
        ? `${captured.posting.tags.length} tag${captured.posting.tags.length === 1 ? '' : 's'}`
        : (FIELD_WORDS[name] ?? name);
    if (!words.includes(word)) words.push(word);
  }
  const what = words.length === 0 ? 'nothing the flags did not give' : words.join(', ');
  return `Read from ${captured.pageName} (${SOURCE_WORDS[captured.posting.source]}): ${what}.`;
}
