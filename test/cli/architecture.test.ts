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

describe('architecture', () => {
  it('commands never import the engine or a model', () => {
    const commandsDir = path.join(src, 'commands');
    for (const name of readdirSync(commandsDir).filter((file) => file.endsWith('.ts'))) {
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
