// The layers, checked on the source: commands -> services -> repositories -> models, each
// depending only downwards, src/domain beneath them all. architecture.test.ts checks the
// commands' runtime imports (and the fast start); this file follows every import, `import
// type` and `export ... from` included, through every folder of src, and holds the CLI's
// words (flags, commands) to src/commands. Both read src with test/helpers/source-files.ts.
import { describe, expect, it } from 'vitest';
import {
  importsOf,
  sourceFiles,
  stringLiteralsOf,
  type Import,
  type StringLiteral,
} from '../helpers/source-files.js';

const allImports = sourceFiles().flatMap(importsOf);

/** The top folder of src a path is in ("models"), or the file itself for src/cli.ts. */
function layerOf(relative: string): string {
  return relative.split('/')[0] ?? '';
}

function describeImport(entry: Import): string {
  return `${entry.file} imports ${entry.typeOnly ? 'type ' : ''}'${entry.specifier}'`;
}

function violations(
  fromLayers: readonly string[],
  forbidden: (entry: Import) => boolean,
): string[] {
  return allImports
    .filter((entry) => fromLayers.includes(layerOf(entry.file)) && forbidden(entry))
    .map(describeImport);
}

const isPackage = (entry: Import, name: string): boolean =>
  entry.target === name || entry.target.startsWith(`${name}/`);

describe('architecture: layers', () => {
  it('finds the imports it checks (the parser works)', () => {
    const learn = allImports.filter((entry) => entry.file === 'commands/learn/add.ts');
    expect(learn.map((entry) => entry.target)).toContain('services/learning-service.js');
    const models = allImports.filter((entry) => layerOf(entry.target) === 'models');
    expect(models.length).toBeGreaterThan(5);
    expect(allImports.some((entry) => entry.typeOnly && entry.target === 'models/index.js')).toBe(
      true,
    );
  });

  it('commands never import models, the engine or the database driver, even for types', () => {
    expect(
      violations(
        ['commands'],
        (entry) =>
          ['models', 'engine'].includes(layerOf(entry.target)) ||
          entry.target === 'db/mongoose.js' ||
          isPackage(entry, 'mongoose') ||
          isPackage(entry, 'mongodb'),
      ),
    ).toEqual([]);
  });

  it('commands use repositories for types only (the data is reached through services)', () => {
    expect(
      violations(
        ['commands'],
        (entry) => layerOf(entry.target) === 'repositories' && !entry.typeOnly,
      ),
    ).toEqual([]);
  });

  it('services never import models or commands', () => {
    expect(
      violations(['services'], (entry) => ['models', 'commands'].includes(layerOf(entry.target))),
    ).toEqual([]);
  });

  it('only repositories and models import models', () => {
    expect(
      allImports
        .filter(
          (entry) =>
            layerOf(entry.target) === 'models' &&
            !['models', 'repositories'].includes(layerOf(entry.file)),
        )
        .map(describeImport),
    ).toEqual([]);
  });

  it('repositories and models never import services or commands', () => {
    expect(
      violations(['repositories', 'models'], (entry) =>
        ['services', 'commands'].includes(layerOf(entry.target)),
      ),
    ).toEqual([]);
  });

  it('models import nothing of the app but the Mongoose setup in src/db and src/domain', () => {
    expect(
      violations(['models'], (entry) =>
        entry.specifier.startsWith('.')
          ? !['models', 'domain'].includes(layerOf(entry.target)) &&
            entry.target !== 'db/mongoose.js'
          : !isPackage(entry, 'mongoose'),
      ),
    ).toEqual([]);
  });

  it('the domain is neutral: it imports nothing of the app outside src/domain', () => {
    expect(
      violations(
        ['domain'],
        (entry) => entry.specifier.startsWith('.') && layerOf(entry.target) !== 'domain',
      ),
    ).toEqual([]);
  });

  it('src/mail knows mail, not careers: it imports only src/domain and packages', () => {
    const mail = allImports.filter((entry) => layerOf(entry.file) === 'mail');
    expect(mail.some((entry) => entry.target === 'nodemailer')).toBe(true);
    expect(
      violations(
        ['mail'],
        (entry) => entry.specifier.startsWith('.') && layerOf(entry.target) !== 'domain',
      ),
    ).toEqual([]);
  });

  it('only commands send mail: nothing below them imports src/mail', () => {
    expect(
      violations(
        ['services', 'repositories', 'models', 'db', 'domain', 'engine', 'ui'],
        (entry) => layerOf(entry.target) === 'mail',
      ),
    ).toEqual([]);
  });

  it('the engine stands alone: it imports nothing from the app above it', () => {
    expect(
      violations(['engine'], (entry) =>
        ['commands', 'services', 'repositories', 'models', 'ui'].includes(layerOf(entry.target)),
      ),
    ).toEqual([]);
  });
});

describe('architecture: the neutral layers', () => {
  it('src/domain imports nothing of the app (packages only)', () => {
    const domain = allImports.filter((entry) => layerOf(entry.file) === 'domain');
    expect(domain.some((entry) => entry.target === 'chrono-node')).toBe(true);
    expect(
      violations(
        ['domain'],
        (entry) => entry.specifier.startsWith('.') && layerOf(entry.target) !== 'domain',
      ),
    ).toEqual([]);
  });

  it('services, repositories, models and db never import ui or commands, even for types', () => {
    expect(
      violations(['services', 'repositories', 'models', 'db'], (entry) =>
        ['ui', 'commands'].includes(layerOf(entry.target)),
      ),
    ).toEqual([]);
  });
});

// The CLI's words, kept to src/commands: below it, errors name fields and next steps
// (src/domain/phrases.ts) and src/commands/error-wording.ts spells them as flags and commands.
const NOUNS = [
  'agenda',
  'apply',
  'auth',
  'backup',
  'coach',
  'config',
  'connect',
  'contact',
  'db',
  'digest',
  'export',
  'import',
  'init',
  'job',
  'learn',
  'profile',
  'remind',
  'search',
  'stats',
  'today',
];
const NAMES_FLAG = /(^|[^\w-])--(\[no-\])?[a-z][a-z-]*/;
const NAMES_COMMAND = new RegExp(`\\bcareer (${NOUNS.join('|')})\\b`);

/** Files below src/commands whose strings may name flags or commands, and why. */
const CLI_WORDS_ALLOWED: Record<string, string> = {
  'db/backup/external-tools.ts': "mongodump's and mongorestore's own flags (their argv)",
  'services/import/memory.ts': "V8's own flags",
  // Content, not errors: advice and suggestions name the command to run on purpose. The next
  // step is to carry them as steps (src/domain/phrases.ts) and word them in src/commands.
  'services/coach/offline-advisor.ts': 'the offline coach tells which commands to run',
  'services/coach/interview-prep.ts': 'the offline coach tells which commands to run',
  'services/agenda-service.ts': "each agenda item's `command` (shown by agenda and the coach)",
  'services/agenda-people.ts': "the stalled item's follow-up command (issue 15)",
  'services/keep-in-touch.ts': "each keep-in-touch agenda item's `command`, as the agenda's",
  'services/calendar-service.ts': "each calendar event's description names its command",
  'services/offer-agenda.ts': "offers' agenda items name their command, as agenda-service's",
  'services/offer-calendar.ts': "offers' calendar events name their command, as calendar-service's",
  'services/coach/conversation.ts': "the coach's instructions to the model name the commands",
};

function cliWordsIn(literal: StringLiteral): boolean {
  return NAMES_FLAG.test(literal.text) || NAMES_COMMAND.test(literal.text);
}

describe('architecture: the CLI speaks only in src/commands', () => {
  const below = sourceFiles().filter((file) =>
    ['services', 'repositories', 'models', 'domain', 'db', 'mail'].some((layer) =>
      file.includes(`/src/${layer}/`),
    ),
  );
  const literals = below.flatMap(stringLiteralsOf);

  it('finds the strings it checks (the scanner works, and skips comments)', () => {
    expect(literals.length).toBeGreaterThan(500);
    const advice = literals.filter((item) => item.file === 'services/coach/offline-advisor.ts');
    expect(advice.some(cliWordsIn)).toBe(true);
    // choices.ts mentions `"ts, sql"` lists and flags only in comments.
    expect(literals.some((item) => item.file === 'domain/choices.ts' && cliWordsIn(item))).toBe(
      false,
    );
  });

  it('no string below src/commands names a flag (--x) or a `career <noun>` command', () => {
    expect(
      literals
        .filter((item) => CLI_WORDS_ALLOWED[item.file] === undefined && cliWordsIn(item))
        .map((item) => `${item.file}:${item.line}: ${item.text}`),
    ).toEqual([]);
  });
});
