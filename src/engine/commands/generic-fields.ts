// Fields any command may carry (mongod's generic_argument.idl): sessions, transactions, read
// and write concerns, the API version, gossip and routing fields. Declared once; commands do
// not repeat them. maxTimeMS is read by the dispatcher (budget.ts), lsid by sessions.ts.
import { IGNORED, optional, type Fields } from './parameters.js';

export const GENERIC_FIELDS: Fields = {
  $db: IGNORED,
  lsid: IGNORED,
  txnNumber: IGNORED,
  autocommit: IGNORED,
  startTransaction: IGNORED,
  stmtId: IGNORED,
  $clusterTime: IGNORED,
  $readPreference: IGNORED,
  readConcern: IGNORED,
  writeConcern: IGNORED,
  comment: IGNORED,
  maxTimeMS: IGNORED,
  apiVersion: IGNORED,
  apiStrict: IGNORED,
  apiDeprecationErrors: IGNORED,
  $audit: IGNORED,
  $client: IGNORED,
  $configServerState: IGNORED,
  $configTime: IGNORED,
  $topologyTime: IGNORED,
  $gleStats: IGNORED,
  $replData: IGNORED,
  $oplogQueryData: IGNORED,
  $queryOptions: IGNORED,
  clientOperationKey: IGNORED,
  mayBypassWriteBlocking: IGNORED,
  allowImplicitCollectionCreation: IGNORED,
  shardVersion: IGNORED,
  databaseVersion: IGNORED,
  usesDefaultMaxTimeMS: IGNORED,
  versionContext: IGNORED,
  rawData: IGNORED,
};

/** The `cursor` sub-document of aggregate, listCollections and listIndexes. */
export const CURSOR_OPTION_FIELDS = { batchSize: optional('integer') } as const;

/** Whether a field is one every command takes (or an internal $-field), not an option. */
export function isGenericField(name: string): boolean {
  return Object.hasOwn(GENERIC_FIELDS, name) || name.startsWith('$');
}
