// Job capture's rules: a page (HTML or JSON-LD, read by src/web) becomes the fields of a job,
// as `job add` would be given them. The fields given next to the page win over what it says;
// the page's address is the job's url and its host the source. A page with no posting at all
// (nor a title, nor a company for its title) is "not found".
import { NotFoundError } from '../../domain/errors.js';
import { field, say } from '../../domain/phrases.js';
import type { JobFlags, JobPostingDates } from '../job-service.js';
import { capped, webUrl } from './clean-text.js';
import { extractJsonLdPosting, extractPosting } from './extract.js';
import { FIELD_LIMITS } from './limits.js';
import type { WebPage } from './page.js';
import type { CapturedPosting, PostingSource } from './posting.js';

export {
  DEFAULT_TIMEOUT_SECONDS,
  MAX_PAGE_BYTES,
  MAX_REDIRECTS,
  MAX_TIMEOUT_SECONDS,
} from './limits.js';
export { shownUrl, type WebPage } from './page.js';
export type { CapturedPosting, PostingSource };

export interface CapturedJob {
  /** The page as messages name it (its address without the query, or the file). */
  pageName: string;
  /** What the page said, as read. */
  posting: CapturedPosting;
  /** The job's fields: the page's, with the given ones over them. */
  fields: JobFlags;
  /** The posting's dates (no flag sets them). */
  dates: JobPostingDates;
  /** The fields that came from the page (and not from the flags), in the job's order. */
  fromPage: Array<keyof JobFlags | keyof JobPostingDates>;
}

/** A host as a job's source: "boards.example.com" (without "www."). */
export function sourceOf(url: URL): string {
  return capped(url.hostname.replace(/^www\./i, ''), FIELD_LIMITS.source);
}

/** The posting's fields as job flags would give them (every value already checked). */
function postingFields(posting: CapturedPosting, pageUrl: URL | undefined): JobFlags {
  const fields: JobFlags = {};
  if (posting.company !== undefined) fields.company = posting.company;
  if (posting.title !== undefined) fields.title = posting.title;
  if (posting.location !== undefined) fields.location = posting.location;
  const url = pageUrl ?? (posting.url === undefined ? undefined : webUrl(posting.url));
  if (url !== undefined && url.href.length <= FIELD_LIMITS.url) {
    fields.url = url.href;
    fields.source = sourceOf(url);
  }
  const salary = posting.salary;
  if (salary?.min !== undefined) fields.salaryMin = String(salary.min);
  if (salary?.max !== undefined) fields.salaryMax = String(salary.max);
  if (salary?.currency !== undefined) fields.currency = salary.currency;
  if (salary?.period !== undefined) fields.salaryPeriod = salary.period;
  if (posting.workMode !== undefined) fields.workMode = posting.workMode;
  if (posting.employmentType !== undefined) fields.employmentType = posting.employmentType;
  if (posting.description !== undefined) fields.description = posting.description;
  // Tags are given as a list in one string; a skill with a comma would become two.
  if (posting.tags.length > 0)
    fields.tags = posting.tags.map((tag) => tag.replace(/,/g, ' ')).join(', ');
  return fields;
}

function noPosting(page: WebPage): NotFoundError {
  return new NotFoundError(`no job posting on ${page.name}`, {
    hint: say`the page has no schema.org JobPosting (nor a title); give ${field('company')} and ${field('title')} yourself`,
  });
}

/**
 * The job a page describes, with `given` over it. NotFoundError when the page has no
 * posting, or only a title and no company for it (and none was given).
 */
export function capturedJob(page: WebPage, given: JobFlags): CapturedJob {
  const posting =
    page.kind === 'json-ld' ? extractJsonLdPosting(page.text) : extractPosting(page.text);
  if (posting === undefined) throw noPosting(page);
  const read = postingFields(posting, page.url);
  const fields: JobFlags = { ...read };
  for (const [name, value] of Object.entries(given) as Array<
    [keyof JobFlags, string | undefined]
  >) {
    if (value !== undefined) fields[name] = value;
  }
  if (posting.source === 'page-meta' && fields.company === undefined) {
    throw new NotFoundError(
      `no job posting on ${page.name}: only a page titled '${posting.title ?? ''}'`,
      {
        hint: say`give ${field('company')} (and ${field('title')}) to add it from the page's title anyway`,
      },
    );
  }
  const dates: JobPostingDates = {};
  if (posting.postedAt !== undefined) dates.postedAt = posting.postedAt;
  if (posting.validThrough !== undefined) dates.validThrough = posting.validThrough;
  const fromPage = [
    ...(Object.keys(read) as Array<keyof JobFlags>).filter((name) => given[name] === undefined),
    ...(Object.keys(dates) as Array<keyof JobPostingDates>),
  ];
  return { pageName: page.name, posting, fields, dates, fromPage };
}
