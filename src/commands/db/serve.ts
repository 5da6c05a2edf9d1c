// `career db serve`: the embedded database over TCP, for mongosh, Compass or other tools, until
// SIGINT or SIGTERM.
import { InvalidArgumentError, type Command } from 'commander';
import {
  DEFAULT_SERVE_HOST,
  DEFAULT_SERVE_PORT,
  isLoopbackHost,
  serveEmbedded,
  SERVE_USERNAME,
  sessionPassword,
  waitForStopSignal,
} from '../../db/serve.js';
import { withDatabaseName } from '../../db/uri.js';
import { UsageError } from '../../domain/errors.js';
import { checkServePassword } from '../../services/password-rules.js';
import type { CommandContext } from '../context.js';
import { globalOptions, type GlobalOptions } from '../options/global.js';
import { readStdin } from '../options/password.js';
import { serveLogOf, withServeLogOptions, type ServeLogFlags } from '../options/serve-log.js';
import {
  serveLimitsOf,
  withServeLimitOptions,
  type ServeLimitOptions,
} from '../options/serve-limits.js';

export interface DbServeOptions extends ServeLimitOptions, ServeLogFlags {
  globals: GlobalOptions;
  host: string;
  port: number;
  passwordStdin: boolean;
  /** false with --no-auth. */
  auth: boolean;
}

/** `career db serve --json`: one line, printed once the server listens. */
export interface DbServeJson {
  /** The full connection string, password included. */
  uri: string;
  host: string;
  port: number;
  dataFile: string;
  username: string | null;
}

type ServeFlags = Omit<DbServeOptions, 'globals' | 'passwordStdin'> & { passwordStdin?: boolean };

export function serveCommand(db: Command, context: CommandContext): Command {
  return withServeLogOptions(withServeLimitOptions(db.command('serve')))
    .description('Serve the embedded database over TCP for mongosh, Compass or other tools')
    .option('--host <host>', 'interface to listen on', DEFAULT_SERVE_HOST)
    .option('--port <port>', 'TCP port (0 picks a free one)', parsePort, DEFAULT_SERVE_PORT)
    .option('--password-stdin', 'read the password clients sign in with from stdin')
    .option('--no-auth', 'let anyone who can connect in, without a password (loopback only)')
    .addHelpText(
      'after',
      `\nClients sign in as ${SERVE_USERNAME} (authSource admin) with a password made for the session,\nprinted once in the connection string, or the one given on stdin.`,
    )
    .action((flags: ServeFlags, command: Command) =>
      run(
        { ...flags, globals: globalOptions(command), passwordStdin: flags.passwordStdin === true },
        context,
      ),
    );
}

export async function run(options: DbServeOptions, context: CommandContext): Promise<void> {
  const json = options.globals.json;
  // Refused before anything is asked or warned about.
  const limits = serveLimitsOf(options);
  const log = serveLogOf(options);
  const password = await servePassword(options, context);
  const engine = await serveEmbedded({
    host: options.host,
    port: options.port,
    password,
    limits,
    ...(log ? { log } : {}),
    paths: context.paths,
  });
  try {
    const uri = withDatabaseName(engine.uri);
    if (json) {
      const line: DbServeJson = {
        uri,
        host: engine.host,
        port: engine.port,
        dataFile: engine.dataFile,
        username: engine.username ?? null,
      };
      // One line (not printJson's indented document): scripts read it as soon as it comes.
      context.io.stdout.stream.write(`${JSON.stringify(line)}\n`);
    } else printServing(context, engine.dataFile, uri, password !== undefined);
    await waitForStopSignal();
  } finally {
    await engine.close();
  }
  if (!json) context.out.printNote('Stopped.');
}

/** The session's password (random, or from stdin), or undefined for --no-auth, with its warnings. */
async function servePassword(
  options: DbServeOptions,
  context: CommandContext,
): Promise<string | undefined> {
  const { out } = context;
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
    out.printWarning(
      'serving without authentication: every user of this machine can read and change your data while it runs',
    );
    return undefined;
  }
  if (!loopback) {
    out.printWarning(
      `listening on ${options.host}: the connection is not encrypted (no TLS), so the data crosses the network in clear`,
    );
  }
  if (!options.passwordStdin) return sessionPassword();
  const password = await readStdin(context);
  checkServePassword(password);
  return password;
}

function printServing(
  { out }: CommandContext,
  dataFile: string,
  uri: string,
  withPassword: boolean,
): void {
  out.printFields([
    ['Serving', dataFile],
    ['URI', uri],
  ]);
  out.printNote(
    withPassword
      ? 'Connect with mongosh and the URI above. It holds the password: keep it to yourself.\nPress Ctrl+C to stop.'
      : `Connect with: mongosh "${uri}"\nPress Ctrl+C to stop.`,
  );
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new InvalidArgumentError('must be a whole number from 0 to 65535');
  }
  return port;
}
