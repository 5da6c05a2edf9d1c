// Collection operations of index management (indexes and Atlas search indexes) and namespaces.
import type { IndexSpecification } from 'mongodb';
import type { Handler } from './collection-operations.js';
import { documentList, value } from './operation-result.js';
import { asArray, asDocument, asString, type Document } from './values.js';

const INDEXES: Record<string, Handler> = {
  createIndex: async (collection, split) => {
    const { positional, options } = split(['keys']);
    const keys = asDocument(positional.keys, 'keys') as IndexSpecification;
    return value(await collection.createIndex(keys, options));
  },
  createIndexes: async (collection, split) => {
    const { positional, options } = split(['models']);
    const models = asArray(positional.models, 'models').map((model) => {
      const { keys, options: indexOptions } = asDocument(model, 'index model');
      return { key: asDocument(keys, 'keys'), ...(indexOptions as Document | undefined) };
    });
    return value(await collection.createIndexes(models as never, options));
  },
  dropIndex: async (collection, split) => {
    const { positional, options } = split(['name']);
    return value(await collection.dropIndex(asString(positional.name, 'name'), options));
  },
  dropIndexes: async (collection, split) => value(await collection.dropIndexes(split([]).options)),
  listIndexes: async (collection, split) =>
    documentList(await collection.listIndexes(split([]).options).toArray()),
  listIndexNames: async (collection, split) => {
    const indexes = await collection.listIndexes(split([]).options).toArray();
    return value(indexes.map((index) => index.name as string));
  },
  createSearchIndex: async (collection, split) => {
    const { positional } = split(['model']);
    const model = asDocument(positional.model, 'model');
    return value(await collection.createSearchIndex(model as never));
  },
  createSearchIndexes: async (collection, split) => {
    const { positional } = split(['models']);
    return value(
      await collection.createSearchIndexes(asArray(positional.models, 'models') as never),
    );
  },
  dropSearchIndex: async (collection, split) => {
    const { positional } = split(['name']);
    await collection.dropSearchIndex(asString(positional.name, 'name'));
    return value(undefined);
  },
  listSearchIndexes: async (collection, split) => {
    const { positional, options } = split(['name', 'aggregationOptions']);
    const aggregation = { ...options, ...(positional.aggregationOptions as Document | undefined) };
    const cursor =
      positional.name === undefined
        ? collection.listSearchIndexes(aggregation)
        : collection.listSearchIndexes(asString(positional.name, 'name'), aggregation);
    return documentList(await cursor.toArray());
  },
  updateSearchIndex: async (collection, split) => {
    const { positional } = split(['name', 'definition']);
    const definition = asDocument(positional.definition, 'definition');
    await collection.updateSearchIndex(asString(positional.name, 'name'), definition);
    return value(undefined);
  },
};

const NAMESPACES: Record<string, Handler> = {
  rename: async (collection, split) => {
    const { positional, options } = split(['to']);
    await collection.rename(asString(positional.to, 'to'), options);
    return value(undefined);
  },
  drop: async (collection, split) => value(await collection.drop(split([]).options)),
};

export const indexHandlers: Record<string, Handler> = { ...INDEXES, ...NAMESPACES };
