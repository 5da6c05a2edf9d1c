// What terminal-safe output must not hold, written independently of src/ui/printable.ts.

/* eslint-disable no-control-regex -- finding control characters is the point */

/**
 * A terminal control character other than a line break or a tab (C0, DEL, C1), or a bidi
 * control. A tab only moves to the next tab stop, and separates cells in a table's pipe form
 * (a tab in data is written as \t).
 */
export const RAW_CONTROL =
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

/** Select Graphic Rendition sequences: the colours career writes itself. */
export const SGR = /\x1b\[[0-9;]*m/g;
