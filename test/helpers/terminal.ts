// What terminal-safe output must not hold, written independently of src/ui/printable.ts.

/* eslint-disable no-control-regex -- finding control characters is the point */

/** A terminal control character other than a line break (C0, DEL, C1), or a bidi control. */
export const RAW_CONTROL =
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

/** Select Graphic Rendition sequences: the colours career writes itself. */
export const SGR = /\x1b\[[0-9;]*m/g;
