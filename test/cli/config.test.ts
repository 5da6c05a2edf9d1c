// `career config`: the documented settings with their types and allowed values checked on
// set, secrets masked, environment variables winning over the file, and where each value
// comes from; session.token is internal (never listed or set).
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ConfigListJson } from '../../src/commands/config/list.js';
import type { ConfigGetJson } from '../../src/commands/config/get.js';
import { SETTINGS } from '../../src/db/settings.js';
import { inProcessAccount, runInProcess } from '../helpers/in-process.js';
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
      'smtp.url',
      'smtp.from',
      'smtp.password',
      'smtp.timeoutMs',
      'llm.url',
      'llm.model',
      'llm.apiKey',
      'llm.timeoutMs',
      'color',
      'table.layout',
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
            `hint: use one of: ${SETTINGS.map((spec) => spec.key).join(', ')}\n`,
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
      ...SETTINGS.slice(4).map((spec) => ({ key: spec.key, value: null, source: 'default' })),
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

describe('career config: mail, the coach model and secrets', () => {
  const secrets = { smtp: 'mail-Pa55', key: 'sk-live-0123456789' };

  it('checks URLs, addresses and timeouts on set', async () => {
    const http = await run(['config', 'set', 'smtp.url', 'http://mail.example.org']);
    expect(http.code).toBe(2);
    expect(http.stderr).toBe('error: smtp.url must start with smtp:// or smtps://\n');
    const noUrl = await run(['config', 'set', 'llm.url', 'localhost:11434']);
    expect(noUrl.stderr).toBe('error: llm.url must start with http:// or https://\n');
    const sender = await run(['config', 'set', 'smtp.from', 'nobody']);
    expect(sender.stderr).toBe('error: smtp.from must be an address, or a name and <address>\n');
    const timeout = await run(['config', 'set', 'smtp.timeoutMs', '0']);
    expect(timeout.stderr).toBe("error: VALUE must be a whole number from 1 to 600000, not '0'\n");
    expect((await run(['config', 'set', 'smtp.from', 'Career <me@example.org>'])).code).toBe(0);
    expect((await run(['config', 'set', 'llm.timeoutMs', '5000'])).code).toBe(0);
    expect(configFile()).toMatchObject({
      smtp: { from: 'Career <me@example.org>' },
      llm: { timeoutMs: 5000 },
    });
  });

  it('stores secrets 0600 and never shows them: masked in get, list and --json', async () => {
    await run(['config', 'set', 'smtp.url', `smtp://me:${secrets.smtp}@mail.example.org:587`]);
    const key = await runInProcess(['config', 'set', 'llm.apiKey'], {
      home,
      stdin: `${secrets.key}\n`,
    });
    expect(key.stderr).toBe('');
    expect(key.stdout).toBe('✓ Set llm.apiKey to ********\n');
    const password = await run(['--json', 'config', 'set', 'smtp.password', secrets.smtp]);
    expect(jsonOutput<ConfigGetJson>(password)).toMatchObject({ value: '********' });
    expect(configFile()).toMatchObject({
      llm: { apiKey: secrets.key },
      smtp: { password: secrets.smtp },
    });
    expect(statSync(path.join(home, 'config.json')).mode & 0o777).toBe(0o600);

    const outputs = [
      await run(['config', 'list']),
      await run(['--json', 'config', 'list']),
      await run(['config', 'get', 'smtp.url']),
      await run(['config', 'get', 'smtp.password']),
      await run(['--json', 'config', 'get', 'llm.apiKey']),
    ];
    for (const output of outputs) {
      expect(output.stdout + output.stderr).not.toContain(secrets.smtp);
      expect(output.stdout + output.stderr).not.toContain(secrets.key);
    }
    expect(outputs[2]?.stdout).toBe('smtp://me:****@mail.example.org:587\n');
    expect(outputs[3]?.stdout).toBe('********\n');
    expect(outputs[0]?.stdout).toContain(
      'llm.apiKey                   ********  (from the config file)\n',
    );

    const env = {
      CAREER_SMTP_PASSWORD: 'from-env-pw',
      CAREER_LLM_URL: 'http://u:envpw@llm.local/v1',
    };
    const listed = jsonOutput<ConfigListJson>(await run(['--json', 'config', 'list'], env));
    expect(listed.find((each) => each.key === 'smtp.password')).toMatchObject({
      value: '********',
      source: 'env:CAREER_SMTP_PASSWORD',
    });
    expect(listed.find((each) => each.key === 'llm.url')).toMatchObject({
      value: 'http://u:****@llm.local/v1',
      source: 'env:CAREER_LLM_URL',
    });
    expect(JSON.stringify(listed)).not.toContain('envpw');
  });

  it('asks for a left-out value only for a secret, and refuses an empty one', async () => {
    const notSecret = await run(['config', 'set', 'date.order']);
    expect(notSecret.code).toBe(2);
    expect(notSecret.stderr).toContain('error: missing the value of date.order');
    const empty = await runInProcess(['config', 'set', 'smtp.password'], { home, stdin: '' });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toBe('error: smtp.password cannot be empty\n');
  });
});

describe('career config: color and table.layout take effect', () => {
  const ESC = '\u001b[';

  it('color=always colours a pipe, never keeps a terminal plain, NO_COLOR still wins', async () => {
    const colourHome = makeTempDir('career-colour-');
    const runHere = (
      args: string[],
      options: { env?: Record<string, string>; tty?: boolean } = {},
    ) => runInProcess(args, { home: colourHome, ...options });
    expect((await runHere(['config', 'set', 'color', 'Always'])).code).toBe(0);
    const piped = await runHere(['config', 'set', 'date.order', 'dmy'], { env: { NO_COLOR: '' } });
    expect(piped.stdout).toContain(ESC);
    const optedOut = await runHere(['config', 'set', 'date.order', 'dmy'], {
      env: { NO_COLOR: '1' },
    });
    expect(optedOut.stdout).not.toContain(ESC);
    await runHere(['config', 'set', 'color', 'never']);
    const terminal = await runHere(['config', 'set', 'date.order', 'dmy'], {
      env: { NO_COLOR: '' },
      tty: true,
    });
    expect(terminal.stdout).toBe('✓ Set date.order to DMY\n');
    const forced = await runHere(['config', 'set', 'date.order', 'dmy'], {
      env: { NO_COLOR: '', FORCE_COLOR: '1' },
    });
    expect(forced.stdout).toContain(ESC);
  });

  it('table.layout=wide shows every column whole at a narrow terminal', async () => {
    const user = await inProcessAccount('Tables');
    const title = 'Principal Distributed Systems Engineer, Storage and Replication';
    await user.run(['job', 'add', '--company', 'Initech', '--title', title]);
    const fitted = await user.run(['job', 'list'], { tty: true, columns: 60 });
    expect(fitted.stdout).not.toContain(title);
    expect(fitted.stdout).toContain('…');
    await runInProcess(['config', 'set', 'table.layout', 'wide'], { home: user.home });
    const wide = await user.run(['job', 'list'], { tty: true, columns: 60 });
    expect(wide.stdout).toContain(title);
  });
});
