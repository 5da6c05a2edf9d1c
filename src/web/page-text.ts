// A page's bytes as text, in the charset its server names, else the one the page declares in
// its first 1024 bytes (<meta charset>, or http-equiv Content-Type: as browsers prescan), else
// UTF-8. A BOM wins over both (TextDecoder reads it).
import { DomUtils, parseDocument } from 'htmlparser2';

/** How far into a page its <meta charset> is looked for (as the HTML standard's prescan). */
const PRESCAN_BYTES = 1024;

/** The charset a Content-Type header names (`text/html; charset=iso-8859-1`), if any. */
export function headerCharset(contentType: string): string | undefined {
  return /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType)?.[1];
}

/** The charset the page's head declares, if any. */
export function declaredCharset(bytes: Uint8Array): string | undefined {
  // Latin-1 maps every byte to one character: the markup reads the same in any ASCII charset.
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, PRESCAN_BYTES));
  for (const meta of DomUtils.getElementsByTagName('meta', parseDocument(head).children)) {
    const charset = DomUtils.getAttributeValue(meta, 'charset')?.trim();
    if (charset) return charset;
    const equiv = DomUtils.getAttributeValue(meta, 'http-equiv')?.trim().toLowerCase();
    const content = DomUtils.getAttributeValue(meta, 'content');
    if (equiv === 'content-type' && content !== undefined) {
      const named = headerCharset(`;${content.replace(/^[^;]*/, '')}`);
      if (named !== undefined) return named;
    }
  }
  return undefined;
}

function decodeAs(bytes: Uint8Array, charset: string): string | undefined {
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    // RangeError: a label the runtime does not know.
    return undefined;
  }
}

/** The text of a page's bytes (`charset`: what its server said, if it said). */
export function pageText(bytes: Uint8Array, charset?: string): string {
  for (const label of [charset, declaredCharset(bytes)]) {
    if (label === undefined) continue;
    const text = decodeAs(bytes, label);
    if (text !== undefined) return text;
  }
  return new TextDecoder('utf-8').decode(bytes);
}
