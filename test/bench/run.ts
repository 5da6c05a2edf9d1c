// `npm run bench`: every speed figure of career, each a ratio against a baseline measured in
// the same run (never an absolute time asserted), printed as one table and, with `--json FILE`,
// written as JSON. `--list` names the modules; `--only` / `--skip` choose among them. Each module
// is a file of this directory exporting `run: BenchModule` (rows.ts), listed here on one line.
import os from 'node:os';
import {
  parseOptions,
  renderTable,
  runModules,
  selectModules,
  UsageError,
  USAGE,
  writeReport,
  type NamedModule,
} from './runner.js';

// One line a module (prettier-ignore keeps them so), in the order they run.
// prettier-ignore
export const MODULES: NamedModule[] = [
  { name: 'startup', about: 'career start-up against node -e 0', load: () => import('./startup.js') },
  { name: 'scale', about: "one user's commands among 10,000 users' data, against an empty database", load: () => import('./scale.js') },
  { name: 'rendering', about: 'contact list at 1,000 / 10,000 / 50,000 rows', load: () => import('./rendering.js') },
  { name: 'throughput', about: 'insertMany, import, backup create and restore against their baselines', load: () => import('./throughput.js') },
  { name: 'query', about: 'an indexed find of one document through the driver against a ping on the same connection', load: () => import('./query.js') },
  { name: 'find', about: 'a find on an indexed field among 1,000,000 documents', load: () => import('./indexed-find.js') },
  { name: 'import-memory', about: 'peak memory of a 1,000,000-row career import', load: () => import('./import-memory.js') },
  { name: 'agenda', about: "a busy user's agenda, week progress and offers", load: () => import('./agenda.js') },
  { name: 'search', about: 'career search among 100,000 records of one user', load: () => import('./search.js') },
  { name: 'contact-show', about: 'contact show with the applications a contact is on', load: () => import('./contact-show.js') },
];

async function main(): Promise<number> {
  let options;
  try {
    options = parseOptions(process.argv.slice(2));
    if (options.help) {
      console.log(USAGE);
      return 0;
    }
    if (options.list) {
      const width = Math.max(...MODULES.map((module) => module.name.length));
      for (const module of MODULES) console.log(`${module.name.padEnd(width)}  ${module.about}`);
      return 0;
    }
    const chosen = selectModules(MODULES, options);
    const startedAt = new Date().toISOString();
    const loadAverage = os.loadavg();
    const { rows, failures } = await runModules(chosen, (line) => console.error(line));
    console.log(renderTable(rows));
    console.log(
      `\nload average at the start: ${loadAverage.map((load) => load.toFixed(2)).join(' ')} on ${os.cpus().length} cores`,
    );
    if (options.json !== undefined) {
      writeReport(options.json, {
        startedAt,
        node: process.version,
        platform: `${process.platform} ${process.arch}`,
        loadAverage,
        modules: chosen.map((module) => module.name),
        rows,
        failures,
      });
      console.log(`rows written to ${options.json}`);
    }
    for (const failure of failures) console.error(`error: bench ${failure.module} failed`);
    return failures.length > 0 ? 1 : 0;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`error: ${error.message}\n${USAGE}`);
    return 2;
  }
}

process.exitCode = await main();
