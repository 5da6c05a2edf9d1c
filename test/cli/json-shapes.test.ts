// Every verb that prints --json declares the shape it prints (an exported <Noun><Verb>Json
// type), and the README's reference lists exactly those (`npm run docs:json` regenerates it).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BEGIN, END, jsonShapes, jsonShapesTable } from '../helpers/json-shapes.js';
import { projectRoot } from '../helpers/run-cli.js';
import { sourceFiles } from '../helpers/source-files.js';

describe('--json shapes', () => {
  it('finds the declared shapes, each with what it is', () => {
    const shapes = jsonShapes();
    expect(shapes.map((shape) => shape.command)).toContain('career apply interview add');
    expect(shapes.find((shape) => shape.type === 'ImportJson')?.command).toBe('career import');
    expect(shapes.filter((shape) => shape.summary === '').map((shape) => shape.type)).toEqual([]);
  });

  it('every verb module that prints JSON exports its shape', () => {
    const commands = path.join(projectRoot, 'src', 'commands');
    // A verb module defines its command (`export function <verb>Command(`); helpers it calls
    // print the verb's shape.
    const printing = sourceFiles(commands).filter((file) => {
      const text = readFileSync(file, 'utf8');
      return /\bexport function \w+Command\(/.test(text) && /printJson\(/.test(text);
    });
    const declaring = new Set(jsonShapes().map((shape) => path.join(projectRoot, shape.file)));
    expect(
      printing.filter((file) => !declaring.has(file)).map((file) => path.relative(commands, file)),
    ).toEqual([]);
  });

  it('the README lists them as the source declares them', () => {
    const readme = readFileSync(path.join(projectRoot, 'README.md'), 'utf8');
    const block = readme.slice(readme.indexOf(BEGIN), readme.indexOf(END) + END.length);
    expect(block).toBe(jsonShapesTable());
  });
});
