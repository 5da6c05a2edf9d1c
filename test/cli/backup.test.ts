// `career backup create|list|verify|restore`: archives of the whole database, without sign-in.
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import {
  Binary,
  BSONRegExp,
  Decimal128,
  Double,
  Int32,
  Long,
  MongoClient,
  ObjectId,
  Timestamp,
  type Db,
} from 'mongodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { latestVersion } from '../../src/db/migrations/index.js';
import { startEngine } from '../../src/engine/index.js';
import { INDEX_SET_VERSION } from '../../src/models/index.js';
import type { BackupCreateJson } from '../../src/commands/backup/create.js';
import type { BackupListJson } from '../../src/commands/backup/list.js';
import type { BackupRestoreJson } from '../../src/commands/backup/restore.js';
import type { BackupVerifyJson } from '../../src/commands/backup/verify.js';
import { writeCraftedArchive } from '../helpers/archives.js';
import { isolatedDatabase, type IsolatedDatabase } from '../helpers/database.js';
import { inProcessAccount, runInProcess, type InProcessResult } from '../helpers/in-process.js';
import { jsonOutput as json } from '../helpers/json-output.js';
import { spawnCli } from '../helpers/run-cli.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

let server: IsolatedDatabase;
let client: MongoClient;

beforeAll(async () => {
  server = await isolatedDatabase({ transport: 'tcp' });
  client = await MongoClient.connect(server.uri);
});

afterAll(async () => {
  await client?.close();
  await server?.close();
  removeTempDirs();
});

/** The server's URI naming database `name` (each test uses databases of its own). */
function uriOf(name: string): string {
  const uri = new URL(server.uri);
  uri.pathname = `/${name}`;
  return uri.toString();
}

/** Runs the CLI on database `name`, with no session: backups need no sign-in. */
function career(
  args: string[],
  name: string,
  home = makeTempDir('career-bk-'),
): Promise<InProcessResult> {
  return runInProcess(args, { home, env: { CAREER_DB_URI: uriOf(name) } });
}

/** Every collection's documents as raw BSON, in natural order. */
async function rawContents(db: Db): Promise<Record<string, Buffer[]>> {
  const contents: Record<string, Buffer[]> = {};
  for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) {
    const documents = await db.collection(name).find({}, { raw: true }).toArray();
    contents[name] = documents.map((doc) => Buffer.from(doc as unknown as Buffer));
  }
  return contents;
}

async function seedCareerData(db: Db, schemaVersion = latestVersion): Promise<void> {
  const userId = new ObjectId();
  await db.collection('users').insertOne({
    _id: userId,
    name: 'Ada Lovelace',
    email: 'ada@example.com',
    password: '$2b$12$hash',
    preferences: { notifications: true, emailUpdates: false },
    createdAt: new Date('2026-01-02T03:04:05.678Z'),
  });
  await db.collection('sessions').insertOne({ tokenHash: 'f'.repeat(64), userId });
  await db.collection('schema_version').insertMany([
    { _id: 'schema' as never, version: schemaVersion, applied: [] },
    { _id: 'indexes' as never, version: 1 },
  ]);
  await db.collection('jobs').insertMany([
    {
      userId,
      title: 'Backend Engineer',
      salary: { min: new Int32(60000), max: new Double(75000), currency: 'EUR' },
      views: Long.fromString('9007199254740993'),
      score: Decimal128.fromString('12.50'),
      tags: ['node', ['nested', ['deeper']], { kind: 'object in array' }],
      posted: new Date('2026-02-01T00:00:00Z'),
      attachment: new Binary(Buffer.from([0, 1, 254, 255]), 0),
      pattern: new BSONRegExp('^acme', 'i'),
      stamp: new Timestamp({ t: 1, i: 2 }),
      nothing: null,
      emoji: 'café ✓ 🚀',
    },
    { userId, title: 'Second', fraction: new Double(1.5), whole: new Double(2) },
  ]);
  await db
    .collection('extras')
    .createIndex(
      { code: 1 },
      { unique: true, partialFilterExpression: { since: { $gt: new Date('2020-01-01') } } },
    );
  await db.collection('extras').insertOne({ code: 'x', since: new Date('2021-01-01') });
  await db.createCollection('emptyone');
}

describe('career backup', () => {
  it('round-trips the whole database byte for byte, without sessions, and without sign-in', async () => {
    const source = client.db('roundtrip');
    await seedCareerData(source);
    const home = makeTempDir('career-bk-');

    const created = json<BackupCreateJson>(
      await career(['--json', 'backup', 'create'], 'roundtrip', home),
    );
    expect(created.name).toMatch(/^career-backup-\d{8}-\d{6}\.tar\.gz$/);
    expect(path.dirname(created.file)).toBe(path.join(home, 'backups'));
    expect(created.collections).toEqual({
      emptyone: 0,
      extras: 1,
      jobs: 2,
      schema_version: 2,
      users: 1,
    });
    expect(created.documents).toBe(6);

    const listed = json<BackupListJson>(
      await career(['--json', 'backup', 'list'], 'roundtrip', home),
    );
    expect(listed).toEqual([expect.objectContaining({ name: created.name, documents: 6 })]);

    const verified = json<BackupVerifyJson>(
      await career(['--json', 'backup', 'verify', created.name], 'roundtrip', home),
    );
    expect(verified).toMatchObject({ ok: true, schemaVersion: latestVersion });
    // extras' index is not one career's schemas declare: a restore says so and leaves it out.
    const ignored =
      /extras is not a collection career uses: .*"code_1" \{"code":1\} \(unique, partial\)/;
    expect(verified.warnings).toEqual([expect.stringMatching(ignored)]);

    const restoring = await career(['--json', 'backup', 'restore', created.file], 'roundtrip_copy');
    const restored = json<BackupRestoreJson>(restoring);
    expect(restored).toMatchObject({ documents: 6, migration: null });
    expect(restoring.stderr).toMatch(new RegExp(`warning: ${ignored.source}`));

    const before = await rawContents(source);
    const after = await rawContents(client.db('roundtrip_copy'));
    for (const name of ['users', 'jobs', 'extras', 'emptyone']) {
      expect(after[name], name).toEqual(before[name]);
    }
    // Sessions are one machine's credentials: not backed up, so nobody is signed in.
    expect(after.sessions ?? []).toEqual([]);
    const copy = client.db('roundtrip_copy');
    // The index marker is written again by the index rebuild, as on any database.
    expect(await copy.collection('schema_version').find().sort({ _id: 1 }).toArray()).toEqual([
      expect.objectContaining({ _id: 'indexes', version: INDEX_SET_VERSION }),
      { _id: 'schema', version: latestVersion, applied: [] },
    ]);
    expect(
      (await copy.collection('extras').listIndexes().toArray()).map((index) => index.name),
    ).toEqual(['_id_']);
    // The indexes career's models declare are there too (rebuilt after the restore).
    const userIndexes = await copy.collection('users').listIndexes().toArray();
    expect(userIndexes.some((index) => index.unique === true && index.key.email === 1)).toBe(true);
  });

  it('--quiet prints nothing; --keep prunes only our oldest archives; temp files are ignored', async () => {
    await client.db('keep').collection('jobs').insertOne({ title: 'x' });
    const dir = makeTempDir('career-bk-dir-');
    const foreign = ['notes.txt', 'career-backup-mine.tar.gz', 'career-backup-20200101-000000.txt'];
    for (const name of foreign) writeFileSync(path.join(dir, name), 'not ours');
    // An archive from long ago (pruned first), and a temp file of a backup killed long ago.
    writeFileSync(path.join(dir, 'career-backup-20200101-000000.tar.gz'), 'old');
    const abandoned = '.career-backup-20200101-000000.tar.gz.999999999.tmp';
    writeFileSync(path.join(dir, abandoned), 'half');

    for (let run = 0; run < 3; run++) {
      const result = await career(
        ['backup', 'create', '--quiet', '--keep', '2', '--dir', dir],
        'keep',
      );
      expect(result, result.stderr).toMatchObject({ code: 0, stdout: '', stderr: '' });
    }
    const names = readdirSync(dir).sort();
    const archives = names.filter((name) =>
      /^career-backup-\d{8}-\d{6}(-\d+)?\.tar\.gz$/.test(name),
    );
    expect(archives).toHaveLength(2);
    expect(archives.some((name) => name.startsWith('career-backup-2020'))).toBe(false);
    for (const name of foreign) expect(names).toContain(name);
    expect(names).not.toContain(abandoned);

    const listed = json<BackupListJson>(
      await career(['--json', 'backup', 'list', '--dir', dir], 'keep'),
    );
    expect(listed.map((entry) => entry.name).sort()).toEqual(archives);
  });

  it('refuses a flipped byte, a truncated archive and a newer schema; the database is untouched', async () => {
    await seedCareerData(client.db('damage'));
    await client
      .db('future')
      .collection('schema_version')
      .insertOne({
        _id: 'schema' as never,
        version: latestVersion + 1,
        applied: [],
      });
    await client.db('future').collection('users').insertOne({ name: 'From the future' });
    const dir = makeTempDir('career-bk-dir-');
    const good = json<BackupCreateJson>(
      await career(['--json', 'backup', 'create', '--dir', dir], 'damage'),
    );
    const future = json<BackupCreateJson>(
      await career(['--json', 'backup', 'create', '--dir', dir], 'future'),
    );

    const bytes = readFileSync(good.file);
    const flipped = Buffer.from(bytes);
    const middle = Math.floor(flipped.length / 2);
    flipped[middle] = (flipped[middle] as number) ^ 0xff;
    const flippedFile = path.join(dir, 'flipped.tar.gz');
    writeFileSync(flippedFile, flipped);
    const truncatedFile = path.join(dir, 'truncated.tar.gz');
    writeFileSync(truncatedFile, bytes.subarray(0, Math.floor(bytes.length * 0.6)));

    // The target holds data; even --drop --yes must not touch it.
    const target = client.db('damage_target');
    await target.collection('jobs').insertOne({ title: 'keep me' });
    const before = await rawContents(target);

    const verify = await career(['backup', 'verify', flippedFile], 'damage_target');
    expect(verify.code).toBe(9);
    expect(verify.stderr).toMatch(/flipped\.tar\.gz is not a usable backup: .*corrupt/);

    const cases: Array<[string, RegExp]> = [
      [flippedFile, /flipped\.tar\.gz is not a usable backup: .*corrupt/],
      [truncatedFile, /truncated\.tar\.gz is not a usable backup: .*truncated/],
      [future.file, new RegExp(`schema version ${latestVersion + 1}, newer than`)],
    ];
    for (const [file, message] of cases) {
      const result = await career(['backup', 'restore', file, '--drop', '--yes'], 'damage_target');
      expect(result.code, result.stderr).toBe(9);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).toMatch(/hint: /);
      expect(result.stderr.trim().split('\n')).toHaveLength(2);
      expect(await rawContents(target)).toEqual(before);
    }
  });

  it('restores into a non-empty database only with --drop, which needs --yes without a terminal', async () => {
    const account = await inProcessAccount('Grace Hopper');
    expect(
      (await account.run(['job', 'add', '--company', 'Navy', '--title', 'Admiral'])).code,
    ).toBe(0);
    // No flags: the backups directory under CAREER_HOME.
    const created = await account.run(['--json', 'backup', 'create']);
    const { name } = json<BackupCreateJson>(created);
    expect(existsSync(path.join(account.home, 'backups', name))).toBe(true);
    expect((await account.run(['job', 'add', '--company', 'Acme', '--title', 'Later'])).code).toBe(
      0,
    );

    const conflict = await account.run(['backup', 'restore', name]);
    expect(conflict.code).toBe(5);
    expect(conflict.stderr).toMatch(/is not empty .*jobs: 2/);
    expect(conflict.stderr).toContain('--drop');

    const unconfirmed = await account.run(['backup', 'restore', name, '--drop']);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain('--yes');

    const replaced = await account.run(['backup', 'restore', name, '--drop', '--yes']);
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(replaced.stdout).toMatch(/Restored \d+ documents .* \(replacing \d+\)/);
    expect(replaced.stderr).toContain('career auth login');

    // The restored data is the backup's (one job), and this machine's session is gone.
    const engine = await startEngine({ dataDir: path.join(account.home, 'data') });
    const embedded = await MongoClient.connect(engine.uri);
    try {
      const db = embedded.db('career');
      expect(
        await db
          .collection('jobs')
          .find({}, { projection: { _id: 0, title: 1 } })
          .toArray(),
      ).toEqual([{ title: 'Admiral' }]);
      expect(await db.collection('sessions').countDocuments()).toBe(0);
    } finally {
      await embedded.close();
      await engine.close();
    }
    expect((await account.run(['job', 'list'])).code).toBe(6);
  });

  it('runs the migrations and rebuilds the indexes after restoring an older archive', async () => {
    const old = client.db('old');
    // Schema version 0: a user from before preferences existed; the index marker claims
    // indexes that the restored database will not have until they are rebuilt.
    await old
      .collection('users')
      .insertOne({ name: 'Old', email: 'old@example.com', password: 'x' });
    await old
      .collection('schema_version')
      .insertOne({ _id: 'indexes' as never, version: INDEX_SET_VERSION });
    const created = json<BackupCreateJson>(await career(['--json', 'backup', 'create'], 'old'));
    expect(created.schemaVersion).toBe(0);

    const restored = json<BackupRestoreJson>(
      await career(['--json', 'backup', 'restore', created.file], 'old_restored'),
    );
    expect(restored.migration).toMatchObject({ from: 0, to: latestVersion });
    const db = client.db('old_restored');
    expect(
      await db.collection('users').findOne({}, { projection: { _id: 0, preferences: 1 } }),
    ).toEqual({
      preferences: { notifications: true, emailUpdates: true },
    });
    expect(await db.collection('schema_version').findOne({ _id: 'schema' as never })).toMatchObject(
      {
        version: latestVersion,
      },
    );
    const userIndexes = await db.collection('users').listIndexes().toArray();
    expect(userIndexes.some((index) => index.unique === true && index.key.email === 1)).toBe(true);
  });

  it('restores big documents in batches of bounded bytes: 120 documents of 1 MiB', async () => {
    // Each is 1 MiB of BSON, and gzip makes the archive small: a batch of 5,000 documents,
    // which bounded the load before, would be held whole (120 MiB decoded, then serialised).
    const text = 'x'.repeat(1024 * 1024 - 64);
    const file = await writeCraftedArchive(path.join(makeTempDir('career-bk-big-'), 'big.tar.gz'), {
      collections: {
        jobs: {
          documents: Array.from({ length: 120 }, (_, i) => ({ _id: i, text })),
        },
      },
    });
    const restore = spawnCli(['backup', 'restore', file], {
      home: makeTempDir('career-bk-'),
      env: { CAREER_DB_URI: uriOf('big') },
    });
    let peakKb = 0;
    const watch = setInterval(() => {
      try {
        const status = readFileSync(`/proc/${restore.child.pid}/status`, 'utf8');
        peakKb = Math.max(peakKb, Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0));
      } catch {
        // Exited meanwhile.
      }
    }, 10);
    const exited = await restore.exited.finally(() => clearInterval(watch));
    expect(exited.code, restore.stderr()).toBe(0);
    expect(await client.db('big').collection('jobs').countDocuments()).toBe(120);
    console.log(`peak RSS of the restore: ${(peakKb / 1024).toFixed(0)} MB`);
    // Measured: 280 MB (a restore of 4 small documents: 115 MB); before: 455 MB, growing with
    // every document.
    expect(peakKb / 1024).toBeLessThan(380);
  });

  it('runs mongodump and mongorestore from PATH with --tool, and says when they are missing', async () => {
    await client.db('tools').collection('jobs').insertOne({ title: 'x' });
    const bin = makeTempDir('career-bk-bin-');
    const log = path.join(bin, 'calls.log');
    // Fakes that record their arguments, and the mode, path and text of their --config file;
    // mongodump writes the archive it was asked for.
    const configs = path.join(bin, 'configs.log');
    const recordConfig =
      'for arg in "$@"; do case "$arg" in --config=*) c="${arg#--config=}"; ' +
      `echo "$(stat -c %a "$c") $c $(cat "$c")" >> "${configs}";; esac; done`;
    const fake = (tool: string, body: string): void => {
      const file = path.join(bin, tool);
      writeFileSync(
        file,
        `#!/bin/sh\necho "${tool} $*" >> "${log}"\n${recordConfig}\n${body}\nexit 0\n`,
      );
      chmodSync(file, 0o755);
    };
    fake(
      'mongodump',
      'for arg in "$@"; do case "$arg" in --archive=*) echo dump > "${arg#--archive=}";; esac; done',
    );
    fake('mongorestore', '');
    const dir = makeTempDir('career-bk-dir-');
    const withTools = { PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` };
    const run = (args: string[], env: Record<string, string>, db = 'tools') =>
      runInProcess(args, {
        home: makeTempDir('career-bk-'),
        env: { CAREER_DB_URI: uriOf(db), ...env },
      });

    const created = json<BackupCreateJson>(
      await run(['--json', 'backup', 'create', '--tool', 'mongodump', '--dir', dir], withTools),
    );
    expect(created.name).toMatch(/^career-backup-\d{8}-\d{6}\.mongodump\.gz$/);
    expect(readFileSync(created.file, 'utf8')).toBe('dump\n');
    const restored = await run(
      ['backup', 'restore', created.name, '--tool', 'mongorestore', '--dir', dir],
      withTools,
      'tools_restored',
    );
    expect(restored.code, restored.stderr).toBe(0);

    // The connection string (which may hold a password) is never on the command line, where
    // `ps` shows it to every user: the tools read it from a 0600 file, removed afterwards.
    const calls = readFileSync(log, 'utf8').trim().split('\n');
    expect(calls).toHaveLength(2);
    expect(calls[0]).toMatch(
      new RegExp(
        `^mongodump --config=\\S+/config\\.yaml --archive=${dir}/\\.career-backup-\\S+\\.tmp --gzip --excludeCollection=sessions --excludeCollection=login_attempts --excludeCollection=journal --excludeCollectionsWithPrefix=career-restore$`,
      ),
    );
    expect(calls[1]).toMatch(
      new RegExp(
        `^mongorestore --config=\\S+/config\\.yaml --archive=${created.file} --gzip --noIndexRestore --noOptionsRestore --nsExclude=\\*\\.career-restore\\*$`,
      ),
    );
    const port = new URL(server.uri).port;
    for (const call of calls) {
      expect(call).not.toContain('mongodb://');
      expect(call).not.toContain(port);
    }
    const written = readFileSync(configs, 'utf8').trim().split('\n');
    expect(written).toHaveLength(2);
    for (const [line, db] of written.map((text, i) => [text, ['tools', 'tools_restored'][i]])) {
      const [mode, file, ...text] = (line ?? '').split(' ');
      expect(mode).toBe('600');
      expect(text.join(' ')).toMatch(
        new RegExp(`^uri: "mongodb://(\\S+@)?127\\.0\\.0\\.1:${port}/${db}\\S*"$`),
      );
      expect(existsSync(file ?? ''), `${file} is removed`).toBe(false);
      expect(existsSync(path.dirname(file ?? '')), `${file}'s directory is removed`).toBe(false);
    }

    const missing = await run(['backup', 'create', '--tool', 'mongodump'], { PATH: makeTempDir() });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/mongodump is not on PATH\nhint: .*built-in format/);

    // The embedded database is not reachable by mongodump unless it is served.
    const embedded = await runInProcess(['backup', 'create', '--tool', 'mongodump'], {
      env: withTools,
    });
    expect(embedded.code).toBe(2);
    expect(embedded.stderr).toMatch(/embedded database\nhint: .*career db serve/);
  });

  it('removes the --config file when a signal ends the command during the tool, and those of dead processes', async () => {
    await client.db('signals').collection('jobs').insertOne({ title: 'x' });
    const bin = makeTempDir('career-bk-bin-');
    const configs = path.join(bin, 'configs.log');
    // A mongodump that says where its --config file is, then takes its time.
    writeFileSync(
      path.join(bin, 'mongodump'),
      '#!/bin/sh\nfor arg in "$@"; do case "$arg" in --config=*) ' +
        `echo "\${arg#--config=}" >> "${configs}";; esac; done\nexec sleep 30\n`,
    );
    chmodSync(path.join(bin, 'mongodump'), 0o755);
    for (const [signal, code] of [
      ['SIGTERM', 143],
      ['SIGINT', 130],
    ] as const) {
      // The temporary dir the command uses, holding a --config dir of a dead process (pids
      // stop at 2^22 on Linux), one of this live process, and a directory of someone else.
      const tmp = makeTempDir('career-bk-tmp-');
      const kept = [`career-tool-${process.pid}-live`, 'career-tools-notours'];
      for (const name of [`career-tool-${2 ** 22 + 1}-dead`, ...kept]) {
        mkdirSync(path.join(tmp, name));
        writeFileSync(path.join(tmp, name, 'config.yaml'), 'uri: "mongodb://old"\n');
      }
      writeFileSync(configs, '');
      const backup = spawnCli(['backup', 'create', '--tool', 'mongodump', '--dir', makeTempDir()], {
        home: makeTempDir('career-bk-'),
        env: {
          CAREER_DB_URI: uriOf('signals'),
          PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`,
          TMPDIR: tmp,
        },
      });
      let config = '';
      try {
        for (let waited = 0; config === ''; waited += 20) {
          if (waited > 20_000) throw new Error(`mongodump did not start: ${backup.stderr()}`);
          await new Promise((resolve) => setTimeout(resolve, 20));
          config = readFileSync(configs, 'utf8').trim();
        }
        expect(readFileSync(config, 'utf8')).toContain('mongodb://');
        backup.child.kill(signal);
        // Ended by the signal, as without career's handler (a shell reports 128 + its number).
        expect(await backup.exited, `${signal} (exit ${code} in a shell)`).toEqual({
          code: null,
          signal,
        });
      } finally {
        if (backup.child.exitCode === null && backup.child.signalCode === null)
          backup.child.kill('SIGKILL');
      }
      expect(existsSync(path.dirname(config)), `${signal}: the --config dir is removed`).toBe(
        false,
      );
      expect(path.dirname(config)).toMatch(new RegExp(`^${tmp}/career-tool-${backup.child.pid}-`));
      expect(readdirSync(tmp).sort()).toEqual(kept);
    }
  });
});
