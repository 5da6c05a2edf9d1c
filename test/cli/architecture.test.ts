// Layering rules that keep the CLI fast and the layers honest, checked on the source.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../helpers/run-cli.js';

const src = path.join(projectRoot, 'src');

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/^\s*import\s+(?!type\b)[^'"]*?from\s+'([^']+)'/gm)];
  const dynamic = [...text.matchAll(/import\(\s*'([^']+)'\s*\)/g)];
  return [...specifiers, ...dynamic].map((match) => match[1] ?? '');
}

/** The .ts files under `dir`, relative to it ("job/add.ts"). */
function sourceFilesIn(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => file.split(path.sep).join('/'));
}

/** The code of a file without its comment lines (which may name process.stdout in prose). */
function codeOf(file: string): string {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => !/^\s*(\/\/|\/?\*)/.test(line))
    .join('\n');
}

// TEMPORARY: old-shape modules that still reach for the process; each conversion to the
// CommandContext (src/commands/context.ts) removes its file from this list.
const STILL_USING_THE_PROCESS = [
  'commands/coach.ts',
  'commands/db.ts',
  'commands/export.ts',
  'services/coach/remote-client.ts',
  'services/import/source.ts',
  'services/password-input.ts',
];

describe('architecture', () => {
  it('commands, services and ui never touch the process: src/cli.ts gives them a context', () => {
    const touching: string[] = [];
    for (const layer of ['commands', 'services', 'ui']) {
      for (const name of sourceFilesIn(path.join(src, layer))) {
        const file = `${layer}/${name}`;
        const code = codeOf(path.join(src, file));
        if (/\bprocess\.(stdout|stderr|stdin|env|argv|exit|exitCode)\b/.test(code)) {
          touching.push(file);
        }
      }
    }
    expect(touching.sort()).toEqual(STILL_USING_THE_PROCESS);
  });

  it('commands never import the engine or a model', () => {
    const commandsDir = path.join(src, 'commands');
    for (const name of sourceFilesIn(commandsDir)) {
      for (const specifier of importsOf(path.join(commandsDir, name))) {
        expect(specifier, `${name} imports ${specifier}`).not.toMatch(
          /(^|\/)(engine|models)(\/|$)/,
        );
      }
    }
  });

  it('src/cli.ts loads nothing but node:fs up front (fast --version)', () => {
    const text = readFileSync(path.join(src, 'cli.ts'), 'utf8');
    const staticImports = [...text.matchAll(/^import\s+(?!type\b)[^'"]*?from\s+'([^']+)'/gm)].map(
      (match) => match[1],
    );
    expect(staticImports).toEqual(['node:fs']);
  });
});
