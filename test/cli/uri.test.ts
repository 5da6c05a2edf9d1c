// Connection-string helpers and backend precedence, without starting anything.
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chooseBackend } from '../../src/db/connect.js';
import { careerPaths } from '../../src/db/paths.js';
import { databaseNameOf, redactUri, withDatabaseName } from '../../src/db/uri.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dirs.js';

afterAll(removeTempDirs);

describe('databaseNameOf', () => {
  it.each([
    ['mongodb://localhost:27017', 'career'],
    ['mongodb://localhost:27017/', 'career'],
    ['mongodb://localhost:27017/?directConnection=true', 'career'],
    ['mongodb://localhost/jobs?retryWrites=false', 'jobs'],
    ['mongodb+srv://u:p@cluster0.example.net/jobs', 'jobs'],
    ['mongodb://%2Ftmp%2Fengine.sock/?directConnection=true', 'career'],
    ['mongodb://a:1,b:2/multi', 'multi'],
  ])('%s -> %s', (uri, name) => {
    expect(databaseNameOf(uri)).toBe(name);
  });
});

describe('redactUri', () => {
  it.each([
    ['mongodb://ada:s3cret@host/db', 'mongodb://ada:****@host/db'],
    [
      'mongodb+srv://ada:p%40ss@cluster.example.net/?retryWrites=true',
      'mongodb+srv://ada:****@cluster.example.net/?retryWrites=true',
    ],
    ['mongodb://ada@host/db', 'mongodb://ada@host/db'],
    [
      'mongodb://host/db?authSource=admin&password=x',
      'mongodb://host/db?authSource=admin&password=****',
    ],
    ['mongodb://localhost:27017', 'mongodb://localhost:27017'],
  ])('%s -> %s', (uri, redacted) => {
    expect(redactUri(uri)).toBe(redacted);
  });
});

describe('withDatabaseName', () => {
  it.each([
    [
      'mongodb://127.0.0.1:27027/?directConnection=true',
      'mongodb://127.0.0.1:27027/career?directConnection=true',
    ],
    ['mongodb://127.0.0.1:27027', 'mongodb://127.0.0.1:27027/career'],
    ['mongodb://127.0.0.1:27027/', 'mongodb://127.0.0.1:27027/career'],
    ['mongodb://127.0.0.1:27027/jobs', 'mongodb://127.0.0.1:27027/jobs'],
  ])('%s -> %s', (uri, expected) => {
    expect(withDatabaseName(uri)).toBe(expected);
  });
});

describe('careerPaths', () => {
  it('puts everything under CAREER_HOME when it is set', () => {
    const home = makeTempDir();
    expect(careerPaths({ CAREER_HOME: home })).toEqual({
      home,
      dataDir: path.join(home, 'data'),
      configDir: home,
      backupDir: path.join(home, 'backups'),
      cacheDir: path.join(home, 'cache'),
    });
  });
});

describe('chooseBackend', () => {
  const paths = careerPaths({ CAREER_HOME: makeTempDir() });

  it('defaults to the embedded engine', () => {
    expect(chooseBackend({ env: {}, paths })).toEqual({ kind: 'embedded', source: 'default' });
  });

  it('follows flag > CAREER_DB_URI > MONGODB_URI', () => {
    const env = { CAREER_DB_URI: 'mongodb://env', MONGODB_URI: 'mongodb://mongo' };
    expect(chooseBackend({ dbUri: 'mongodb://flag', env, paths })).toMatchObject({
      source: 'flag',
    });
    expect(chooseBackend({ env, paths })).toMatchObject({
      source: 'CAREER_DB_URI',
      uri: 'mongodb://env',
    });
    expect(chooseBackend({ env: { MONGODB_URI: 'mongodb://mongo' }, paths })).toMatchObject({
      source: 'MONGODB_URI',
    });
  });

  it('treats an empty variable as unset', () => {
    expect(chooseBackend({ env: { CAREER_DB_URI: '' }, paths })).toMatchObject({
      kind: 'embedded',
    });
  });
});
