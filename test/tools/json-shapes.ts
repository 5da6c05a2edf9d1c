// `npm run docs:json`: rewrites the README's table of --json outputs from the source.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readmeWithShapes } from '../helpers/json-shapes.js';
import { projectRoot } from '../helpers/run-cli.js';

const readmePath = path.join(projectRoot, 'README.md');
writeFileSync(readmePath, readmeWithShapes(readFileSync(readmePath, 'utf8')));
