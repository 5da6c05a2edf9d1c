// Database operations: aggregate, collections, commands and cursor commands, change streams.
import type { Db } from 'mongodb';
import { sessionOption, splitArguments } from './arguments.js';
import { openChangeStream } from './cursor-operations.js';
import type { EntityMap } from './entities.js';
import { type OperationResult, cursorResult, documentList, value } from './operation-result.js';
import { readPreferenceOf } from './options.js';
import { asArray, asDocument, asString, type Document, RunnerError } from './values.js';

export async function databaseOperation(
  db: Db,
  name: string,
  args: Document,
  entities: EntityMap,
): Promise<OperationResult> {
  const split = (positional: readonly string[]) => splitArguments(args, positional, entities);
  const filterOf = (p: Document) => (p.filter === undefined ? {} : asDocument(p.filter, 'filter'));
  switch (name) {
    case 'aggregate': {
      const { positional, options } = split(['pipeline']);
      const pipeline = asArray(positional.pipeline, 'pipeline') as Document[];
      return documentList(await db.aggregate(pipeline, options).toArray());
    }
    case 'createCollection': {
      // Creation options are many and map 1:1 onto the create command: they pass through.
      const { collection, session: _session, ...options } = args;
      const name = asString(collection, 'collection');
      await db.createCollection(name, { ...options, ...sessionOption(args, entities) });
      return value(undefined);
    }
    case 'dropCollection': {
      const { positional, options } = split(['collection']);
      return value(await db.dropCollection(asString(positional.collection, 'collection'), options));
    }
    case 'listCollections': {
      const { positional, options } = split(['filter']);
      return documentList(await db.listCollections(filterOf(positional), options).toArray());
    }
    case 'listCollectionNames': {
      const { positional, options } = split(['filter']);
      const listing = db.listCollections(filterOf(positional), { ...options, nameOnly: true });
      return value((await listing.toArray()).map((collection) => collection.name));
    }
    case 'modifyCollection': {
      // No driver helper: the spec defines it as the collMod command.
      const { collection, session: _session, ...changes } = args;
      const command = { collMod: asString(collection, 'collection'), ...changes };
      return value(await db.command(command, sessionOption(args, entities)));
    }
    case 'runCommand':
      return value(await db.command(...commandArguments(args, entities)));
    case 'runCursorCommand':
      return documentList(await commandCursor(db, args, entities).toArray());
    case 'createCommandCursor': {
      const cursor = commandCursor(db, args, entities);
      await cursor.hasNext();
      return cursorResult({ cursor, buffered: [] });
    }
    case 'createChangeStream': {
      const { positional, options } = split(['pipeline']);
      const pipeline = (positional.pipeline ?? []) as Document[];
      return cursorResult(await openChangeStream(db.watch(pipeline, options)));
    }
    case 'dropDatabase':
      return value(await db.dropDatabase(split([]).options));
    default:
      throw new RunnerError(`unsupported database operation ${name}`);
  }
}

/** runCommand's command and options: readPreference and session only, never inherited. */
function commandArguments(args: Document, entities: EntityMap): [Document, Document] {
  const { command, commandName: _name, readPreference, session: _session, ...rest } = args;
  if (Object.keys(rest).length > 0) {
    throw new RunnerError(`unsupported runCommand argument ${Object.keys(rest).join(', ')}`);
  }
  const options: Document = { ...sessionOption(args, entities) };
  if (readPreference !== undefined) options.readPreference = readPreferenceOf(readPreference);
  return [asDocument(command, 'command'), options];
}

/** runCursorCommand / createCommandCursor: the command, then getMore options on the cursor. */
function commandCursor(db: Db, args: Document, entities: EntityMap) {
  const { batchSize, maxTimeMS, comment, cursorType: _type, timeoutMode, ...commandArgs } = args;
  const [command, options] = commandArguments(commandArgs, entities);
  if (timeoutMode !== undefined) options.timeoutMode = timeoutMode;
  const cursor = db.runCursorCommand(command, options);
  if (batchSize !== undefined) cursor.setBatchSize(Number(batchSize));
  if (maxTimeMS !== undefined) cursor.setMaxTimeMS(Number(maxTimeMS));
  if (comment !== undefined) cursor.setComment(comment);
  return cursor;
}
