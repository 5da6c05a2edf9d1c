// Gives records stored before natural keys existed their key (migration 2), across every
// user. The unique index (already built: it leaves out records without a key) decides which
// record of a key is first; a record refused because another holds its key is a duplicate:
//   - merged into that record when it is an exact copy (the same fields, but for ids,
//     createdAt/updatedAt and the times in a status history): its applications or its
//     connection move over (or, when exact copies too, go with it), the earlier createdAt is
//     kept, and the copy is removed;
//   - otherwise kept, its key marked with its id (`<key>#dup-<id>`), and reported.
// Conversations of one user are always merged: every message is kept, in the order shown.
// Every step can be run again: an interrupted migration is finished by the next run.
import type { AnyBulkWriteOperation, Collection, Document, ObjectId } from 'mongodb';
import type { CareerModels } from '../models/index.js';
import { batchFailures, isDuplicateKeyError } from './duplicate-record.js';
import {
  APPLICATION_KEY,
  ACTIVITY_KEY,
  CONTACT_KEY,
  CONVERSATION_KEY_DEFINITION,
  JOB_KEY,
  NATURAL_KEY,
  applicationKey,
  idText,
  markedDuplicateKey,
  type NaturalKeyDefinition,
} from './natural-keys.js';
import { sameData } from './same-data.js';

/** A record kept as a duplicate: where, which, and the record holding its key. */
export interface KeptDuplicate {
  collection: string;
  id: string;
  duplicateOf: string;
}

export interface BackfillReport {
  /** Records given their key (merged and kept duplicates included). */
  documents: number;
  /** Exact copies merged into the record they repeated, per collection. */
  merged: Record<string, number>;
  /** Records sharing a key with another but different: kept, their key marked. */
  kept: KeptDuplicate[];
}

const BATCH = 500;
const UNKEYED = { [NATURAL_KEY]: { $exists: false } };

/**
 * The records a collection's key is given to: a user's, with the fields the key is made of
 * that the schema requires. Anything else (written by another tool) is no record of career's
 * and is left as it is.
 */
function keyable(definition: NaturalKeyDefinition): Document {
  const filter: Document = { ...UNKEYED, userId: { $exists: true } };
  for (const field of definition.required) filter[field] = { $exists: true };
  return filter;
}

/** The keyed collections, in the order the migration keys them, with their keys. */
function keyedCollections(models: CareerModels): Array<[Collection, NaturalKeyDefinition]> {
  return [
    // Jobs before applications: merging a job moves its applications, whose key names it.
    [models.Job.collection, JOB_KEY],
    [models.Application.collection, APPLICATION_KEY],
    [models.Contact.collection, CONTACT_KEY],
    [models.DevelopmentActivity.collection, ACTIVITY_KEY],
    [models.Conversation.collection, CONVERSATION_KEY_DEFINITION],
  ];
}

/** What never makes two records different: ids, their timestamps, the key, a merge's mark. */
const BOOKKEEPING = new Set(['_id', 'createdAt', 'updatedAt', NATURAL_KEY, 'mergedFrom']);

/**
 * Whether two records hold the same data (see BOOKKEEPING; nor the times in a status
 * history; `ignored`: more dotted paths).
 */
function sameRecord(a: Document, b: Document, ignored: readonly string[] = []): boolean {
  return sameData(a, b, { keys: BOOKKEEPING, paths: new Set(['statusHistory.at', ...ignored]) });
}

const userKey = (userId: unknown, key: string) => `${String(userId)}\u0000${key}`;

interface Holder {
  record: Document;
  holder: Document | undefined;
}

class Backfill {
  readonly report: BackfillReport = { documents: 0, merged: {}, kept: [] };

  constructor(private readonly models: CareerModels) {}

  private countMerged(collection: string, count = 1): void {
    this.report.merged[collection] = (this.report.merged[collection] ?? 0) + count;
  }

  async run(): Promise<BackfillReport> {
    // Records others refer to move their references over; conversations always merge.
    const merges = new Map<NaturalKeyDefinition, (pairs: Holder[]) => Promise<Holder[]>>([
      [JOB_KEY, (pairs) => this.mergeJobs(pairs)],
      [CONTACT_KEY, (pairs) => this.mergeContacts(pairs)],
      [CONVERSATION_KEY_DEFINITION, (pairs) => this.mergeConversations(pairs)],
    ]);
    for (const [collection, definition] of keyedCollections(this.models)) {
      const merge = merges.get(definition) ?? ((pairs) => this.mergeCopies(collection, pairs));
      await this.collection(collection, definition, merge);
    }
    return this.report;
  }

  /**
   * Keys every unkeyed record of a collection, a batch at a time; the duplicates go to
   * `merge` (which returns those it could not merge), else are merged when exact copies.
   */
  private async collection(
    collection: Collection,
    definition: NaturalKeyDefinition,
    merge: (pairs: Holder[]) => Promise<Holder[]>,
  ): Promise<void> {
    // In stored order (the oldest first), which stays flat in memory on both backends.
    const cursor = collection.find(keyable(definition)).batchSize(BATCH);
    let batch: Document[] = [];
    const flush = async () => {
      let records = batch;
      batch = [];
      // Twice: a holder removed meanwhile has freed its key for the record refused for it.
      for (let attempt = 1; attempt <= 2 && records.length > 0; attempt++) {
        const duplicates = await this.setKeys(collection, records, definition);
        const pairs = await this.withHolders(collection, duplicates, definition);
        const different = await merge(pairs.filter((pair) => pair.holder !== undefined));
        await this.markKept(collection, definition, different);
        records = pairs.filter((pair) => pair.holder === undefined).map((pair) => pair.record);
      }
    };
    for await (const record of cursor) {
      batch.push(record);
      if (batch.length >= BATCH) await flush();
    }
    await flush();
  }

  /** Sets each record's key (while it still has none); the records refused as duplicates. */
  private async setKeys(
    collection: Collection,
    records: readonly Document[],
    definition: NaturalKeyDefinition,
  ): Promise<Document[]> {
    if (records.length === 0) return [];
    const operations = records.map((record) => ({
      updateOne: {
        filter: { _id: record._id, ...UNKEYED },
        update: { $set: { [NATURAL_KEY]: definition.of(record) } },
      },
    }));
    try {
      const result = await collection.bulkWrite(operations, { ordered: false });
      this.report.documents += result.modifiedCount;
      return [];
    } catch (error) {
      const failures = batchFailures(error);
      if (failures === undefined || failures.some((failure) => !failure.duplicate)) throw error;
      this.report.documents +=
        (error as { result?: { modifiedCount?: number } }).result?.modifiedCount ?? 0;
      return failures.map((failure) => records[failure.index] as Document);
    }
  }

  /** Each duplicate with the record now holding its key (one query). */
  private async withHolders(
    collection: Collection,
    records: readonly Document[],
    definition: NaturalKeyDefinition,
  ): Promise<Holder[]> {
    if (records.length === 0) return [];
    const keys = [...new Set(records.map((record) => definition.of(record)))];
    // With the users: the { userId, naturalKey } index answers (a batch holds several users').
    const users = [
      ...new Map(records.map((record) => [String(record.userId), record.userId])).values(),
    ];
    const holders = await collection
      .find({ userId: { $in: users }, [NATURAL_KEY]: { $in: keys } })
      .toArray();
    const byKey = new Map(
      holders.map((holder) => [userKey(holder.userId, String(holder[NATURAL_KEY])), holder]),
    );
    return records.map((record) => ({
      record,
      holder: byKey.get(userKey(record.userId, definition.of(record))),
    }));
  }

  /** Records that differ from the holder of their key: kept, with a marked key. */
  private async markKept(
    collection: Collection,
    definition: NaturalKeyDefinition,
    pairs: readonly Holder[],
  ): Promise<void> {
    const operations = pairs.map(({ record }) => ({
      updateOne: {
        filter: { _id: record._id, ...UNKEYED },
        update: {
          $set: { [NATURAL_KEY]: markedDuplicateKey(definition.of(record), record._id) },
        },
      },
    }));
    if (operations.length === 0) return;
    const result = await collection.bulkWrite(operations, { ordered: false });
    this.report.documents += result.modifiedCount;
    for (const { record, holder } of pairs) {
      this.report.kept.push({
        collection: collection.collectionName,
        id: idText(record._id),
        duplicateOf: holder ? idText(holder._id) : '',
      });
    }
  }

  /** Exact copies are merged; the others are returned (to be kept). */
  private async mergeCopies(collection: Collection, pairs: Holder[]): Promise<Holder[]> {
    const copies = pairs.filter(({ record, holder }) => sameRecord(record, holder as Document));
    await this.removeCopies(collection, copies);
    return pairs.filter((pair) => !copies.includes(pair));
  }

  /** Removes merged copies, after giving each holder the earlier createdAt of the two. */
  private async removeCopies(collection: Collection, copies: readonly Holder[]): Promise<void> {
    if (copies.length === 0) return;
    const earlier: AnyBulkWriteOperation[] = copies
      .filter(({ record }) => record.createdAt instanceof Date)
      .map(({ record, holder }) => ({
        updateOne: {
          filter: { _id: (holder as Document)._id },
          update: { $min: { createdAt: record.createdAt as Date } },
        },
      }));
    if (earlier.length > 0) await collection.bulkWrite(earlier, { ordered: false });
    const ids = copies.map(({ record }) => record._id as ObjectId);
    const { deletedCount } = await collection.deleteMany({ _id: { $in: ids }, ...UNKEYED });
    this.countMerged(collection.collectionName, deletedCount);
    this.report.documents += deletedCount;
  }

  /** Jobs: an exact copy's applications move to the job it repeats, then it goes. */
  private async mergeJobs(pairs: Holder[]): Promise<Holder[]> {
    const jobs = this.models.Job.collection;
    const copies = pairs.filter(({ record, holder }) => sameRecord(record, holder as Document));
    for (const { record, holder } of copies) {
      await this.moveApplications(record._id as ObjectId, (holder as Document)._id as ObjectId);
    }
    await this.removeCopies(jobs, copies);
    return pairs.filter((pair) => !copies.includes(pair));
  }

  /**
   * Moves a job's applications to another job, with the keys that gives them; one the other
   * job already has on that day is merged when an exact copy, else kept (marked).
   */
  private async moveApplications(from: ObjectId, to: ObjectId): Promise<void> {
    const applications = this.models.Application.collection;
    for await (const application of applications.find({ jobId: from })) {
      this.report.documents++;
      const key = applicationKey({ ...application, jobId: to });
      const filter = { _id: application._id, jobId: from };
      try {
        await applications.updateOne(filter, { $set: { jobId: to, [NATURAL_KEY]: key } });
        continue;
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
      const holder = await applications.findOne({
        userId: application.userId,
        [NATURAL_KEY]: key,
      });
      if (holder && sameRecord(application, holder, ['jobId'])) {
        if (application.createdAt instanceof Date) {
          await applications.updateOne(
            { _id: holder._id },
            { $min: { createdAt: application.createdAt } },
          );
        }
        const { deletedCount } = await applications.deleteOne(filter);
        this.countMerged(applications.collectionName, deletedCount);
        continue;
      }
      const marked = markedDuplicateKey(key, application._id);
      await applications.updateOne(filter, { $set: { jobId: to, [NATURAL_KEY]: marked } });
      this.report.kept.push({
        collection: applications.collectionName,
        id: idText(application._id),
        duplicateOf: holder ? idText(holder._id) : '',
      });
    }
  }

  /**
   * Contacts: an exact copy merges when its connection can go too: moved to the contact it
   * repeats when that one has none, removed when it is an exact copy of that one's.
   */
  private async mergeContacts(pairs: Holder[]): Promise<Holder[]> {
    const connections = this.models.Connection.collection;
    const copies = pairs.filter(({ record, holder }) => sameRecord(record, holder as Document));
    const ids = copies.flatMap(({ record, holder }) => [record._id, (holder as Document)._id]);
    const byContact = new Map(
      (await connections.find({ contactId: { $in: ids } }).toArray()).map((connection) => [
        String(connection.contactId),
        connection,
      ]),
    );
    const merged: Holder[] = [];
    for (const pair of copies) {
      const own = byContact.get(String(pair.record._id));
      const theirs = byContact.get(String((pair.holder as Document)._id));
      if (own && theirs && !sameRecord(own, theirs, ['contactId'])) continue;
      if (own && theirs) await connections.deleteOne({ _id: own._id });
      else if (own) {
        await connections.updateOne(
          { _id: own._id },
          { $set: { contactId: (pair.holder as Document)._id } },
        );
      }
      if (own && theirs) this.countMerged(connections.collectionName);
      merged.push(pair);
    }
    await this.removeCopies(this.models.Contact.collection, merged);
    return pairs.filter((pair) => !merged.includes(pair));
  }

  /**
   * A user's conversations become one: the other's messages join the one holding the key,
   * before or after its own by which was active first (the order `coach history` showed).
   * The holder notes the merge in the same update, so a rerun never adds them twice.
   */
  private async mergeConversations(pairs: Holder[]): Promise<Holder[]> {
    const conversations = this.models.Conversation.collection;
    for (const { record, holder } of pairs) {
      const target = holder as Document;
      const earlier = (record.updatedAt as Date) < (target.updatedAt as Date);
      const messages = Array.isArray(record.messages) ? (record.messages as Document[]) : [];
      const update: Document = {
        $push: { messages: { $each: messages, ...(earlier ? { $position: 0 } : {}) } },
        $addToSet: { mergedFrom: record._id },
      };
      if (record.createdAt instanceof Date) update.$min = { createdAt: record.createdAt };
      await conversations.updateOne({ _id: target._id, mergedFrom: { $ne: record._id } }, update);
      const { deletedCount } = await conversations.deleteOne({ _id: record._id, ...UNKEYED });
      this.countMerged(conversations.collectionName, deletedCount);
      this.report.documents += deletedCount;
      await conversations.updateOne({ _id: target._id }, { $unset: { mergedFrom: '' } });
    }
    return [];
  }
}

/** Gives every record without a natural key its key, merging or keeping duplicates. */
export function backfillNaturalKeys(models: CareerModels): Promise<BackfillReport> {
  return new Backfill(models).run();
}

/** Whether any record has no natural key yet: stops at the first one found. */
export async function anyUnkeyed(models: CareerModels): Promise<boolean> {
  for (const [collection, definition] of keyedCollections(models)) {
    const found = await collection.findOne(keyable(definition), { projection: { _id: 1 } });
    if (found) return true;
  }
  return false;
}

/** How many records have no natural key yet (what migration 2 would change). */
export async function countUnkeyed(models: CareerModels): Promise<number> {
  let count = 0;
  for (const [collection, definition] of keyedCollections(models)) {
    count += await collection.countDocuments(keyable(definition));
  }
  return count;
}
