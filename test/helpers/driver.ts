// The official driver in tests that sign in (or fail to): a client closed after its work, and
// the server error a rejected operation gave.
import { MongoClient, MongoServerError } from 'mongodb';
import { expect } from 'vitest';

/** The server's error that `work` rejected with (fails the test if it resolved or failed otherwise). */
export async function serverFailure(work: Promise<unknown>): Promise<MongoServerError> {
  const error: unknown = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(MongoServerError);
  return error as MongoServerError;
}

/** Runs `work` with a client of `uri` (one connection, 5 s to find the server), then closes it. */
export async function withClient<T>(
  uri: string,
  work: (client: MongoClient) => Promise<T>,
): Promise<T> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000, maxPoolSize: 1 });
  try {
    return await work(client);
  } finally {
    await client.close();
  }
}
