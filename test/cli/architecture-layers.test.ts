// The layers, checked on the source: commands -> services -> repositories -> models, each
// depending only downwards. architecture.test.ts checks the commands' runtime imports (and
// the fast start); this file follows every import, `import type` and `export ... from`
// included, through every folder of src.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../helpers/run-cli.js';

const src = path.join(projectRoot, 'src');

interface Import {
  /** The file importing, relative to src ("commands/learn.ts"). */
  file: string;
  specifier: string;
  /** The imported file relative to src ("models/index.js"), or the package name. */
  target: string;
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

// `import x from`, `import type { A } from`, `export { A } from`, `export * from` (the
// clause holds only names, braces, commas and `*`, so strings in code never match), bare
// `import 'x'`, and `import('x')`.
const STATIC = /^\s*(import|export)\s+(type\s+)?([\w$*{},\s]*?)\s*from\s*'([^']+)'/gm;
const BARE = /^\s*import\s+'([^']+)'/gm;
const DYNAMIC = /\bimport\(\s*'([^']+)'\s*\)/g;

function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const from = path.relative(src, file).split(path.sep).join('/');
  const make = (specifier: string, typeOnly: boolean): Import => {
    const target = specifier.startsWith('.')
      ? path
          .relative(src, path.resolve(path.dirname(file), specifier))
          .split(path.sep)
          .join('/')
      : specifier;
    return { file: from, specifier, target, typeOnly };
  };
  const result: Import[] = [];
  for (const match of text.matchAll(STATIC)) {
    const clause = match[3] ?? '';
    // `import { type A, type B }` is as type-only as `import type { A, B }`.
    const names = clause
      .replace(/[{}]/g, '')
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== '');
    const allTyped = names.length > 0 && names.every((name) => name.startsWith('type '));
    result.push(make(match[4] ?? '', match[2] !== undefined || allTyped));
  }
  for (const match of text.matchAll(BARE)) result.push(make(match[1] ?? '', false));
  for (const match of text.matchAll(DYNAMIC)) result.push(make(match[1] ?? '', false));
  return result;
}

const allImports = sourceFiles(src).flatMap(importsOf);

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

  it('models import nothing of the app but the Mongoose setup in src/db', () => {
    expect(
      violations(['models'], (entry) =>
        entry.specifier.startsWith('.')
          ? layerOf(entry.target) !== 'models' && entry.target !== 'db/mongoose.js'
          : !isPackage(entry, 'mongoose'),
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
