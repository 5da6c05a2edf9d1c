// A page's job posting, from the best of what it holds: a schema.org JobPosting in JSON-LD
// (any script, in a @graph or nested), then one in microdata, then (as a last resort) its
// OpenGraph tags or <title>. Pure: text in, fields out.
import { descriptionText, lineText, webUrl } from './clean-text.js';
import { FIELD_LIMITS } from './limits.js';
import { jsonLdScripts, microdataItems, pageMeta, parseJson, parsePage } from './page-document.js';
import { postingFromNode, type CapturedPosting } from './posting.js';
import { findNodes, type DataNode } from './structured-data.js';

const JOB_POSTING = 'JobPosting';

/** The first posting with a title (the first at all if none has one). */
function bestOf(postings: CapturedPosting[]): CapturedPosting | undefined {
  return postings.find((posting) => posting.title !== undefined) ?? postings[0];
}

/** The JobPosting of JSON-LD documents (the parsed contents of scripts, or a file). */
export function postingFromJsonLd(documents: readonly unknown[]): CapturedPosting | undefined {
  const { matches, byId } = findNodes(documents, JOB_POSTING);
  return bestOf(matches.map((node) => postingFromNode(node, byId, 'json-ld')));
}

function postingFromMicrodata(items: DataNode[]): CapturedPosting | undefined {
  const { matches, byId } = findNodes(items, JOB_POSTING);
  return bestOf(matches.map((node) => postingFromNode(node, byId, 'microdata')));
}

/** An HTML page's posting, or undefined when it has none (not even a title). */
export function extractPosting(html: string): CapturedPosting | undefined {
  const document = parsePage(html);
  const fromJsonLd = postingFromJsonLd(jsonLdScripts(document));
  if (fromJsonLd !== undefined) return fromJsonLd;
  const fromMicrodata = postingFromMicrodata(microdataItems(document, JOB_POSTING));
  if (fromMicrodata !== undefined) return fromMicrodata;
  const meta = pageMeta(document);
  const origin = { encoded: false };
  const title =
    meta.title === undefined ? undefined : lineText(meta.title, FIELD_LIMITS.title, origin);
  if (title === undefined) return undefined;
  const posting: CapturedPosting = { source: 'page-meta', title, tags: [] };
  const company =
    meta.siteName === undefined ? undefined : lineText(meta.siteName, FIELD_LIMITS.company, origin);
  if (company !== undefined) posting.company = company;
  const description =
    meta.description === undefined
      ? undefined
      : descriptionText(meta.description, FIELD_LIMITS.description, origin);
  if (description !== undefined) posting.description = description;
  const url = meta.url === undefined ? undefined : webUrl(meta.url);
  if (url !== undefined && url.href.length <= FIELD_LIMITS.url) posting.url = url.href;
  return posting;
}

/** A JSON-LD file's posting (a .jsonld file, or a page's script saved alone). */
export function extractJsonLdPosting(text: string): CapturedPosting | undefined {
  const document = parseJson(text);
  return document === undefined ? undefined : postingFromJsonLd([document]);
}
