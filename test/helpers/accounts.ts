// Accounts for end-to-end tests: a CAREER_HOME with a registered, signed-in user.
import { runCli, type CliResult, type RunCliOptions } from './run-cli.js';
import { makeTempDir } from './temp-dirs.js';

export const TEST_PASSWORD = 'correct horse battery staple';

export interface TestAccount {
  home: string;
  email: string;
  /** Runs the CLI as this user. */
  run(args: string[], options?: Omit<RunCliOptions, 'home'>): Promise<CliResult>;
}

let counter = 0;

/** Registers a new user in its own CAREER_HOME (or a shared one, for two users on one database). */
export async function signedInAccount(
  name = 'Ada Lovelace',
  options: { home?: string; dbUri?: string } = {},
): Promise<TestAccount> {
  const home = options.home ?? makeTempDir('career-acct-');
  const email = `user${process.pid}-${++counter}@example.com`;
  const env: Record<string, string> = { CAREER_PASSWORD: TEST_PASSWORD };
  if (options.dbUri) env.CAREER_DB_URI = options.dbUri;
  const result = await runCli(['auth', 'register', '--name', name, '--email', email], {
    home,
    env,
  });
  if (result.code !== 0) {
    throw new Error(`could not register a test user: ${result.stderr || result.stdout}`);
  }
  return {
    home,
    email,
    run: (args, runOptions = {}) =>
      runCli(args, {
        ...runOptions,
        home,
        env: {
          ...(options.dbUri ? { CAREER_DB_URI: options.dbUri } : {}),
          ...(runOptions.env ?? {}),
        },
      }),
  };
}
