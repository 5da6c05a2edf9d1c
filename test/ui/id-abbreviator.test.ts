// Listings shorten ids to the shortest prefix (8 characters at least) that tells them apart.
import { ObjectId } from 'bson';
import { describe, expect, it } from 'vitest';
import { burstObjectId } from '../../src/repositories/ids.js';
import { idAbbreviator } from '../../src/ui/status-colours.js';

describe('idAbbreviator', () => {
  it('keeps 8 characters for ids made in different seconds', () => {
    const ids = [
      '6b04dca1aaaaaaaaaaaaaaaa',
      '6b04dca2aaaaaaaaaaaaaaaa',
      '6b04dcb0bbbbbbbbbbbbbbbb',
    ];
    const short = idAbbreviator(ids);
    expect(ids.map(short)).toEqual(['6b04dca1', '6b04dca2', '6b04dcb0']);
  });

  it('lengthens ids made in the same second just enough to tell them apart', () => {
    const short = idAbbreviator([
      '6b04dca1000000000000000a',
      '6b04dca1000000000000000b',
      '6b04dca19f00000000000000',
      '6b04dca2000000000000000a',
    ]);
    expect(short('6b04dca1000000000000000a')).toBe('6b04dca1000000000000000a');
    expect(short('6b04dca1000000000000000b')).toBe('6b04dca1000000000000000b');
    expect(short('6b04dca19f00000000000000')).toBe('6b04dca19');
    expect(short('6b04dca2000000000000000a')).toBe('6b04dca2');
    // An id outside the listing gets the usual 8 characters.
    expect(short('6b04dca3000000000000000a')).toBe('6b04dca3');
  });

  it('gives every id of a same-second batch a unique prefix of itself', () => {
    const ids = Array.from({ length: 500 }, () => new ObjectId().toHexString());
    const short = idAbbreviator(ids);
    const shown = ids.map(short);
    expect(new Set(shown).size).toBe(ids.length);
    for (const [index, prefix] of shown.entries()) {
      expect(ids[index]?.startsWith(prefix)).toBe(true);
      expect(ids.filter((id) => id.startsWith(prefix))).toHaveLength(1);
    }
  });

  it('shows a burst of imported ids (random after the timestamp) with a few more characters', () => {
    const now = Date.UTC(2026, 10, 24, 12);
    const ids = Array.from({ length: 1000 }, () => burstObjectId(now).toHexString());
    // Same second: the first 8 characters are the timestamp, the rest random.
    expect(new Set(ids.map((id) => id.slice(0, 8)))).toEqual(
      new Set([Math.floor(now / 1000).toString(16)]),
    );
    const lengths = ids.map(idAbbreviator(ids)).map((prefix) => prefix.length);
    // 1,000 random tails are told apart within 8 more characters (a driver-made batch
    // would need all 24).
    expect(Math.max(...lengths)).toBeLessThanOrEqual(16);
  });
});
