// An export printed to a terminal (no --out) shows the data's control characters as escapes,
// even when a character arrives split across chunks; the terminal itself is never ended.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { escapingStream } from '../../src/ui/terminal-stream.js';
import { RAW_CONTROL } from '../helpers/terminal.js';

function terminal(): { writable: Writable; text: () => string; ended: () => boolean } {
  let text = '';
  let ended = false;
  const writable = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString('utf8');
      done();
    },
    final(done) {
      ended = true;
      done();
    },
  });
  return { writable, text: () => text, ended: () => ended };
}

describe('escapingStream', () => {
  it('escapes control characters from data, split across chunks or not, and keeps line breaks', async () => {
    const screen = terminal();
    const { stream, finish } = escapingStream(screen.writable);
    const csv = Buffer.from('name,company\n"A\x1b]0;pwned\x07",Acme\u009b31m\nB\u202e,Globex\n');
    // The 8-bit CSI (U+009B, two bytes in UTF-8) cut in the middle.
    const cut = csv.indexOf(0x9b);
    stream.write(csv.subarray(0, cut));
    stream.write(csv.subarray(cut));
    await finish();
    expect(screen.text()).toBe(
      'name,company\n"A\\x1b]0;pwned\\x07",Acme\\x9b31m\nB\\u202e,Globex\n',
    );
    expect(screen.text()).not.toMatch(RAW_CONTROL);
    expect(screen.ended()).toBe(false);
  });
});
