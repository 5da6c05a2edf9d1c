// A schema.org JobPosting (from JSON-LD or microdata) as the fields of a job. Every value is
// checked as if a stranger wrote it (one did): strings where objects were expected and the
// other way round, lists where one value was, amounts written "$120,000", dates that are not
// dates, URLs that are not http(s). What cannot be read is left out, never guessed.
import { EMPLOYMENT_TYPES, type EmploymentType } from '../../domain/job-terms.js';
import { parseAmount, parseCurrency, type PayPeriod } from '../../domain/money.js';
import {
  descriptionText,
  htmlDescriptionText,
  lineText,
  webUrl,
  type TextOrigin,
} from './clean-text.js';
import { FIELD_LIMITS, MAX_TAGS } from './limits.js';
import { isHtmlValue } from './page-document.js';
import { isNode, type DataNode } from './structured-data.js';

/** Where a posting was read from on the page. */
export type PostingSource = 'json-ld' | 'microdata' | 'page-meta';

export interface CapturedSalary {
  min?: number;
  max?: number;
  currency?: string;
  period?: PayPeriod;
}

/** What a page says of its job, each field checked and capped. */
export interface CapturedPosting {
  source: PostingSource;
  title?: string;
  company?: string;
  location?: string;
  workMode?: 'remote';
  employmentType?: EmploymentType;
  salary?: CapturedSalary;
  postedAt?: Date;
  validThrough?: Date;
  tags: string[];
  description?: string;
  /** The posting's own URL (http or https only). */
  url?: string;
}

/** Reads a posting's values, following @id references to other nodes of its graph. */
class NodeReader {
  constructor(
    private readonly byId: ReadonlyMap<string, DataNode>,
    readonly origin: TextOrigin,
  ) {}

  /** The values of a property: a list as it is, one value as a list of one. */
  values(node: DataNode, name: string): unknown[] {
    const value = node[name];
    const list = Array.isArray(value)
      ? value
      : value === undefined || value === null
        ? []
        : [value];
    return list.map((item) => this.resolved(item));
  }

  /** A node referred to by {"@id": ...} alone, as the node with that id. */
  resolved(value: unknown): unknown {
    if (!isNode(value)) return value;
    const id = value['@id'];
    const keys = Object.keys(value);
    if (typeof id === 'string' && keys.length === 1) return this.byId.get(id) ?? value;
    return value;
  }

  first(node: DataNode, name: string): unknown {
    return this.values(node, name)[0];
  }

  /** The first string (or number) of a property, or a node's name/@value. */
  text(node: DataNode, name: string): string | undefined {
    for (const value of this.values(node, name)) {
      const text = textOf(value);
      if (text !== undefined) return text;
    }
    return undefined;
  }

  line(node: DataNode, name: string, max: number): string | undefined {
    const text = this.text(node, name);
    return text === undefined ? undefined : lineText(text, max, this.origin);
  }
}

function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (isNode(value)) {
    for (const key of ['name', '@value']) {
      const inner = value[key];
      if (typeof inner === 'string' || typeof inner === 'number') return String(inner);
    }
  }
  return undefined;
}

function companyOf(reader: NodeReader, posting: DataNode): string | undefined {
  for (const organization of reader.values(posting, 'hiringOrganization')) {
    const name =
      typeof organization === 'string'
        ? organization
        : isNode(organization)
          ? (reader.text(organization, 'name') ?? reader.text(organization, 'legalName'))
          : undefined;
    const text =
      name === undefined ? undefined : lineText(name, FIELD_LIMITS.company, reader.origin);
    if (text !== undefined) return text;
  }
  return undefined;
}

/** "Berlin, BE, DE" from a PostalAddress (or its text). */
function addressText(reader: NodeReader, address: unknown): string | undefined {
  if (typeof address === 'string') return address;
  if (!isNode(address)) return undefined;
  const parts = ['addressLocality', 'addressRegion', 'addressCountry']
    .map((name) => reader.text(address, name))
    .filter((part): part is string => part !== undefined && part.trim() !== '');
  const unique = parts.filter(
    (part, index) =>
      parts.findIndex((other) => other.trim().toLowerCase() === part.trim().toLowerCase()) ===
      index,
  );
  if (unique.length > 0) return unique.join(', ');
  return reader.text(address, 'streetAddress') ?? reader.text(address, 'name');
}

function placeText(reader: NodeReader, place: unknown): string | undefined {
  if (typeof place === 'string') return place;
  if (!isNode(place)) return undefined;
  for (const address of reader.values(place, 'address')) {
    const text = addressText(reader, address);
    if (text !== undefined) return text;
  }
  // A PostalAddress given as the location itself, or a place by name.
  return addressText(reader, place) ?? reader.text(place, 'name');
}

function locationOf(reader: NodeReader, posting: DataNode): string | undefined {
  const places = [...reader.values(posting, 'jobLocation')]
    .map((place) => placeText(reader, place))
    .filter((text): text is string => text !== undefined);
  if (places.length === 0) {
    // A remote job says where its people may live instead.
    for (const area of reader.values(posting, 'applicantLocationRequirements')) {
      const text =
        typeof area === 'string' ? area : isNode(area) ? reader.text(area, 'name') : undefined;
      if (text !== undefined) places.push(text);
    }
  }
  const unique = [
    ...new Set(places.map((place) => lineText(place, FIELD_LIMITS.location, reader.origin))),
  ];
  const texts = unique.filter((text): text is string => text !== undefined);
  return texts.length === 0
    ? undefined
    : lineText(texts.join('; '), FIELD_LIMITS.location, { encoded: false });
}

function isRemote(reader: NodeReader, posting: DataNode): boolean {
  return reader
    .values(posting, 'jobLocationType')
    .some((value) => typeof value === 'string' && value.trim().toUpperCase() === 'TELECOMMUTE');
}

const EMPLOYMENT_WORDS: Readonly<Record<string, EmploymentType>> = {
  FULL_TIME: 'full-time',
  FULLTIME: 'full-time',
  PART_TIME: 'part-time',
  PARTTIME: 'part-time',
  CONTRACTOR: 'contract',
  CONTRACT: 'contract',
  TEMPORARY: 'temporary',
  INTERN: 'internship',
  INTERNSHIP: 'internship',
  VOLUNTEER: 'volunteer',
  PER_DIEM: 'per-diem',
  OTHER: 'other',
};

function employmentTypeOf(reader: NodeReader, posting: DataNode): EmploymentType | undefined {
  for (const value of reader.values(posting, 'employmentType')) {
    if (typeof value !== 'string') continue;
    // One value may list several ("FULL_TIME, CONTRACTOR"): the first known one wins.
    for (const word of value.split(/[,;/|]/)) {
      const key = word
        .trim()
        .toUpperCase()
        .replace(/[\s-]+/g, '_');
      const type = EMPLOYMENT_WORDS[key];
      if (type !== undefined && EMPLOYMENT_TYPES.includes(type)) return type;
    }
  }
  return undefined;
}

/** schema.org's unitText, and how many of it a year has (day and week become a year). */
const SALARY_UNITS: Readonly<Record<string, { period: PayPeriod; times: number }>> = {
  HOUR: { period: 'hour', times: 1 },
  HOURLY: { period: 'hour', times: 1 },
  DAY: { period: 'year', times: 260 },
  DAILY: { period: 'year', times: 260 },
  WEEK: { period: 'year', times: 52 },
  WEEKLY: { period: 'year', times: 52 },
  MONTH: { period: 'month', times: 1 },
  MONTHLY: { period: 'month', times: 1 },
  YEAR: { period: 'year', times: 1 },
  YEARLY: { period: 'year', times: 1 },
  ANNUAL: { period: 'year', times: 1 },
  ANNUALLY: { period: 'year', times: 1 },
};

/** An amount as pages write it: 120000, "120000", "$120,000", "120k", "€ 55.50". */
export function amountOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  // Currency signs and codes around the number go; what is left must be an amount.
  const bare = value
    .trim()
    .replace(/^[^\d]*?(?=\d)/u, '')
    .replace(/(?<=[\d.km])\s*[^\d.,km\s]*$/iu, '')
    .trim();
  if (bare === '' || bare.length > 32) return undefined;
  try {
    return parseAmount(bare, 'salary');
  } catch {
    return undefined;
  }
}

function currencyOf(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    return parseCurrency(value, 'currency');
  } catch {
    return undefined;
  }
}

function salaryOf(reader: NodeReader, posting: DataNode): CapturedSalary | undefined {
  for (const amount of [
    ...reader.values(posting, 'baseSalary'),
    ...reader.values(posting, 'estimatedSalary'),
  ]) {
    const salary = moneyOf(reader, amount, posting);
    if (salary !== undefined) return salary;
  }
  return undefined;
}

/** A MonetaryAmount (or a bare number) as min, max, currency and period. */
function moneyOf(
  reader: NodeReader,
  amount: unknown,
  posting: DataNode,
): CapturedSalary | undefined {
  const fallbackCurrency = currencyOf(reader.text(posting, 'salaryCurrency'));
  if (!isNode(amount)) {
    const value = amountOf(amount);
    if (value === undefined) return undefined;
    return withCurrency({ min: value, max: value }, fallbackCurrency);
  }
  const value = reader.resolved(amount['value']);
  const quantity = isNode(value) ? value : amount;
  const single = isNode(value) ? amountOf(reader.first(quantity, 'value')) : amountOf(value);
  let min = amountOf(reader.first(quantity, 'minValue')) ?? single;
  let max = amountOf(reader.first(quantity, 'maxValue')) ?? single;
  if (min === undefined && max === undefined) return undefined;
  const unitText = (reader.text(quantity, 'unitText') ?? reader.text(amount, 'unitText') ?? '')
    .trim()
    .toUpperCase()
    .replace(/^PER\s+/, '');
  const unit = SALARY_UNITS[unitText];
  if (unit !== undefined && unit.times !== 1) {
    min = min === undefined ? undefined : Math.round(min * unit.times);
    max = max === undefined ? undefined : Math.round(max * unit.times);
  }
  if (min !== undefined && max !== undefined && min > max) [min, max] = [max, min];
  const salary: CapturedSalary = {};
  if (min !== undefined) salary.min = min;
  if (max !== undefined) salary.max = max;
  if (unit !== undefined) salary.period = unit.period;
  return withCurrency(salary, currencyOf(reader.text(amount, 'currency')) ?? fallbackCurrency);
}

function withCurrency(salary: CapturedSalary, currency: string | undefined): CapturedSalary {
  return currency === undefined ? salary : { ...salary, currency };
}

/** A date as postings write it (2026-11-02, or with a time), within 1900-2200. */
export function dateOf(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (!/^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) return undefined;
  // A day alone is that day in UTC (as ISO 8601 and JavaScript read it).
  const date = new Date(text.replace(' ', 'T'));
  const year = date.getUTCFullYear();
  return Number.isNaN(date.getTime()) || year < 1900 || year > 2200 ? undefined : date;
}

function tagsOf(reader: NodeReader, posting: DataNode): string[] {
  const words: string[] = [];
  for (const value of reader.values(posting, 'skills')) {
    const text = textOf(value);
    // A list in one string ("TypeScript, Node.js") is its items.
    if (text !== undefined) words.push(...text.split(/[,;\n]/));
  }
  const tags: string[] = [];
  const seen = new Set<string>();
  for (const word of words) {
    const tag = lineText(word, FIELD_LIMITS.tag, reader.origin);
    if (tag === undefined || seen.has(tag.toLowerCase())) continue;
    seen.add(tag.toLowerCase());
    tags.push(tag);
    if (tags.length >= MAX_TAGS) break;
  }
  return tags;
}

function descriptionOf(reader: NodeReader, posting: DataNode): string | undefined {
  for (const value of reader.values(posting, 'description')) {
    if (isHtmlValue(value)) return htmlDescriptionText(value['@html'], FIELD_LIMITS.description);
    const text = textOf(value);
    if (text !== undefined) return descriptionText(text, FIELD_LIMITS.description, reader.origin);
  }
  return undefined;
}

/** A JobPosting node's fields; `byId` resolves its references to other nodes of the page. */
export function postingFromNode(
  posting: DataNode,
  byId: ReadonlyMap<string, DataNode>,
  source: 'json-ld' | 'microdata',
): CapturedPosting {
  const reader = new NodeReader(byId, { encoded: source === 'json-ld' });
  const captured: CapturedPosting = { source, tags: tagsOf(reader, posting) };
  const title =
    reader.line(posting, 'title', FIELD_LIMITS.title) ??
    reader.line(posting, 'name', FIELD_LIMITS.title);
  if (title !== undefined) captured.title = title;
  const company = companyOf(reader, posting);
  if (company !== undefined) captured.company = company;
  const location = locationOf(reader, posting);
  if (location !== undefined) captured.location = location;
  if (isRemote(reader, posting)) captured.workMode = 'remote';
  const employmentType = employmentTypeOf(reader, posting);
  if (employmentType !== undefined) captured.employmentType = employmentType;
  const salary = salaryOf(reader, posting);
  if (salary !== undefined) captured.salary = salary;
  const postedAt = dateOf(reader.text(posting, 'datePosted'));
  if (postedAt !== undefined) captured.postedAt = postedAt;
  const validThrough = dateOf(reader.text(posting, 'validThrough'));
  if (validThrough !== undefined) captured.validThrough = validThrough;
  const description = descriptionOf(reader, posting);
  if (description !== undefined) captured.description = description;
  const url = reader.text(posting, 'url');
  const web = url === undefined ? undefined : webUrl(url);
  if (web !== undefined && web.href.length <= FIELD_LIMITS.url) captured.url = web.href;
  return captured;
}
