// `career config`: the documented settings with their types and allowed values checked on
// set, secrets masked, environment variables winning over the file, and where each value
// comes from; session.token is internal (never listed or set).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConfigListJson } from '../../src/commands/config/list.js';
import type { ConfigGetJson } from '../../src/commands/config/get.js';
import { runInProcess } from '../helpers/in-process.js';
import { jsonOutput } from '../helpers/json-output.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dirs.js';

afterAll(() => removeTempDirs());

const home = makeTempDir('career-config-');
const run = (args: string[], env: Record<string, string> = {}) => runInProcess(args, { home, env });

function configFile(): Record<string, unknown> {
  const file = path.join(home, 'config.json');
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

describe('career config', () => {
  it('lists every documented key, none set, and never session.token', async () => {
    const listed = jsonOutput<ConfigListJson>(await run(['--json', 'config', 'list']));
    expect(listed.map((each) => each.key)).toEqual([
      'db.uri',
      'date.order',
      'targets.applicationsPerWeek',
      'targets.followUpsPerWeek',
      'remind.via',
    ]);
    expect(listed.every((each) => each.value === null && each.source === 'default')).toBe(true);
    expect(listed.find((each) => each.key === 'date.order')?.allowed).toEqual([
      'DMY',
      'MDY',
      'YMD',
    ]);
  });

  it('sets a value forgiving its case, and refuses what the key cannot hold', async () => {
    const set = await run(['config', 'set', 'date.order', 'dmy']);
    expect(set.stdout).toBe('✓ Set date.order to DMY\n');
    expect(configFile()).toMatchObject({ date: { order: 'DMY' } });
    expect((await run(['config', 'get', 'Date.Order'])).stdout).toBe('DMY\n');

    const wrongOrder = await run(['config', 'set', 'date.order', 'DDMM']);
    expect(wrongOrder.code).toBe(2);
    expect(wrongOrder.stderr).toBe(
      "error: VALUE: 'DDMM' is not allowed\nhint: use one of: DMY, MDY, YMD\n",
    );
    const notANumber = await run(['config', 'set', 'targets.applicationsPerWeek', 'lots']);
    expect(notANumber.code).toBe(2);
    expect(notANumber.stderr).toBe(
      "error: VALUE must be a whole number from 0 to 100, not 'lots'\n",
    );
    expect((await run(['config', 'set', 'targets.applicationsPerWeek', '7'])).code).toBe(0);
    expect(configFile()).toMatchObject({ targets: { applicationsPerWeek: 7 } });
    const notAUri = await run(['config', 'set', 'db.uri', 'localhost']);
    expect(notAUri.stderr).toBe('error: db.uri must start with mongodb:// or mongodb+srv://\n');
  });

  it('refuses internal and unknown keys, naming the ones there are', async () => {
    for (const key of ['session.token', 'colour']) {
      for (const verb of [
        ['get', key],
        ['set', key, 'x'],
        ['unset', key],
      ]) {
        const result = await run(['config', ...verb]);
        expect(result.code).toBe(2);
        expect(result.stderr).toBe(
          `error: KEY: '${key}' is not allowed\n` +
            'hint: use one of: db.uri, date.order, targets.applicationsPerWeek, targets.followUpsPerWeek, remind.via\n',
        );
      }
    }
  });

  it('masks a password, and says when the environment wins and where each value comes from', async () => {
    await run(['config', 'set', 'db.uri', 'mongodb://ada:s3cret@db.example.com/career']);
    expect(JSON.stringify(configFile())).toContain('s3cret');
    const shown = await run(['config', 'get', 'db.uri']);
    expect(shown.stdout).toBe('mongodb://ada:****@db.example.com/career\n');
    expect((await run(['config', 'list'])).stdout).not.toContain('s3cret');

    const env = { CAREER_DB_URI: 'mongodb://bob:hunter2@other/career', CAREER_DATE_ORDER: 'mdy' };
    const listed = jsonOutput<ConfigListJson>(await run(['--json', 'config', 'list'], env));
    expect(listed.map(({ key, value, source }) => ({ key, value, source }))).toEqual([
      { key: 'db.uri', value: 'mongodb://bob:****@other/career', source: 'env:CAREER_DB_URI' },
      { key: 'date.order', value: 'MDY', source: 'env:CAREER_DATE_ORDER' },
      { key: 'targets.applicationsPerWeek', value: 7, source: 'config' },
      { key: 'targets.followUpsPerWeek', value: null, source: 'default' },
      { key: 'remind.via', value: null, source: 'default' },
    ]);
    const human = await run(['config', 'list'], env);
    expect(human.stdout).toContain('date.order                   MDY  (from CAREER_DATE_ORDER)\n');
    expect(human.stdout).toContain('targets.followUpsPerWeek     (not set)\n');
    const overridden = await run(['config', 'set', 'date.order', 'YMD'], env);
    expect(overridden.stderr).toBe(
      'warning: CAREER_DATE_ORDER is set and takes precedence over the config file\n',
    );
  });

  it('unsets a key (back to its default)', async () => {
    const unset = jsonOutput<ConfigGetJson>(await run(['--json', 'config', 'unset', 'date.order']));
    expect(unset).toMatchObject({ key: 'date.order', value: null, source: 'default' });
    const get = await run(['config', 'get', 'date.order']);
    expect(get.stdout).toBe('');
    expect(get.stderr).toBe('date.order is not set\n');
  });
});
