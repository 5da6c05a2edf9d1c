// Setup shared by the in-process service and repository suites: each call registers the
// suite's beforeAll/afterAll and gives back what they opened, read once the suite runs.
import { afterAll, beforeAll } from 'vitest';
import type { Repositories } from '../../src/repositories/index.js';
import {
  isolatedDatabase,
  isolatedRepositories,
  type IsolatedDatabase,
  type IsolatedRepositories,
} from './database.js';
import { makeTempDir, removeTempDirs } from './temp-dirs.js';

/**
 * An isolated database for suites that open it as the CLI does (`withWorkspace`), which also
 * reads the config file: CAREER_HOME points at a temporary directory meanwhile, never the
 * developer's.
 */
export function useIsolatedDatabase(homePrefix: string): () => IsolatedDatabase {
  let database: IsolatedDatabase | undefined;
  let previousHome: string | undefined;
  beforeAll(async () => {
    previousHome = process.env.CAREER_HOME;
    process.env.CAREER_HOME = makeTempDir(homePrefix);
    database = await isolatedDatabase();
  });
  afterAll(async () => {
    await database?.close();
    if (previousHome === undefined) delete process.env.CAREER_HOME;
    else process.env.CAREER_HOME = previousHome;
    removeTempDirs();
  });
  return () => {
    if (!database) throw new Error('the isolated database is opened in beforeAll');
    return database;
  };
}

/** The repositories on an isolated database (see isolatedRepositories), for the whole suite. */
export function useIsolatedRepositories(): () => Repositories {
  let opened: IsolatedRepositories | undefined;
  beforeAll(async () => {
    opened = await isolatedRepositories();
  });
  afterAll(async () => {
    await opened?.close();
    removeTempDirs();
  });
  return () => {
    if (!opened) throw new Error('the repositories are opened in beforeAll');
    return opened.repositories;
  };
}
