// Layering rules that keep the CLI fast and the layers honest, checked on the source with the
// shared parser (test/helpers/source-files.ts) that architecture-layers.test.ts uses too.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsOf, relativeToSrc, sourceFiles, srcDir } from '../helpers/source-files.js';

/** The code of a file without its comment lines (which may name process.stdout in prose). */
function codeOf(file: string): string {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => !/^\s*(\/\/|\/?\*)/.test(line))
    .join('\n');
}

describe('architecture', () => {
  it('commands, services and ui never touch the process: src/cli.ts gives them a context', () => {
    const touching: string[] = [];
    for (const layer of ['commands', 'services', 'ui']) {
      for (const file of sourceFiles(path.join(srcDir, layer))) {
        if (/\bprocess\.(stdout|stderr|stdin|env|argv|exit|exitCode)\b/.test(codeOf(file))) {
          touching.push(relativeToSrc(file));
        }
      }
    }
    expect(touching.sort()).toEqual([]);
  });

  it('commands never import the engine or a model', () => {
    const commands = sourceFiles(path.join(srcDir, 'commands')).flatMap(importsOf);
    expect(commands.length).toBeGreaterThan(20);
    for (const entry of commands.filter((item) => !item.typeOnly)) {
      expect(entry.specifier, `${entry.file} imports ${entry.specifier}`).not.toMatch(
        /(^|\/)(engine|models)(\/|$)/,
      );
    }
  });

  it('src/cli.ts loads nothing up front (bin/career answers --version before it)', () => {
    const upFront = importsOf(path.join(srcDir, 'cli.ts')).filter(
      (entry) => !entry.typeOnly && !entry.dynamic,
    );
    expect(upFront.map((entry) => entry.specifier)).toEqual([]);
  });
});
