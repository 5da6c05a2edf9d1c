// Layering rules that keep the CLI fast and the layers honest, checked on the source with the
// shared parser (test/helpers/source-files.ts) that architecture-layers.test.ts uses too.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsOf, sourceFiles, srcDir } from '../helpers/source-files.js';

describe('architecture', () => {
  it('commands never import the engine or a model', () => {
    const commands = sourceFiles(path.join(srcDir, 'commands')).flatMap(importsOf);
    expect(commands.length).toBeGreaterThan(20);
    for (const entry of commands.filter((item) => !item.typeOnly)) {
      expect(entry.specifier, `${entry.file} imports ${entry.specifier}`).not.toMatch(
        /(^|\/)(engine|models)(\/|$)/,
      );
    }
  });

  it('src/cli.ts loads nothing but node:fs up front (fast --version)', () => {
    const upFront = importsOf(path.join(srcDir, 'cli.ts')).filter(
      (entry) => !entry.typeOnly && !entry.dynamic,
    );
    expect(upFront.map((entry) => entry.specifier)).toEqual(['node:fs']);
  });
});
