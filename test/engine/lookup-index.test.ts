// $lookup's equality join through an index on the foreign field: the same results as joining
// against the whole collection (the engine's earlier way, still used without an index), over
// values of many types, and without reading the whole foreign collection.
import path from 'node:path';
import { Decimal128, Double, EJSON, Int32, Long, ObjectId, type Document } from 'bson';
import { MongoClient } from 'mongodb';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { decodeTyped, encode } from '../../src/engine/codec.js';
import { collectionDocuments, indexedDocuments } from '../../src/engine/commands/lookup-source.js';
import { startEngine } from '../../src/engine/index.js';
import { runPipeline } from '../../src/engine/query/index.js';
import type { PipelineContext } from '../../src/engine/query/pipeline.js';
import type { CollectionStore, StorageBackend } from '../../src/engine/storage/backend.js';
import { openSqliteBackend } from '../../src/engine/storage/sqlite-backend.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dirs.js';

const typed = (doc: Document): Document => decodeTyped(encode(doc));
const ids = [new ObjectId(), new ObjectId(), new ObjectId()] as const;
const when = new Date(Date.UTC(2026, 11, 2));

/** Values of the foreign and local fields: numbers of every type, strings, arrays, null... */
const values: unknown[] = [
  new Int32(1),
  new Double(1),
  Long.fromNumber(1),
  Decimal128.fromString('1'),
  Decimal128.fromString('1.0'),
  new Double(1.5),
  Long.fromString('9007199254740993'),
  '1',
  'a',
  'A',
  '',
  ids[0],
  ids[1],
  ids[1].toHexString(),
  when,
  true,
  false,
  new Int32(0),
  null,
  [new Int32(1), 'a'],
  [[new Int32(1)]],
  [],
  [null],
  { k: new Int32(1) },
  new Double(-0),
];

/** Foreign documents: each value in `key`, in `tags` (with another), and in `sub.k`. */
function foreignDocs(): Document[] {
  const docs: Document[] = [
    { _id: ids[0], owner: 'ada' },
    { _id: ids[1], owner: 'eve', key: ids[0] },
    { _id: new Int32(7), owner: 'ada', key: 'a' },
    { _id: 'a', owner: 'ada', tags: ['a', ids[1]] },
    { _id: new Double(1), owner: 'eve', sub: [{ k: 'a' }, { k: new Int32(1) }] },
    { _id: when, owner: 'ada' },
  ];
  values.forEach((value, i) => {
    docs.push({ _id: `k${i}`, owner: i % 2 ? 'ada' : 'eve', key: value });
    docs.push({ _id: `t${i}`, owner: 'ada', tags: [value, 'other'] });
    docs.push({ _id: `s${i}`, owner: 'eve', sub: { k: value } });
  });
  return docs;
}

/** Local documents: each value as `ref`, plus one without it. */
function localDocs(): Document[] {
  return [...values.map((value, i) => ({ _id: i, ref: value })), { _id: 'none' }].map(typed);
}

const open: StorageBackend[] = [];
afterEach(() => {
  for (const backend of open.splice(0)) backend.close();
});
afterAll(removeTempDirs);

/** A storage with `indexed` (indexes on every joined field) and `plain` (none), same documents. */
function storageWithForeign(docs: Document[]): StorageBackend {
  const storage = openSqliteBackend({ file: path.join(makeTempDir(), 'data.db') });
  open.push(storage);
  storage.write(() => {
    for (const name of ['indexed', 'plain']) {
      const collection = storage.getCollection('app', name, true) as CollectionStore;
      if (name === 'indexed') {
        for (const field of ['key', 'tags', 'sub.k']) {
          collection.createIndex({ v: 2, key: { [field]: 1 }, name: `${field}_1` });
        }
      }
      for (const doc of docs) {
        const bytes = encode(doc);
        collection.insert(decodeTyped(bytes), bytes);
      }
    }
  });
  return storage;
}

interface Reads {
  context: PipelineContext;
  /** How often the whole foreign collection was read. */
  wholeReads: number;
  /** How many documents each indexed read gave. */
  indexedReads: number[];
}

function readsOf(storage: StorageBackend, withIndexes: boolean): Reads {
  const reads: Reads = {
    wholeReads: 0,
    indexedReads: [],
    context: {
      db: 'app',
      resolveCollection: (db, name) => {
        reads.wholeReads += 1;
        return collectionDocuments(storage, db, name);
      },
    },
  };
  if (withIndexes) {
    reads.context.resolveMatching = (db, name, field, wanted) => {
      const docs = indexedDocuments(storage, db, name, field, wanted);
      if (docs) reads.indexedReads.push(docs.length);
      return docs;
    };
  }
  return reads;
}

const equality = (from: string, localField: string, foreignField: string): Document[] => [
  { $lookup: { from, localField, foreignField, as: 'joined' } },
];
const correlated = (from: string, localField: string, foreignField: string): Document[] => [
  {
    $lookup: {
      from,
      localField,
      foreignField,
      let: { who: 'ada' },
      pipeline: [{ $match: { $expr: { $eq: ['$owner', '$$who'] } } }, { $project: { owner: 0 } }],
      as: 'joined',
    },
  },
];

/** Results with their exact BSON types (an Int32 1 is not a Double 1 here). */
const exactly = (docs: Document[]): string => EJSON.stringify(docs, { relaxed: false });

describe('$lookup through an index on the foreign field', () => {
  const storage = (): StorageBackend => storageWithForeign(foreignDocs());

  it('joins as the whole collection does, for every value type and both forms', () => {
    const store = storage();
    const locals = localDocs();
    // Each document alone (scalars take the index, null and arrays of arrays do not), the
    // index-friendly ones together, and all of them together.
    const inputs: Document[][] = [
      ...locals.map((doc) => [doc]),
      locals.filter((doc) => doc.ref !== null && doc.ref !== undefined && !Array.isArray(doc.ref)),
      locals,
    ];
    let indexedJoins = 0;
    for (const foreignField of ['_id', 'key', 'tags', 'sub.k']) {
      for (const form of [equality, correlated]) {
        for (const input of inputs) {
          const whole = readsOf(store, false);
          const expected = exactly(
            runPipeline(input, form('indexed', 'ref', foreignField), whole.context),
          );
          const viaIndex = readsOf(store, true);
          const label = `${form.name} on ${foreignField} for ${exactly(input)}`;
          expect(
            exactly(runPipeline(input, form('indexed', 'ref', foreignField), viaIndex.context)),
            label,
          ).toBe(expected);
          const unindexed = readsOf(store, true);
          expect(
            exactly(runPipeline(input, form('plain', 'ref', foreignField), unindexed.context)),
            label,
          ).toBe(expected.replaceAll('"indexed"', '"plain"'));
          if (viaIndex.wholeReads === 0) indexedJoins += 1;
        }
      }
    }
    // The index was used for most of them (not just the fallback every time).
    expect(indexedJoins).toBeGreaterThan(100);
  });

  it('joins an array local field on any element, in the order of its elements', () => {
    const store = storage();
    const reads = readsOf(store, true);
    const [doc] = runPipeline(
      [typed({ _id: 'x', ref: ['a', ids[0], new Int32(7)] })],
      equality('indexed', 'ref', '_id'),
      reads.context,
    );
    expect(reads.wholeReads).toBe(0);
    expect((doc?.joined as Document[]).map((joined) => joined._id)).toEqual([
      'a',
      ids[0],
      new Int32(7),
    ]);
  });

  it('falls back to the whole collection for a missing or null local field', () => {
    const store = storage();
    const reads = readsOf(store, true);
    const [doc] = runPipeline(
      [typed({ _id: 'x' })],
      equality('indexed', 'ref', 'key'),
      reads.context,
    );
    expect(reads.wholeReads).toBe(1);
    // Every foreign document without `key`, with a null one or one holding null.
    const nullOrMissing = foreignDocs().filter(
      (foreign) =>
        foreign.key == null || (Array.isArray(foreign.key) && foreign.key.includes(null)),
    );
    expect((doc?.joined as Document[]).length).toBe(nullOrMissing.length);
  });

  it('reads only the matching documents, not the whole collection', () => {
    const jobs = Array.from({ length: 2000 }, (_, i) => ({
      _id: new ObjectId(),
      userId: i % 2 ? 'ada' : 'eve',
      company: `Company ${i}`,
    }));
    const store = storageWithForeign(jobs);
    const offers = [jobs[10], jobs[11], jobs[1999]].map((job, i) =>
      typed({ _id: i, jobId: job?._id }),
    );
    const reads = readsOf(store, true);
    const results = runPipeline(
      offers,
      [
        {
          $lookup: {
            from: 'indexed',
            localField: 'jobId',
            foreignField: '_id',
            pipeline: [{ $match: { userId: 'ada' } }, { $project: { company: 1 } }],
            as: 'job',
          },
        },
      ],
      reads.context,
    );
    expect(reads.wholeReads).toBe(0);
    expect(reads.indexedReads).toEqual([3]);
    expect(results.map((offer) => (offer.job as Document[]).map((job) => job.company))).toEqual([
      [],
      ['Company 11'],
      ['Company 1999'],
    ]);
  });
});

describe('$lookup through an index, over the wire', () => {
  it("joins as without the index, and sees a transaction's own writes only inside it", async () => {
    const engine = await startEngine({ dataDir: makeTempDir('career-lookup-') });
    const client = new MongoClient(engine.uri);
    try {
      await client.connect();
      const db = client.db('app');
      const jobs = Array.from({ length: 300 }, (_, i) => ({
        _id: new ObjectId(),
        userId: i % 2 ? 'ada' : 'eve',
        ref: i % 3 === 0 ? new Int32(i) : i % 3 === 1 ? new Double(i) : `r${i}`,
        title: `Job ${i}`,
      }));
      await db.collection('indexed').insertMany(jobs);
      await db.collection('indexed').createIndex({ ref: 1 });
      await db.collection('plain').insertMany(jobs);
      const offers = db.collection<{ _id: number; jobId: unknown; ref: unknown }>('offers');
      await offers.insertMany([
        { _id: 1, jobId: jobs[3]?._id, ref: 3 },
        { _id: 2, jobId: jobs[4]?._id, ref: new Double(4) },
        { _id: 3, jobId: [jobs[5]?._id, jobs[6]?._id], ref: ['r5', Long.fromNumber(6)] },
        { _id: 4, jobId: new ObjectId(), ref: 'nothing' },
      ]);
      const joined = (from: string, localField: string, foreignField: string) =>
        offers
          .aggregate([
            {
              $lookup: {
                from,
                localField,
                foreignField,
                pipeline: [{ $match: { userId: 'ada' } }, { $project: { title: 1, ref: 1 } }],
                as: 'job',
              },
            },
            { $lookup: { from, localField, foreignField, as: 'all' } },
          ])
          .toArray();
      const exact = (docs: Document[]): string => EJSON.stringify(docs, { relaxed: false });
      const byRef = await joined('indexed', 'ref', 'ref');
      expect(exact(byRef)).toBe(exact(await joined('plain', 'ref', 'ref')));
      expect(byRef.map((offer) => (offer.all as Document[]).map((job) => job.title))).toEqual([
        ['Job 3'],
        ['Job 4'],
        ['Job 5', 'Job 6'],
        [],
      ]);
      expect(exact(await joined('indexed', 'jobId', '_id'))).toBe(
        exact(await joined('plain', 'jobId', '_id')),
      );

      // A job inserted in a transaction is joined inside it, not outside until the commit.
      const session = client.startSession();
      try {
        session.startTransaction();
        const extra = { _id: new ObjectId(), userId: 'ada', ref: 'nothing', title: 'New' };
        await db.collection('indexed').insertOne(extra, { session });
        const inside = await offers
          .aggregate(
            [
              { $match: { _id: 4 } },
              { $lookup: { from: 'indexed', localField: 'ref', foreignField: 'ref', as: 'all' } },
            ],
            { session },
          )
          .toArray();
        expect(inside[0]?.all).toEqual([extra]);
        const outside = await offers
          .aggregate([
            { $match: { _id: 4 } },
            { $lookup: { from: 'indexed', localField: 'ref', foreignField: 'ref', as: 'all' } },
          ])
          .toArray();
        expect(outside[0]?.all).toEqual([]);
        await session.abortTransaction();
      } finally {
        await session.endSession();
      }
    } finally {
      await client.close();
      await engine.close();
    }
  });
});
