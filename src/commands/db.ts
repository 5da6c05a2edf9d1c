// `career db ...`: which database career uses and what is in it.
import { InvalidArgumentError, type Command } from 'commander';
import { withDatabase } from '../db/connect.js';
import { migrate, type MigrationReport } from '../db/migrations/index.js';
import {
  DEFAULT_SERVE_HOST,
  DEFAULT_SERVE_PORT,
  isLoopbackHost,
  serveEmbedded,
  SERVE_USERNAME,
  sessionPassword,
  waitForStopSignal,
} from '../db/serve.js';
import { selectDatabase } from '../db/selection.js';
import { withDatabaseName } from '../db/uri.js';
import { getDatabaseStatus, type DatabaseStatus } from '../services/database-status.js';
import { checkServePassword } from '../services/password-rules.js';
import { runningIo } from '../ui/io.js';
import { readStdin } from './options/password.js';
import { withWorkspace } from '../services/workspace.js';
import { UsageError } from '../domain/errors.js';
import {
  printFields,
  printHeading,
  printJson,
  printLine,
  printNote,
  printSuccess,
  printWarning,
} from '../ui/output.js';
import { renderTable } from '../ui/table.js';
import { globalOptions, nounSummary } from './index.js';
import { serveLogOf, withServeLogOptions, type ServeLogFlags } from './serve-log-options.js';
import {
  serveLimitsOf,
  withServeLimitOptions,
  type ServeLimitOptions as Limits,
} from './serve-limits.js';

export function register(program: Command): void {
  const db = program.command('db').description(nounSummary('db'));

  db.command('status')
    .description('Show the backend, server version, collections, counts and indexes')
    .action(async (_options: unknown, command: Command) => {
      const globals = globalOptions(command);
      const status = await withDatabase({ dbUri: globals.dbUri }, getDatabaseStatus);
      if (globals.json) printJson(status);
      else printStatus(status);
    });

  db.command('use')
    .description('Remember a MongoDB server to use, or go back to the embedded database')
    .argument('[uri]', 'a mongodb:// or mongodb+srv:// connection string')
    .option('--embedded', 'forget the saved URI and use the embedded database')
    .addHelpText(
      'after',
      '\nThe choice is saved as db.uri in the config file. --db-uri, CAREER_DB_URI and\nMONGODB_URI take precedence over it.',
    )
    .action((uri: string | undefined, options: { embedded?: boolean }, command: Command) => {
      if ((uri === undefined) === (options.embedded !== true)) {
        throw new UsageError('give either a connection string or --embedded', {
          hint: 'career db use mongodb://localhost:27017/career   or   career db use --embedded',
        });
      }
      const selection = selectDatabase(uri);
      if (globalOptions(command).json) {
        printJson({ uri: selection.location ?? null, configFile: selection.configFile });
      } else {
        printSuccess(
          selection.location === undefined
            ? 'Using the embedded database'
            : `Using ${selection.location}`,
        );
      }
      if (selection.overriddenBy !== undefined) {
        printWarning(`${selection.overriddenBy} is set and takes precedence over this choice`);
      }
    });

  withServeLogOptions(withServeLimitOptions(db.command('serve')))
    .description('Serve the embedded database over TCP for mongosh, Compass or other tools')
    .option('--host <host>', 'interface to listen on', DEFAULT_SERVE_HOST)
    .option('--port <port>', 'TCP port (0 picks a free one)', parsePort, DEFAULT_SERVE_PORT)
    .option('--password-stdin', 'read the password clients sign in with from stdin')
    .option('--no-auth', 'let anyone who can connect in, without a password (loopback only)')
    .addHelpText(
      'after',
      `\nClients sign in as ${SERVE_USERNAME} (authSource admin) with a password made for the session,\nprinted once in the connection string, or the one given on stdin.`,
    )
    .action(async (options: ServeCommandOptions, command: Command) => {
      const json = globalOptions(command).json;
      // Refused before anything is asked or warned about.
      const limits = serveLimitsOf(options);
      const log = serveLogOf(options);
      const password = await servePassword(options);
      const engine = await serveEmbedded({
        host: options.host,
        port: options.port,
        password,
        limits,
        ...(log ? { log } : {}),
      });
      try {
        const uri = withDatabaseName(engine.uri);
        if (json) {
          process.stdout.write(
            `${JSON.stringify({ uri, host: engine.host, port: engine.port, dataFile: engine.dataFile, username: engine.username ?? null })}\n`,
          );
        } else printServing(engine.dataFile, uri, password !== undefined);
        await waitForStopSignal();
      } finally {
        await engine.close();
      }
      if (!json) printNote('Stopped.');
    });

  db.command('migrate')
    .description('Bring the data up to date with the latest schema (safe to run again)')
    .option('--dry-run', 'show what would change, and change nothing')
    .action(async (options: { dryRun?: boolean }, command: Command) => {
      const globals = globalOptions(command);
      const report = await withWorkspace(
        { dbUri: globals.dbUri, checkMigrations: false },
        (workspace) => migrate(workspace.repositories, { dryRun: options.dryRun === true }),
      );
      if (globals.json) printJson(report);
      else printMigration(report);
    });
}

interface ServeCommandOptions extends Limits, ServeLogFlags {
  host: string;
  port: number;
  passwordStdin?: boolean;
  /** false with --no-auth. */
  auth: boolean;
}

/** The session's password (random, or from stdin), or undefined for --no-auth, with its warnings. */
async function servePassword(options: ServeCommandOptions): Promise<string | undefined> {
  const loopback = isLoopbackHost(options.host);
  if (!options.auth) {
    if (options.passwordStdin) {
      throw new UsageError('--no-auth and --password-stdin do not go together');
    }
    if (!loopback) {
      throw new UsageError(
        `--no-auth is refused for ${options.host}: anyone who can reach it could read and change your data`,
        { hint: 'serve with a password (the default), or listen on 127.0.0.1' },
      );
    }
    printWarning(
      'serving without authentication: every user of this machine can read and change your data while it runs',
    );
    return undefined;
  }
  if (!loopback) {
    printWarning(
      `listening on ${options.host}: the connection is not encrypted (no TLS), so the data crosses the network in clear`,
    );
  }
  if (!options.passwordStdin) return sessionPassword();
  // TEMPORARY (until db takes its CommandContext): the io of the command running now.
  const password = await readStdin({ io: runningIo() });
  checkServePassword(password);
  return password;
}

function printServing(dataFile: string, uri: string, withPassword: boolean): void {
  printFields([
    ['Serving', dataFile],
    ['URI', uri],
  ]);
  printNote(
    withPassword
      ? 'Connect with mongosh and the URI above. It holds the password: keep it to yourself.\nPress Ctrl+C to stop.'
      : `Connect with: mongosh "${uri}"\nPress Ctrl+C to stop.`,
  );
}

function printMigration(report: MigrationReport): void {
  if (report.applied.length === 0) {
    printSuccess(`Already up to date (schema version ${report.from})`);
    return;
  }
  printLine(
    renderTable(
      ['Version', 'Migration', 'Documents'],
      report.applied.map((step) => [
        String(step.version),
        step.description,
        String(step.documents),
      ]),
    ),
  );
  for (const step of report.applied) printDuplicates(step);
  if (report.dryRun) {
    printNote(
      `Dry run: would migrate from version ${report.from} to ${report.to}; nothing changed.`,
    );
  } else printSuccess(`Migrated from schema version ${report.from} to ${report.to}`);
}

/** How many duplicates were merged, and the first of those kept (all of them in --json). */
const KEPT_SHOWN = 10;

function printDuplicates(step: MigrationReport['applied'][number]): void {
  const duplicates = step.duplicates;
  if (!duplicates) return;
  for (const [collection, count] of Object.entries(duplicates.merged)) {
    printLine(`${collection}: ${count} exact copies merged into the records they repeated`);
  }
  if (duplicates.kept.length === 0) return;
  printLine(
    `${duplicates.kept.length} records share a natural key with another but differ: kept, their key marked`,
  );
  for (const kept of duplicates.kept.slice(0, KEPT_SHOWN)) {
    printLine(`  ${kept.collection} ${kept.id} repeats ${kept.duplicateOf}`);
  }
  if (duplicates.kept.length > KEPT_SHOWN) {
    printLine(`  and ${duplicates.kept.length - KEPT_SHOWN} more (all of them with --json)`);
  }
  printLine('Change or remove one of each pair (`career job show ID`, `contact show ID`, ...).');
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError('must be a whole number from 0 to 65535');
  }
  return port;
}

function formatKey(key: Record<string, unknown>): string {
  return Object.entries(key)
    .map(([field, direction]) => `${field}: ${String(direction)}`)
    .join(', ');
}

function describeSource(source: string): string {
  if (source === 'default') return '';
  return ` (from ${source === 'flag' ? '--db-uri' : source})`;
}

function printStatus(status: DatabaseStatus): void {
  printFields([
    ['Backend', `${status.backend.kind}${describeSource(status.backend.source)}`],
    ['Location', status.backend.location],
    ['Server', status.serverVersion],
    ['Database', status.database],
  ]);
  printLine();
  if (status.collections.length === 0) {
    printLine('No collections yet.');
    return;
  }
  printHeading('Collections');
  printLine(
    renderTable(
      ['Collection', 'Documents', 'Indexes'],
      status.collections.map((c) => [c.name, String(c.documents), String(c.indexes.length)]),
    ),
  );
  printLine();
  printHeading('Indexes');
  printLine(
    renderTable(
      ['Collection', 'Index', 'Key', 'Unique'],
      status.collections.flatMap((c) =>
        c.indexes.map((index) => [
          c.name,
          index.name,
          formatKey(index.key),
          index.unique ? 'yes' : '',
        ]),
      ),
    ),
  );
}
