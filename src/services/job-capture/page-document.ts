// What a page says about itself, read with htmlparser2: its JSON-LD scripts (parsed), the
// microdata items of a type (as JSON-LD-like nodes), and its OpenGraph and <title>. The
// parser is forgiving, as browsers are: a page is never refused for its markup.
import type { ChildNode, Document, Element } from 'domhandler';
import { DomHandler, isTag } from 'domhandler';
import { PageUnusableError } from '../../domain/errors.js';
import { DomUtils, Parser } from 'htmlparser2';
import { MAX_DOM_DEPTH, MAX_NESTING, MAX_NODES, MAX_SCRIPT_CHARS } from './limits.js';
import { bareType, type DataNode } from './structured-data.js';

/** A microdata property holding markup (a description), to be turned into text as HTML. */
export interface HtmlValue {
  '@html': string;
}

export function isHtmlValue(value: unknown): value is HtmlValue {
  return (
    typeof value === 'object' && value !== null && typeof (value as HtmlValue)['@html'] === 'string'
  );
}

/** A DomHandler that stops the parser once elements nest deeper than MAX_DOM_DEPTH. */
class DepthLimitedHandler extends DomHandler {
  tooDeep = false;
  stop: () => void = () => undefined;

  override onopentag(name: string, attribs: Record<string, string>): void {
    super.onopentag(name, attribs);
    // The root document is the stack's first entry.
    if (this.tagStack.length - 1 > MAX_DOM_DEPTH && !this.tooDeep) {
      this.tooDeep = true;
      this.stop();
    }
  }
}

/**
 * The document of `html`, or undefined when its elements nest deeper than MAX_DOM_DEPTH (as
 * Blink's parser, which stops nesting at 512). Past that depth htmlparser2 slows down with
 * the square of it (its stack of open elements grows at the front), and walking or
 * serialising the tree recurses: a page of 200,000 nested <div>s would take minutes, then
 * overflow the stack.
 */
export function parseBounded(html: string): Document | undefined {
  const handler = new DepthLimitedHandler();
  const parser = new Parser(handler);
  handler.stop = () => parser.pause();
  parser.end(html);
  return handler.tooDeep ? undefined : handler.root;
}

/** A page's document; a page nested too deeply to read is unusable. */
export function parsePage(html: string): Document {
  const document = parseBounded(html);
  if (document === undefined) {
    throw new PageUnusableError(
      `the page nests its elements more than ${MAX_DOM_DEPTH} deep: it was not read`,
    );
  }
  return document;
}

function attribute(element: Element, name: string): string | undefined {
  return DomUtils.getAttributeValue(element, name);
}

/** The parsed contents of every `<script type="application/ld+json">` (unparseable ones left out). */
export function jsonLdScripts(document: Document): unknown[] {
  const scripts = DomUtils.findAll(
    (element) =>
      element.name === 'script' &&
      (attribute(element, 'type') ?? '').trim().toLowerCase().split(';')[0] ===
        'application/ld+json',
    document.children,
  );
  const parsed: unknown[] = [];
  for (const script of scripts) {
    const text = DomUtils.textContent(script);
    if (text.length > MAX_SCRIPT_CHARS) continue;
    const value = parseJson(text);
    if (value !== undefined) parsed.push(value);
  }
  return parsed;
}

/** JSON as pages write it in a script: maybe wrapped in a comment or CDATA section. */
export function parseJson(text: string): unknown {
  const unwrapped = text
    .trim()
    .replace(/^(?:<!--|\/\/\s*<!\[CDATA\[|<!\[CDATA\[)/, '')
    .replace(/(?:-->|\/\/\s*\]\]>|\]\]>)$/, '')
    .trim();
  try {
    return JSON.parse(unwrapped) as unknown;
  } catch {
    return undefined;
  }
}

const URL_ELEMENTS: Readonly<Record<string, string>> = {
  a: 'href',
  area: 'href',
  link: 'href',
  audio: 'src',
  embed: 'src',
  iframe: 'src',
  img: 'src',
  source: 'src',
  track: 'src',
  video: 'src',
  object: 'data',
};

/** A property's value as the HTML standard defines it (content, href, datetime, text...). */
function propertyValue(element: Element, name: string): unknown {
  if (element.name === 'meta') return attribute(element, 'content') ?? '';
  const urlAttribute = URL_ELEMENTS[element.name];
  if (urlAttribute !== undefined) return attribute(element, urlAttribute) ?? '';
  if (element.name === 'data' || element.name === 'meter') return attribute(element, 'value') ?? '';
  if (element.name === 'time') {
    return attribute(element, 'datetime') ?? DomUtils.textContent(element);
  }
  if (name === 'description')
    return { '@html': DomUtils.getInnerHTML(element) } satisfies HtmlValue;
  return DomUtils.textContent(element);
}

function addProperty(node: DataNode, name: string, value: unknown): void {
  const existing = node[name];
  if (existing === undefined) node[name] = value;
  else if (Array.isArray(existing)) existing.push(value);
  else node[name] = [existing, value];
}

function itemTypeOf(element: Element): string | undefined {
  const type = attribute(element, 'itemtype')?.trim().split(/\s+/)[0];
  return type === undefined || type === '' ? undefined : bareType(type);
}

/** One microdata item: its type and properties, nested items as nested nodes. */
function microdataItem(item: Element, depth: number, budget: { nodes: number }): DataNode {
  const node: DataNode = {};
  const type = itemTypeOf(item);
  if (type !== undefined) node['@type'] = type;
  const pending: ChildNode[] = [...item.children].reverse();
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (--budget.nodes < 0) break;
    if (!isTag(next)) continue;
    const names = (attribute(next, 'itemprop') ?? '').trim().split(/\s+/).filter(Boolean);
    const nested = DomUtils.hasAttrib(next, 'itemscope');
    if (names.length > 0) {
      const value =
        nested && depth < MAX_NESTING
          ? microdataItem(next, depth + 1, budget)
          : nested
            ? undefined
            : propertyValue(next, names[0] ?? '');
      if (value !== undefined) for (const name of names) addProperty(node, name, value);
    }
    // A nested item's properties are its own; anything else's are this item's.
    if (!nested)
      for (let index = next.children.length - 1; index >= 0; index--) {
        const child = next.children[index];
        if (child !== undefined) pending.push(child);
      }
  }
  return node;
}

/** The page's top-level microdata items of `type` (JobPosting), as nodes. */
export function microdataItems(document: Document, type: string): DataNode[] {
  const budget = { nodes: MAX_NODES };
  const items = DomUtils.findAll(
    (element) =>
      DomUtils.hasAttrib(element, 'itemscope') &&
      !DomUtils.hasAttrib(element, 'itemprop') &&
      itemTypeOf(element) === type,
    document.children,
  );
  return items.map((item) => microdataItem(item, 1, budget));
}

/** What the page's head says of it: OpenGraph, the description meta, canonical, <title>. */
export interface PageMeta {
  title?: string;
  siteName?: string;
  description?: string;
  url?: string;
}

export function pageMeta(document: Document): PageMeta {
  const metas = DomUtils.getElementsByTagName('meta', document.children);
  const content = (...keys: string[]): string | undefined => {
    for (const key of keys) {
      const meta = metas.find(
        (element) =>
          (attribute(element, 'property') ?? attribute(element, 'name') ?? '').toLowerCase() ===
          key,
      );
      const value = meta === undefined ? undefined : attribute(meta, 'content');
      if (value !== undefined && value.trim() !== '') return value;
    }
    return undefined;
  };
  const titleElement = DomUtils.getElementsByTagName('title', document.children, true, 1)[0];
  const canonical = DomUtils.findOne(
    (element) =>
      element.name === 'link' &&
      (attribute(element, 'rel') ?? '').toLowerCase().split(/\s+/).includes('canonical'),
    document.children,
  );
  const meta: PageMeta = {};
  const title =
    content('og:title', 'twitter:title') ??
    (titleElement ? DomUtils.textContent(titleElement) : undefined);
  if (title !== undefined) meta.title = title;
  const siteName = content('og:site_name', 'application-name');
  if (siteName !== undefined) meta.siteName = siteName;
  const description = content('og:description', 'description', 'twitter:description');
  if (description !== undefined) meta.description = description;
  const url = content('og:url') ?? (canonical ? attribute(canonical, 'href') : undefined);
  if (url !== undefined) meta.url = url;
  return meta;
}
