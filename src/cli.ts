// Entry point of `career`: the one module that touches the process. It builds the command
// context from the process's streams and environment and hands it to runCli
// (src/commands/run-cli.ts), which returns the exit code. Startup time matters for a CLI
// people run constantly, so nothing is imported up front: commander, the command modules and
// Mongoose are loaded only when a command needs them. Built, this is dist/main/cli.cjs, which
// bin/career runs through src/launch.ts (the code cache; `--version` answered before it).

async function runFromProcess(args: readonly string[]): Promise<number> {
  const [{ runCli }, { createContext, createIo }] = await Promise.all([
    import('./commands/run-cli.js'),
    import('./commands/context.js'),
  ]);
  const terminal = (stream: NodeJS.WriteStream) => ({
    stream,
    isTerminal: stream.isTTY === true,
    colourDepth: stream.isTTY === true ? stream.getColorDepth() : undefined,
  });
  const io = createIo({
    stdin: process.stdin,
    stdinIsTerminal: process.stdin.isTTY === true,
    stdout: terminal(process.stdout),
    stderr: terminal(process.stderr),
    terminalWidth: process.stdout.isTTY ? process.stdout.columns : undefined,
    env: process.env,
    argv: args,
  });
  return runCli(args, createContext({ io, env: process.env }));
}

const args = process.argv.slice(2);
// dist/ is a bundle: with --debug, stack traces point at the TypeScript sources instead.
if (args.includes('--debug')) process.setSourceMapsEnabled(true);
// A reader that stops early (`career export --type jobs | head`) is not a failure.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});
async function main(): Promise<void> {
  if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
    const { packageVersion } = await import('./commands/run-cli.js');
    process.stdout.write(`${packageVersion()}\n`);
    return;
  }
  process.exitCode = await runFromProcess(args);
  // Everything has been closed by now; if a library left a handle open anyway, do not
  // hang the user's shell. unref() lets a clean exit happen sooner.
  setTimeout(() => process.exit(), 2000).unref();
}

// A CommonJS bundle has no top-level await; runFromProcess reports every failure itself.
void main();
