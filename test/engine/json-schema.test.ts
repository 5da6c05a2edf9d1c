// $jsonSchema through the official driver: the query operator (which sees BSON types: int is not
// double, long or decimal), collection validators with their levels and actions, MongoDB 5+'s
// errInfo.details, and bypassDocumentValidation on every kind of write.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  Binary,
  Decimal128,
  Double,
  Int32,
  Long,
  MongoClient,
  ObjectId,
  type Db,
  type Document,
} from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type RunningEngine } from '../../src/engine/index.js';
import { serverFailure } from '../helpers/driver.js';

/** Test documents: numbered ids, any fields. */
type Row = { _id?: number; [field: string]: unknown };

let dir: string;
let engine: RunningEngine;
let client: MongoClient;
let db: Db;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'career-json-schema-'));
  engine = await startEngine({ dataDir: dir });
  client = await MongoClient.connect(engine.uri);
  db = client.db('schema');
  await db.collection<Row>('values').insertMany([
    { _id: 1, v: new Int32(5) },
    { _id: 2, v: new Double(5) },
    { _id: 3, v: Long.fromNumber(5) },
    { _id: 4, v: Decimal128.fromString('5') },
    { _id: 5, v: 'five' },
    { _id: 6, v: new ObjectId() },
    { _id: 7, v: new Date(0) },
    { _id: 8, v: new Binary(Buffer.from('x')) },
    { _id: 9, v: [new Int32(1), new Int32(1)] },
    { _id: 10, v: { a: new Int32(1) } },
  ]);
});

afterAll(async () => {
  await client.close();
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

const idsOf = (docs: Document[]): number[] => docs.map((doc) => Number(doc._id));

async function matching(schema: Document): Promise<number[]> {
  return idsOf(await db.collection('values').find({ $jsonSchema: schema }).toArray());
}

const valueSchema = (v: Document): Document => ({ required: ['v'], properties: { v } });

describe('the $jsonSchema query operator', () => {
  it('tells the BSON types apart', async () => {
    expect(await matching(valueSchema({ bsonType: 'int' }))).toEqual([1]);
    expect(await matching(valueSchema({ bsonType: 'double' }))).toEqual([2]);
    expect(await matching(valueSchema({ bsonType: 'long' }))).toEqual([3]);
    expect(await matching(valueSchema({ bsonType: 'decimal' }))).toEqual([4]);
    expect(await matching(valueSchema({ bsonType: 'number' }))).toEqual([1, 2, 3, 4]);
    expect(await matching(valueSchema({ type: 'number' }))).toEqual([1, 2, 3, 4]);
    expect(await matching(valueSchema({ bsonType: ['objectId', 'date'] }))).toEqual([6, 7]);
    expect(await matching(valueSchema({ bsonType: 'binData' }))).toEqual([8]);
    expect(await matching(valueSchema({ type: 'object' }))).toEqual([10]);
  });

  it('applies numeric, string and array keywords to the values they are for', async () => {
    expect(await matching(valueSchema({ minimum: 5, exclusiveMinimum: true }))).toEqual([
      5, 6, 7, 8, 9, 10,
    ]);
    expect(await matching(valueSchema({ maximum: 5 }))).toHaveLength(10);
    expect(await matching(valueSchema({ minLength: 5 }))).not.toContain(5);
    expect(await matching(valueSchema({ pattern: '^fi' }))).toContain(5);
    expect(await matching(valueSchema({ bsonType: 'array', uniqueItems: true }))).toEqual([]);
    expect(await matching(valueSchema({ enum: [5] }))).toEqual([1, 2, 3, 4]);
    expect(
      await matching({ properties: { v: { additionalProperties: false, properties: {} } } }),
    ).not.toContain(10);
  });

  it('works in count, aggregate $match and update filters', async () => {
    const values = db.collection('values');
    const filter = { $jsonSchema: valueSchema({ bsonType: 'long' }) };
    expect(await values.countDocuments(filter)).toBe(1);
    expect(idsOf(await values.aggregate([{ $match: filter }]).toArray())).toEqual([3]);
    const result = await values.updateMany(filter, { $set: { seen: true } });
    expect(result.modifiedCount).toBe(1);
  });

  it('refuses what MongoDB refuses, with its errors', async () => {
    const values = db.collection('values');
    const refused = async (schema: Document): Promise<[number | undefined, string]> => {
      const error = await serverFailure(values.find({ $jsonSchema: schema }).toArray());
      return [error.code as number | undefined, error.message];
    };
    expect(await refused({ $ref: '#/x' })).toEqual([
      9,
      "$jsonSchema keyword '$ref' is not currently supported",
    ]);
    expect((await refused({ format: 'email' }))[0]).toBe(9);
    expect(await refused({ bogus: 1 })).toEqual([9, 'Unknown $jsonSchema keyword: bogus']);
    expect((await refused({ type: 'integer' }))[0]).toBe(9);
    expect(await refused({ bsonType: 'float' })).toEqual([2, 'Unknown type name alias: float']);
    expect((await refused({ required: 'v' }))[0]).toBe(14);
  });
});

describe('collection validators', () => {
  const personSchema = {
    bsonType: 'object',
    required: ['name', 'age'],
    properties: {
      name: { bsonType: 'string', description: 'the name' },
      age: { bsonType: 'int', minimum: 0 },
    },
  };

  it('refuses an invalid document with code 121 and MongoDB 5+ details', async () => {
    const people = await db.createCollection<Row>('people', {
      validator: { $jsonSchema: personSchema },
    });
    await people.insertOne({ name: 'Ada', age: new Int32(36) });
    const error = await serverFailure(people.insertOne({ _id: 7, name: 'Bob' }));
    expect(error.code).toBe(121);
    expect(error.errInfo).toEqual({
      failingDocumentId: 7,
      details: {
        operatorName: '$jsonSchema',
        schemaRulesNotSatisfied: [
          {
            operatorName: 'required',
            specifiedAs: { required: ['name', 'age'] },
            missingProperties: ['age'],
          },
        ],
      },
    });
    const typed = await serverFailure(people.insertOne({ _id: 8, name: 'Cy', age: new Double(3) }));
    const rules = (typed.errInfo?.details as Document).schemaRulesNotSatisfied as Document[];
    expect(rules[0]).toMatchObject({
      operatorName: 'properties',
      propertiesNotSatisfied: [
        {
          propertyName: 'age',
          details: [
            { operatorName: 'bsonType', reason: 'type did not match', consideredType: 'double' },
          ],
        },
      ],
    });
    expect(await people.countDocuments()).toBe(1);
  });

  it('checks updates, and lets bypassDocumentValidation through', async () => {
    const people = db.collection<Row>('people');
    const update = people.updateOne({ name: 'Ada' }, { $set: { age: 'old' } });
    expect((await serverFailure(update)).code).toBe(121);
    const replace = people.findOneAndReplace({ name: 'Ada' }, { name: 'Ada' });
    expect((await serverFailure(replace)).code).toBe(121);
    await people.insertOne({ name: 'Eve' }, { bypassDocumentValidation: true });
    await people.updateOne(
      { name: 'Ada' },
      { $unset: { age: 1 } },
      { bypassDocumentValidation: true },
    );
    await people.findOneAndUpdate(
      { name: 'Eve' },
      { $set: { age: 'x' } },
      { bypassDocumentValidation: true },
    );
    expect(await people.countDocuments({ age: { $exists: false } })).toBe(1);
  });

  it('validates what aggregate $out and $merge write, unless bypassed', async () => {
    const source = db.collection<Row>('sources');
    await source.insertMany([{ _id: 1, name: 'Nameless' }]);
    await db.createCollection('outs', { validator: { $jsonSchema: personSchema } });
    const out = source.aggregate([{ $out: 'outs' }]).toArray();
    expect((await serverFailure(out)).code).toBe(121);
    const merge = source.aggregate([{ $merge: { into: 'outs' } }]).toArray();
    expect((await serverFailure(merge)).code).toBe(121);
    expect(await db.collection('outs').countDocuments()).toBe(0);
    await source.aggregate([{ $out: 'outs' }], { bypassDocumentValidation: true }).toArray();
    expect(await db.collection('outs').countDocuments()).toBe(1);
  });

  it('combines $jsonSchema with query operators, detailing each failing clause', async () => {
    const scores = await db.createCollection<Row>('scores', {
      validator: { $jsonSchema: { required: ['score'] }, score: { $gte: 0 } },
    });
    const error = await serverFailure(scores.insertOne({ _id: 1, score: -1 }));
    expect(error.errInfo?.details).toEqual({
      operatorName: '$and',
      clausesNotSatisfied: [
        {
          index: 1,
          details: {
            operatorName: '$gte',
            specifiedAs: { score: { $gte: 0 } },
            reason: 'expression did not match',
            consideredValue: -1,
          },
        },
      ],
    });
  });

  it('lets moderate validation update documents that were already invalid', async () => {
    const legacy = db.collection<Row>('legacy');
    await legacy.insertMany([
      { _id: 1, n: 'not a number' },
      { _id: 2, n: 2 },
    ]);
    await db.command({
      collMod: 'legacy',
      validator: { $jsonSchema: { properties: { n: { bsonType: 'number' } } } },
      validationLevel: 'moderate',
    });
    await legacy.updateOne({ _id: 1 }, { $set: { note: 'still invalid' } });
    const error = await serverFailure(legacy.updateOne({ _id: 2 }, { $set: { n: 'two' } }));
    expect(error.code).toBe(121);
    await db.command({ collMod: 'legacy', validationLevel: 'strict' });
    expect((await serverFailure(legacy.updateOne({ _id: 1 }, { $set: { m: 1 } }))).code).toBe(121);
  });

  it('only warns with validationAction warn, and shows the options in listCollections', async () => {
    const lax = await db.createCollection('lax', {
      validator: { $jsonSchema: { required: ['x'] } },
      validationAction: 'warn',
    });
    await lax.insertOne({ y: 1 });
    expect(await lax.countDocuments()).toBe(1);
    const [info] = await db.listCollections({ name: 'lax' }, { nameOnly: false }).toArray();
    expect(info?.options).toMatchObject({
      validator: { $jsonSchema: { required: ['x'] } },
      validationAction: 'warn',
    });
  });

  it('refuses an invalid validator or validation option when it is set', async () => {
    const bad = db.createCollection('bad', { validator: { $jsonSchema: { definitions: {} } } });
    expect((await serverFailure(bad)).code).toBe(9);
    const level = db.createCollection('bad', { validationLevel: 'sometimes' as 'strict' });
    expect((await serverFailure(level)).code).toBe(2);
    const mod = db.command({ collMod: 'people', validator: { $jsonSchema: { id: 'x' } } });
    expect((await serverFailure(mod)).code).toBe(9);
  });
});
