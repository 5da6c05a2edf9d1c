// mongodump and mongorestore (MongoDB Database Tools), when the user asks for them with
// --tool: they write and read their own archive format (`--archive --gzip`), which career
// cannot check, so career only runs them, names the file, and reports how they exited.
// The connection string (password included) reaches them in a --config file, never on their
// command line, where `ps` would show it to every user of the machine; the file does not
// outlive the command (see runWithConfig).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CareerError, UsageError } from '../../domain/errors.js';
import { withDatabaseName } from '../uri.js';
import { RESTORE_JOURNAL } from './collection-names.js';
import {
  ensureBackupDir,
  isRunning,
  publishArchive,
  removeAbandonedTemporaryFiles,
  temporaryPath,
} from './archive-files.js';

export type ExternalTool = 'mongodump' | 'mongorestore';

/** Where a tool's own messages (progress, the reason it failed) are shown: the command's stderr. */
export interface ToolOutput {
  write(text: string | Uint8Array): unknown;
}

/** The tool's path on PATH, or undefined. */
function findOnPath(tool: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const extensions = process.platform === 'win32' ? ['.exe', '.cmd', ''] : [''];
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    for (const extension of extensions) {
      const candidate = path.join(dir, `${tool}${extension}`);
      try {
        fs.accessSync(candidate, fs.constants.X_OK);
        if (fs.statSync(candidate).isFile()) return candidate;
      } catch {
        // Not here: try the next directory.
      }
    }
  }
  return undefined;
}

/** The tool's path, or a usage error (exit 2) saying it is missing and what to do instead. */
export function requireTool(tool: ExternalTool, env: NodeJS.ProcessEnv = process.env): string {
  const found = findOnPath(tool, env);
  if (found) return found;
  throw new UsageError(`--tool ${tool}: ${tool} is not on PATH`, {
    hint: `install the MongoDB Database Tools, or leave out --tool to use career's built-in format (it needs nothing installed)`,
  });
}

/** Runs the tool; its output is shown unless quiet (then only when it fails). */
function runTool(
  executable: string,
  args: string[],
  quiet: boolean,
  output: ToolOutput,
  env: NodeJS.ProcessEnv,
  spawned: (child: ChildProcess) => void,
): Promise<void> {
  const tool = path.basename(executable);
  return new Promise((resolve, reject) => {
    const child = spawn(executable, args, {
      env,
      stdio: ['ignore', quiet ? 'pipe' : 'inherit', 'pipe'],
    });
    spawned(child);
    let said = '';
    const keep = (chunk: Buffer): void => {
      // Enough of the end to explain a failure.
      said = (said + chunk.toString('utf8')).slice(-4000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', (chunk: Buffer) => {
      keep(chunk);
      if (!quiet) output.write(chunk);
    });
    child.on('error', (error) =>
      reject(new CareerError(`could not run ${tool}: ${error.message}`, { cause: error })),
    );
    child.on('close', (code, signal) => {
      if (code === 0) return resolve();
      const lastLine = said.trim().split('\n').at(-1) ?? '';
      if (quiet && said.trim() !== '') output.write(`${said.trim()}\n`);
      reject(
        new CareerError(
          `${tool} failed (${signal ?? `exit code ${code}`})${lastLine ? `: ${lastLine}` : ''}`,
          { hint: `run \`${tool} --help\`, or leave out --tool to use career's built-in format` },
        ),
      );
    });
  });
}

/** `career-tool-<pid>-XXXXXX`: the private directory of one process's --config file. */
const TOOL_DIR_PREFIX = 'career-tool-';
const TOOL_DIR = /^career-tool-(\d+)-/;
/** The signals that end a command (Ctrl-C, kill, a closed terminal). */
const ENDING_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Removes the --config directories of processes that are gone (killed with SIGKILL, say, which
 * nothing can catch): directories of this user only, never another's or a live process's.
 */
function removeAbandonedToolDirs(tmp: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(tmp);
  } catch {
    return;
  }
  const uid = process.getuid?.();
  for (const name of names) {
    const pid = Number(TOOL_DIR.exec(name)?.[1]);
    if (!Number.isInteger(pid) || pid === process.pid || isRunning(pid)) continue;
    const dir = path.join(tmp, name);
    try {
      const stat = fs.lstatSync(dir);
      if (!stat.isDirectory() || (uid !== undefined && stat.uid !== uid)) continue;
      fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // Gone meanwhile, or not ours to remove.
    }
  }
}

/**
 * Runs the tool with a --config file holding `uri` (the Database Tools read `uri`, `password`
 * and `sslPEMKeyPassword` from it): mode 0600 in a fresh 0700 directory of the temporary dir,
 * which never outlives the command. It is removed when the tool ends, whatever happens; when a
 * signal ends the command meanwhile (the tool is sent the same signal, and the command then
 * dies of it, as it would have: exit 130 for SIGINT, 143 for SIGTERM); and, for a command
 * killed outright, by the next one (the directory is named with the pid).
 */
async function runWithConfig(
  executable: string,
  uri: string,
  args: (config: string) => string[],
  quiet: boolean,
  output: ToolOutput,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const tmp = os.tmpdir();
  removeAbandonedToolDirs(tmp);
  const dir = fs.mkdtempSync(path.join(tmp, `${TOOL_DIR_PREFIX}${process.pid}-`));
  let child: ChildProcess | undefined;
  const remove = (): void => fs.rmSync(dir, { recursive: true, force: true });
  const stopListening = (): void => {
    for (const signal of ENDING_SIGNALS) process.off(signal, onSignal);
    process.off('exit', remove);
  };
  function onSignal(signal: NodeJS.Signals): void {
    remove();
    child?.kill(signal);
    stopListening();
    // With no listener left, the signal does what it does by default: it ends the process.
    process.kill(process.pid, signal);
  }
  for (const signal of ENDING_SIGNALS) process.on(signal, onSignal);
  process.on('exit', remove);
  try {
    const config = path.join(dir, 'config.yaml');
    // A JSON string is a YAML double-quoted scalar: any character of the URI stays itself.
    fs.writeFileSync(config, `uri: ${JSON.stringify(uri)}\n`, { mode: 0o600, flag: 'wx' });
    await runTool(executable, args(config), quiet, output, env, (spawned) => (child = spawned));
  } finally {
    stopListening();
    remove();
  }
}

export interface DumpOptions {
  /** The full connection string (may hold a password: the tool gets it in a 0600 file). */
  uri: string;
  database: string;
  dir: string;
  excluded: readonly string[];
  quiet: boolean;
  output: ToolOutput;
  /** The environment the command runs in: its PATH finds the tool, which runs with it. */
  env?: NodeJS.ProcessEnv;
  startedAt?: Date;
}

/** Runs mongodump into a temporary file and names it like career's own archives. */
export async function dumpWithMongodump(
  options: DumpOptions,
): Promise<{ path: string; bytes: number }> {
  const env = options.env ?? process.env;
  const executable = requireTool('mongodump', env);
  const startedAt = options.startedAt ?? new Date();
  ensureBackupDir(options.dir);
  removeAbandonedTemporaryFiles(options.dir);
  const temporary = temporaryPath(options.dir, startedAt, 'mongodump');
  const args = (config: string): string[] => [
    `--config=${config}`,
    `--archive=${temporary}`,
    '--gzip',
    ...options.excluded.map((name) => `--excludeCollection=${name}`),
    // A restore's journal and staging collections, should one be running.
    `--excludeCollectionsWithPrefix=${RESTORE_JOURNAL}`,
    ...(options.quiet ? ['--quiet'] : []),
  ];
  try {
    await runWithConfig(
      executable,
      withDatabaseName(options.uri, options.database),
      args,
      options.quiet,
      options.output,
      env,
    );
    const file = await fs.promises.open(temporary, 'r+');
    try {
      await file.sync();
    } finally {
      await file.close();
    }
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new CareerError('mongodump exited without writing an archive', { cause: error });
    }
    throw error;
  }
  const bytes = fs.statSync(temporary).size;
  return { path: publishArchive(temporary, startedAt, 'mongodump'), bytes };
}

export interface MongorestoreOptions {
  uri: string;
  database: string;
  file: string;
  drop: boolean;
  quiet: boolean;
  output: ToolOutput;
  /** The environment the command runs in: its PATH finds the tool, which runs with it. */
  env?: NodeJS.ProcessEnv;
}

export async function restoreWithMongorestore(options: MongorestoreOptions): Promise<void> {
  const env = options.env ?? process.env;
  const executable = requireTool('mongorestore', env);
  await runWithConfig(
    executable,
    withDatabaseName(options.uri, options.database),
    (config) => [
      `--config=${config}`,
      `--archive=${options.file}`,
      '--gzip',
      // As with career's own archives, only the indexes career declares are built (after),
      // and nothing else of the archive's collections: no options (a validator, a clustered
      // TTL collection that deletes documents) ...
      '--noIndexRestore',
      '--noOptionsRestore',
      // ... and never a restore's journal or staging collections, from any database of it
      // (the archive's database may be named otherwise than the one restored into).
      `--nsExclude=*.${RESTORE_JOURNAL}*`,
      ...(options.drop ? ['--drop'] : []),
      ...(options.quiet ? ['--quiet'] : []),
    ],
    options.quiet,
    options.output,
    env,
  );
}

/** The mongorestore command that checks a mongodump archive without restoring it. */
export function mongorestoreCheck(file: string): string {
  return `mongorestore --dryRun --gzip --archive=${file}`;
}
