// $add and $subtract with a date and numbers of any BSON type: MongoDB moves the date by that
// many milliseconds whether the number is an int, a long, a double or a decimal (mingo alone
// accepted only plain JS numbers, so a long, or a $multiply past 2^31, failed the pipeline).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Decimal128, Double, Int32, Long } from 'bson';
import { MongoClient, type Collection, type Document } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type RunningEngine } from '../../src/engine/index.js';

let dir: string;
let engine: RunningEngine;
let client: MongoClient;
let collection: Collection;

const DAY = 86_400_000;
const START = new Date('2026-01-01T00:00:00.000Z');

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'career-date-arithmetic-'));
  engine = await startEngine({ dataDir: dir });
  client = await MongoClient.connect(engine.uri);
  collection = client.db('dates').collection('events');
  await collection.insertOne({
    at: START,
    days: new Int32(90),
    longMs: Long.fromNumber(90 * DAY),
    doubleMs: new Double(1.6),
    decimalMs: Decimal128.fromString('2000'),
  });
});

afterAll(async () => {
  await client.close();
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

async function computed(expression: Document): Promise<unknown> {
  const [row] = await collection.aggregate([{ $project: { _id: 0, value: expression } }]).toArray();
  return row?.value;
}

describe('date arithmetic with typed numbers', () => {
  it('adds a long, a computed product past 2^31, a double (rounded) and a decimal', async () => {
    expect(await computed({ $add: ['$at', '$longMs'] })).toEqual(
      new Date(START.getTime() + 90 * DAY),
    );
    expect(await computed({ $add: ['$at', { $multiply: ['$days', DAY] }] })).toEqual(
      new Date(START.getTime() + 90 * DAY),
    );
    expect(await computed({ $add: ['$doubleMs', '$at'] })).toEqual(new Date(START.getTime() + 2));
    expect(await computed({ $add: ['$at', '$decimalMs', 1] })).toEqual(
      new Date(START.getTime() + 2001),
    );
  });

  it('subtracts a long from a date; date minus date stays a count of milliseconds', async () => {
    expect(await computed({ $subtract: ['$at', '$longMs'] })).toEqual(
      new Date(START.getTime() - 90 * DAY),
    );
    expect(await computed({ $subtract: [{ $add: ['$at', DAY] }, '$at'] })).toBe(DAY);
  });

  it('gives null for a missing operand and refuses two dates in one $add', async () => {
    expect(await computed({ $add: ['$at', '$missing'] })).toBeNull();
    await expect(computed({ $add: ['$at', '$at'] })).rejects.toMatchObject({ code: 16612 });
  });

  it('filters by such a sum in $expr (the agenda compares cadences this way)', async () => {
    const late = await collection
      .find({ $expr: { $gt: [new Date(), { $add: ['$at', { $multiply: ['$days', DAY] }] }] } })
      .toArray();
    expect(late).toHaveLength(1);
  });
});
