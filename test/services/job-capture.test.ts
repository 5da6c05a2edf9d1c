// Job capture's extraction and rules, pure: saved pages (test/fixtures/postings) in, a job's
// fields out. The network side is test/web/page-fetch.test.ts; the commands,
// test/cli/job-capture.test.ts.
import { describe, expect, it } from 'vitest';
import { DEFAULT_TIMEOUT_SECONDS as COMMAND_DEFAULT_TIMEOUT } from '../../src/commands/options/capture.js';
import { NotFoundError, PageUnusableError } from '../../src/domain/errors.js';
import { capped, lineText } from '../../src/services/job-capture/clean-text.js';
import { extractJsonLdPosting, extractPosting } from '../../src/services/job-capture/extract.js';
import {
  capturedJob,
  DEFAULT_TIMEOUT_SECONDS,
  type WebPage,
} from '../../src/services/job-capture/index.js';
import { FIELD_LIMITS, MAX_TAGS } from '../../src/services/job-capture/limits.js';
import { amountOf, dateOf } from '../../src/services/job-capture/posting.js';
import { jobChangesFromFlags } from '../../src/services/job-service.js';
import { postingText } from '../helpers/posting-server.js';

function posting(name: string) {
  return extractPosting(postingText(name));
}

function page(name: string, url?: string): WebPage {
  return {
    text: postingText(name),
    kind: 'html',
    name: url ?? name,
    ...(url === undefined ? {} : { url: new URL(url) }),
  };
}

// eslint-disable-next-line no-control-regex -- what must not be left in captured text
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

describe('job capture: extracting a posting', () => {
  it('reads a Greenhouse-like JSON-LD posting, its escaped HTML description as text', () => {
    expect(posting('greenhouse-like.html')).toEqual({
      source: 'json-ld',
      title: 'Senior Backend Engineer',
      company: 'Initech',
      location: 'Berlin, DE',
      employmentType: 'full-time',
      salary: { min: 70000, max: 90000, currency: 'EUR', period: 'year' },
      postedAt: new Date('2026-11-20T00:00:00Z'),
      validThrough: new Date('2027-01-31T23:59:59Z'),
      tags: ['TypeScript', 'Node.js', 'MongoDB'],
      description:
        "We're building the TPS report platform.\n\nWhat you'll do\n\n- Design APIs\n- Run services",
    });
  });

  it('reads a Lever-like remote posting: TELECOMMUTE, salary strings, skills deduplicated', () => {
    expect(posting('lever-like.html')).toMatchObject({
      title: 'Platform Engineer',
      company: 'Globex',
      location: 'United States',
      workMode: 'remote',
      employmentType: 'contract',
      salary: { min: 120000, max: 150000, currency: 'USD', period: 'year' },
      postedAt: new Date('2026-11-28T08:30:00Z'),
      tags: ['Kubernetes', 'Go', 'Terraform'],
      description: 'Globex runs everything on a platform you will own.\n\nRemote in the US.',
    });
  });

  it('reads a Workday-like @graph: the company by @id, two places, an hourly salary', () => {
    expect(posting('workday-like.html')).toMatchObject({
      title: 'Data Analyst',
      company: 'Umbrella Corporation',
      location: 'Raccoon City, US; London, GB',
      employmentType: 'part-time',
      salary: { min: 45.5, max: 45.5, currency: 'USD', period: 'hour' },
      description: 'Join the analytics team.\n\n- SQL\n- Dashboards & reports',
    });
  });

  it('finds the one JobPosting among several scripts (broken, commented, not ld+json)', () => {
    expect(posting('several-scripts.html')).toMatchObject({
      title: 'Site Reliability Engineer',
      company: 'Hooli',
      location: 'Palo Alto, CA',
      // "FULL_TIME, CONTRACTOR": the first known type.
      employmentType: 'full-time',
      // Weekly 2,500-3,000 (given backwards) over a year of 52 weeks.
      salary: { min: 130000, max: 156000, currency: 'USD', period: 'year' },
      description: 'Keep Hooli up.',
    });
  });

  it('falls back to microdata, with nested items and the description as text', () => {
    expect(posting('microdata.html')).toEqual({
      source: 'microdata',
      title: 'Mobile Developer',
      company: 'Stark Industries',
      location: 'Malibu, CA, US',
      employmentType: 'internship',
      postedAt: new Date('2026-09-15T00:00:00Z'),
      salary: { min: 4000, max: 5000, currency: 'USD', period: 'month' },
      tags: ['Swift', 'Kotlin'],
      description: 'Build the suit’s companion app.\n\n- iOS & Android\n- Offline first',
    });
  });

  it('falls back to OpenGraph, then to <title>, as a last resort', () => {
    expect(posting('opengraph.html')).toEqual({
      source: 'page-meta',
      title: 'QA Engineer',
      company: 'Wayne Enterprises',
      description: 'Test things in Gotham & beyond.',
      url: 'https://careers.wayne.example/jobs/qa-engineer',
      tags: [],
    });
    expect(posting('title-only.html')).toEqual({
      source: 'page-meta',
      title: 'Welcome to our site',
      tags: [],
    });
    expect(posting('no-posting.html')).toBeUndefined();
  });

  it('decodes entities in JSON-LD text once (&amp; stays & when meant literally)', () => {
    expect(posting('entities.html')).toMatchObject({
      title: "R&D Engineer 'Café'",
      company: 'Smith & Sons',
      location: 'Zürich, CH',
      description: "We're hiring & growing: salary < 200k, 5 > 3.\nSecond line.",
    });
    // Text from parsed HTML is decoded already: "&amp;amp;" in a title is "&amp;".
    expect(extractPosting('<title>A &amp;amp; B</title>')?.title).toBe('A &amp; B');
  });

  it('keeps what a hostile page writes harmless: no controls, capped, no javascript:', () => {
    const hostile = posting('hostile.html');
    expect(hostile?.source).toBe('json-ld');
    expect(hostile?.title).toMatch(/^Hacker \]0;pwned\[2JEngineer Engineer/);
    expect(hostile?.title?.length).toBeLessThanOrEqual(FIELD_LIMITS.title);
    expect(hostile?.title?.endsWith('…')).toBe(true);
    expect(hostile?.company).toBe('Evil31m Corp');
    for (const text of [hostile?.title, hostile?.company, hostile?.description]) {
      expect(text).not.toMatch(CONTROLS);
    }
    // The script in the description is dropped, not run or kept as text.
    expect(hostile?.description).toBe('Line one\n\nLine[31m two');
    expect(hostile?.url).toBeUndefined();
    // "Dollars" is no currency and "lots" no amount; "yesterday" and 9999 are no dates.
    expect(hostile?.salary).toBeUndefined();
    expect(hostile?.postedAt).toBeUndefined();
    expect(hostile?.validThrough).toBeUndefined();
    expect(hostile?.employmentType).toBeUndefined();
    // A skill is text, whatever it looks like; it is stored and printed as text.
    expect(hostile?.tags).toEqual(['<script>alert(1)</script>']);
  });

  it('survives JSON-LD nested a million deep, HTML 200,000 deep, huge scripts, thousands of skills', () => {
    const deep = `${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`;
    const wrapped = `{"@type":"JobPosting","title":"Deep","x":${deep}}`;
    expect(extractJsonLdPosting(wrapped)?.title).toBe('Deep');
    // A posting nested deeper than the walk goes is not found (and nothing overflows).
    const buried = `${'{"a":'.repeat(100)}{"@type":"JobPosting","title":"Buried"}${'}'.repeat(100)}`;
    expect(extractJsonLdPosting(buried)).toBeUndefined();
    // A script over the size limit is skipped unread.
    const huge = `<script type="application/ld+json">{"@type":"JobPosting","title":"Huge","pad":"${'x'.repeat(2 * 1024 * 1024)}"}</script>`;
    expect(extractPosting(huge)).toBeUndefined();
    // HTML nested 200,000 deep is refused at once (it would take minutes to parse, then
    // overflow the stack); a description nested so is left out.
    const divs = (depth: number) => `${'<div>'.repeat(depth)}x${'</div>'.repeat(depth)}`;
    expect(() => extractPosting(`<title>T</title>${divs(200_000)}`)).toThrow(
      new PageUnusableError('the page nests its elements more than 512 deep: it was not read'),
    );
    expect(extractPosting(`<title>T</title>${divs(500)}`)?.title).toBe('T');
    const deepDescription = JSON.stringify({
      '@type': 'JobPosting',
      title: 'T',
      description: divs(100_000),
    });
    expect(extractJsonLdPosting(deepDescription)).toEqual({
      source: 'json-ld',
      title: 'T',
      tags: [],
    });
    const skills = Array.from({ length: 5000 }, (_, index) => `skill${index}`);
    const many = extractJsonLdPosting(
      JSON.stringify({ '@type': 'JobPosting', title: 'T', skills }),
    );
    expect(many?.tags).toHaveLength(MAX_TAGS);
  });

  it('reads amounts as pages write them, and refuses what is not one', () => {
    expect(amountOf(120000)).toBe(120000);
    expect(amountOf('$120,000')).toBe(120000);
    expect(amountOf('120000 USD')).toBe(120000);
    expect(amountOf('USD 90000')).toBe(90000);
    expect(amountOf('€ 55.50')).toBe(55.5);
    expect(amountOf('120k')).toBe(120000);
    for (const bad of [
      'lots',
      '',
      '1,5',
      Number.NaN,
      -5,
      Number.POSITIVE_INFINITY,
      {},
      '9'.repeat(40),
    ]) {
      expect(amountOf(bad), String(bad)).toBeUndefined();
    }
  });

  it('reads dates as postings write them, within 1900-2200', () => {
    expect(dateOf('2026-11-20')).toEqual(new Date('2026-11-20T00:00:00Z'));
    expect(dateOf('2026-11-20T10:00:00+02:00')).toEqual(new Date('2026-11-20T08:00:00Z'));
    for (const bad of ['yesterday', '2026-13-45', '9999-12-31', '20/11/2026', 20261120]) {
      expect(dateOf(bad), String(bad)).toBeUndefined();
    }
  });

  it('caps text on a character, never inside a surrogate pair', () => {
    expect(capped('abcdef', 4)).toBe('abc…');
    expect(capped('ab😀cd', 3)).toBe('ab…');
    expect(lineText('  a \n\t b  ', 10, { encoded: false })).toBe('a b');
    expect(lineText('   ', 10, { encoded: false })).toBeUndefined();
  });
});

describe('job capture: a page as a job', () => {
  it("fills the job's fields; the page's address is the url and its host the source", () => {
    const captured = capturedJob(
      page('greenhouse-like.html', 'https://www.boards.example/initech/jobs/42?gh_src=x'),
      {},
    );
    expect(captured.fields).toEqual({
      company: 'Initech',
      title: 'Senior Backend Engineer',
      location: 'Berlin, DE',
      url: 'https://www.boards.example/initech/jobs/42?gh_src=x',
      source: 'boards.example',
      salaryMin: '70000',
      salaryMax: '90000',
      currency: 'EUR',
      salaryPeriod: 'year',
      employmentType: 'full-time',
      description: expect.stringMatching(/^We're building/) as unknown as string,
      tags: 'TypeScript, Node.js, MongoDB',
    });
    expect(captured.dates).toEqual({
      postedAt: new Date('2026-11-20T00:00:00Z'),
      validThrough: new Date('2027-01-31T23:59:59Z'),
    });
    expect(captured.pageName).toBe('https://www.boards.example/initech/jobs/42?gh_src=x');
    // What was read passes the job's own checks as flags would.
    expect(jobChangesFromFlags(captured.fields).set).toMatchObject({
      salary: { min: 70000, max: 90000, currency: 'EUR', period: 'year' },
      tags: ['TypeScript', 'Node.js', 'MongoDB'],
    });
  });

  it('lets the given fields win, and says which came from the page', () => {
    const captured = capturedJob(page('lever-like.html', 'https://jobs.example/globex/1'), {
      title: 'Staff Platform Engineer',
      location: 'Denver',
      tags: 'go',
    });
    expect(captured.fields).toMatchObject({
      company: 'Globex',
      title: 'Staff Platform Engineer',
      location: 'Denver',
      tags: 'go',
      workMode: 'remote',
    });
    expect(captured.fromPage).not.toContain('title');
    expect(captured.fromPage).not.toContain('tags');
    expect(captured.fromPage).toEqual(expect.arrayContaining(['company', 'workMode', 'postedAt']));
  });

  it("uses the posting's own http(s) URL for a saved file, never a javascript: one", () => {
    expect(capturedJob(page('opengraph.html'), {}).fields).toMatchObject({
      url: 'https://careers.wayne.example/jobs/qa-engineer',
      source: 'careers.wayne.example',
    });
    const hostile = capturedJob(page('hostile.html'), {}).fields;
    expect(hostile.url).toBeUndefined();
    expect(hostile.source).toBeUndefined();
  });

  it('is "not found" without a posting, or with only a title and no company', () => {
    expect(() => capturedJob(page('no-posting.html'), {})).toThrow(NotFoundError);
    expect(() => capturedJob(page('no-posting.html'), {})).toThrow(
      'no job posting on no-posting.html',
    );
    expect(() => capturedJob(page('title-only.html'), {})).toThrow(
      "no job posting on title-only.html: only a page titled 'Welcome to our site'",
    );
    // With a company given, the title is enough.
    expect(capturedJob(page('title-only.html'), { company: 'Acme' }).fields).toMatchObject({
      company: 'Acme',
      title: 'Welcome to our site',
    });
  });

  it('reads a JSON-LD document (a saved script or .jsonld file)', () => {
    const text = JSON.stringify({
      '@graph': [{ '@type': 'JobPosting', title: 'T', hiringOrganization: 'C' }],
    });
    expect(capturedJob({ text, kind: 'json-ld', name: 'job.jsonld' }, {}).fields).toEqual({
      company: 'C',
      title: 'T',
    });
  });

  it('has one default timeout, in the command and the rules', () => {
    expect(COMMAND_DEFAULT_TIMEOUT).toBe(DEFAULT_TIMEOUT_SECONDS);
  });
});
