// `career coach` end to end, in this process (test/helpers/in-process.ts): the offline advisor's answer for each intent on a seeded dataset
// whose right answers are known, the stored conversation (history, clear), and the remote
// path against a local HTTP server speaking the chat-completions schema, with its fallback.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CoachAskJson } from '../../src/commands/coach/ask.js';
import type { CoachClearJson } from '../../src/commands/coach/clear.js';
import type { CoachHistoryJson } from '../../src/commands/coach/history.js';
import { seedAccount, type SeededIds } from '../helpers/agenda-dataset.js';
import { isolatedDatabase, type IsolatedDatabase } from '../helpers/database.js';
import {
  inProcessAccount as signedInAccount,
  type InProcessAccount as TestAccount,
} from '../helpers/in-process.js';
import { jsonOutput as json } from '../helpers/json-output.js';
import { removeTempDirs } from '../helpers/temp-dirs.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

type Answer = CoachAskJson;
type StoredMessage = CoachHistoryJson[number];

interface ChatRequest {
  method: string | undefined;
  url: string | undefined;
  authorization: string | undefined;
  body: {
    model: string;
    messages: Array<{ role: string; content: string }>;
  };
}

/** Runs one after the other (in-process runs take turns anyway), in order. */
async function inOrder<T extends unknown[]>(
  runs: [...{ [K in keyof T]: () => Promise<T[K]> }],
): Promise<T> {
  const results: unknown[] = [];
  for (const run of runs as Array<() => Promise<unknown>>) results.push(await run());
  return results as T;
}

let database: IsolatedDatabase;
let ada: TestAccount;
let ids: SeededIds;
let server: Server;
let serverUrl: string;
const requests: ChatRequest[] = [];

const REMOTE_REPLY = 'Remote coach: send two more applications today.';

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (text += chunk));
    request.on('end', () => resolve(text));
    request.on('error', reject);
  });
}

/** A chat-completions server: /v1/chat/completions answers, /broken/... fails with 500. */
function startChatServer(): Promise<Server> {
  const chat = createServer((request, response) => {
    void readBody(request).then((text) => {
      requests.push({
        method: request.method,
        url: request.url,
        authorization: request.headers.authorization,
        body: JSON.parse(text) as ChatRequest['body'],
      });
      if (request.url?.startsWith('/broken/')) {
        response.writeHead(500, { 'content-type': 'application/json' });
        response.end('{"error":{"message":"model crashed"}}');
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          id: 'chatcmpl-1',
          object: 'chat.completion',
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: REMOTE_REPLY },
              finish_reason: 'stop',
            },
          ],
        }),
      );
    });
  });
  return new Promise((resolve) => chat.listen(0, '127.0.0.1', () => resolve(chat)));
}

/** A port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

beforeAll(async () => {
  database = await isolatedDatabase({ transport: 'tcp' });
  server = await startChatServer();
  serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  ada = await signedInAccount('Ada Lovelace', { dbUri: database.uri });
  ids = await seedAccount(ada, database.uri);
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await database?.close();
  removeTempDirs();
});

async function ask(message: string): Promise<Answer> {
  return json<Answer>(await ada.run(['--json', 'coach', message]));
}

/** The numbered items of an answer ("1. [overdue] stalled: ..."), without the number. */
function numbered(reply: string): string[] {
  return reply
    .split('\n')
    .filter((line) => /^\d+\. /.test(line))
    .map((line) => line.replace(/^\d+\. /, ''));
}

describe('career coach (offline)', () => {
  it('answers next steps, follow-ups and stalled applications from the agenda', async () => {
    const [next, followUps, stalled] = await inOrder([
      () => ask('What should I do next?'),
      () => ask('Which follow-ups are due?'),
      () => ask('Are any of my applications stalled?'),
    ]);
    expect(next).toMatchObject({ intent: 'next-steps', advisor: 'offline' });
    expect(numbered(next.reply)).toEqual([
      expect.stringMatching(
        /^\[overdue\] stalled: Platform Engineer at Globex: applied, no activity for 30 days - stalled since/,
      ),
      expect.stringMatching(/^\[overdue\] stalled: SRE at Initech/),
      expect.stringMatching(/^\[overdue\] learning: Finish Rust in Action/),
      expect.stringMatching(/^\[overdue\] follow-up: email with Grace Hopper \(Navy\) - due /),
      expect.stringMatching(/^\[today\] follow-up: call with Alan Turing \(Bletchley\)/),
    ]);
    expect(next.reply).toContain('...and 2 more: see `career agenda`.');
    expect(next.reply).toContain(
      `   next: career apply note ${ids.globexApplication} "Followed up"`,
    );
    expect(next.reply).toContain('2 of 10 applications, 1 of 5 follow-ups.');
    expect(next.reply).toContain('send 8 more applications and do 4 more follow-ups');
    expect(next.reply).toContain('you do not list yet: go (3 jobs)');

    expect(followUps.intent).toBe('follow-ups');
    expect(followUps.reply).toMatch(/^3 follow-ups due in the next 7 days, 1 of them overdue:/);
    expect(numbered(followUps.reply)).toEqual([
      expect.stringMatching(/^\[overdue\] follow-up: email with Grace Hopper/),
      expect.stringMatching(/^\[today\] follow-up: call with Alan Turing/),
      expect.stringMatching(/^\[in 2 days\] follow-up: coffee with Grace Hopper/),
    ]);
    expect(followUps.reply).toContain(`next: career connect followup done ${ids.overdueEmail}`);

    expect(stalled.intent).toBe('stalled');
    expect(stalled.reply).toMatch(/^2 applications had no activity for 14 days or more:/);
    expect(numbered(stalled.reply)).toEqual([
      expect.stringContaining('Platform Engineer at Globex'),
      expect.stringContaining('SRE at Initech'),
    ]);
    expect(stalled.reply).not.toMatch(/Umbrella|Hooli/);
  });

  it('prepares for the next interview, or for the one a message names by company', async () => {
    const [next, named] = await inOrder([
      () => ask('How should I prepare for my interview?'),
      () => ask('Help me prep for hooli'),
    ]);
    expect(next.intent).toBe('interview');
    const lines = next.reply.split('\n');
    // The cancelled video interview tomorrow is skipped: the technical one in 3 days is next.
    expect(lines[0]).toMatch(
      /^Your technical interview for Backend Engineer at ACME is on \d{4}-\d\d-\d\d \d\d:\d\d \(in 3 days\)\.$/,
    );
    expect(next.reply).toContain(
      'About it: Build APIs in Node on MongoDB; we deploy to Kubernetes.',
    );
    expect(next.reply).toContain('It asks for: node, mongodb, kubernetes.');
    expect(next.reply).toContain('Lead with what you have: node.');
    expect(next.reply).toContain('Not in your profile yet: mongodb, kubernetes');
    expect(next.reply).toMatch(
      /- \d{4}-\d\d-\d\d phone \(completed\): Talked about MongoDB sharding/,
    );
    expect(next.reply).toContain('Your notes on it: Referred by Grace');
    expect(next.reply).toContain('- Prepare three or four STAR stories');
    expect(next.reply).toContain('- Practise solving a problem aloud'); // the technical tip
    expect(next.reply).toContain(`career apply show ${ids.acmeApplication}`);

    expect(named.intent).toBe('interview');
    expect(named.reply).toMatch(
      /^Your onsite interview for Data Engineer at Hooli is on .* \(in 10 days\)\./,
    );
    expect(named.reply).toContain('- Plan for several conversations in a row');
    expect(named.reply).toContain(`career apply show ${ids.hooliApplication}`);
  });

  it('ranks skill gaps by how many jobs ask, and reports progress against the targets', async () => {
    const skills = await ask('Which skills am I missing?');
    // Progress comes from stdin, the way a script pipes a message in.
    const piped = await ada.run(['--json', 'coach'], { stdin: 'how am I doing on my targets?\n' });
    expect(skills.intent).toBe('skills');
    expect(skills.reply.split('\n').filter((line) => line.startsWith('- '))).toEqual([
      '- go: 3 jobs ask for it (Hooli, Initech, Globex)',
      '- kubernetes: 3 jobs ask for it (Initech, Globex, ACME)',
      '- terraform: 2 jobs ask for it (Umbrella, Globex); planned in your learning',
      '- mongodb: 1 job asks for it (ACME)',
    ]);
    // rust (in progress), python (completed), node and typescript (profile) are covered.
    expect(skills.reply).not.toMatch(/rust|python|typescript/i);

    const progress = json<Answer>(piped);
    expect(progress).toMatchObject({
      intent: 'progress',
      message: 'how am I doing on my targets?',
    });
    expect(progress.reply).toMatch(
      /^This week \(since Monday \d{4}-\d\d-\d\d\): 2 of 10 applications, 1 of 5 follow-ups\./,
    );
    expect(progress.reply).toContain(
      'Targets: 10 applications a week (goal new-job within 3-months), 5 follow-ups a week (networking high).',
    );
  });

  it('lists what it can do for a greeting, and needs a message without a terminal', async () => {
    const [hello, nothing] = await inOrder([
      () => ada.run(['coach', 'hello', 'there']),
      () => ada.run(['coach']),
    ]);
    expect(hello.code, hello.stderr).toBe(0);
    expect(hello.stdout).toMatch(/^I am your career coach/);
    expect(hello.stdout).toContain('- skill gaps: "which skills am I missing?"');
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('error: no message to send the coach (stdin was empty)');
  });
});

describe('career coach (remote)', () => {
  it('sends the summary, the history and the message, and stores the reply', async () => {
    requests.length = 0;
    const env = {
      CAREER_LLM_URL: `${serverUrl}/v1`,
      CAREER_LLM_MODEL: 'test-model',
      CAREER_LLM_API_KEY: 'sk-test-123',
    };
    const result = await ada.run(['coach', 'What', 'now?'], { env });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe(REMOTE_REPLY);
    expect(result.stderr).toBe('');

    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request).toMatchObject({
      method: 'POST',
      url: '/v1/chat/completions',
      authorization: 'Bearer sk-test-123',
      body: { model: 'test-model' },
    });
    const messages = request?.body.messages ?? [];
    const system = messages[0];
    expect(system?.role).toBe('system');
    const summary = JSON.parse(system?.content.split('User data (JSON): ')[1] ?? '{}') as {
      profile: { goalType: string; skills: string[] };
      counts: { applications: Record<string, number>; openFollowUps: number };
      agenda: Array<{ kind: string; what: string }>;
      skillGaps: Array<{ skill: string; jobsAsking: number }>;
      weeklyTargets: { applications: { target: number; done: number } };
    };
    expect(summary.profile).toMatchObject({ goalType: 'new-job', skills: ['typescript', 'node'] });
    expect(summary.counts.applications).toMatchObject({
      applied: 4,
      interviewing: 3,
      toApply: 1,
      rejected: 1,
    });
    expect(summary.counts.openFollowUps).toBe(4);
    expect(summary.agenda[0]).toMatchObject({ kind: 'stalled' });
    expect(summary.skillGaps[0]).toEqual({ skill: 'go', jobsAsking: 3, goal: false });
    expect(summary.weeklyTargets.applications).toEqual({ target: 10, done: 2 });
    // The earlier (offline) exchanges come before the new message: the last 20 of them.
    // (Some were asked in parallel, so only their set and the alternation are known.)
    const history = messages.slice(1, -1);
    expect(history).toHaveLength(16);
    expect(history.map((message) => message.role)).toEqual(
      Array.from({ length: 8 }, () => ['user', 'assistant']).flat(),
    );
    expect(history).toContainEqual({ role: 'user', content: 'What should I do next?' });
    expect(history).toContainEqual({ role: 'user', content: 'hello there' });
    expect(messages.at(-1)).toEqual({ role: 'user', content: 'What now?' });

    const stored = json<StoredMessage[]>(
      await ada.run(['--json', 'coach', 'history', '--limit', '2']),
    );
    expect(stored).toEqual([
      expect.objectContaining({ sender: 'user', content: 'What now?' }),
      expect.objectContaining({
        sender: 'assistant',
        content: REMOTE_REPLY,
        advisor: 'remote',
        model: 'test-model',
      }),
    ]);
  });

  it('falls back to the offline advisor, with one warning, when the endpoint fails', async () => {
    const port = await closedPort();
    const [failing, unreachable, noModel] = await inOrder([
      () =>
        ada.run(['coach', 'which follow-ups are due?'], {
          env: {
            CAREER_LLM_URL: `${serverUrl}/broken/v1/chat/completions`,
            CAREER_LLM_MODEL: 'test-model',
          },
        }),
      () =>
        ada.run(['--json', 'coach', 'what should I do next?'], {
          env: { CAREER_LLM_URL: `http://127.0.0.1:${port}/v1`, CAREER_LLM_MODEL: 'test-model' },
        }),
      () => ada.run(['coach', 'hi'], { env: { CAREER_LLM_URL: `${serverUrl}/v1` } }),
    ]);
    expect(failing.code, failing.stderr).toBe(0);
    expect(failing.stderr.trim().split('\n')).toEqual([
      `warning: the coach model at ${serverUrl}/broken/v1/chat/completions failed: answered HTTP 500 Internal Server Error: {"error":{"message":"model crashed"}}; answering offline`,
    ]);
    expect(failing.stdout).toMatch(/^3 follow-ups due in the next 7 days/);

    const offline = json<Answer>(unreachable);
    expect(offline).toMatchObject({ advisor: 'offline', intent: 'next-steps' });
    expect(offline.warning).toContain('failed: could not connect (ECONNREFUSED)');
    expect(unreachable.stderr).toContain('could not connect (ECONNREFUSED); answering offline');

    expect(noModel.code).toBe(2);
    expect(noModel.stderr).toContain(
      'error: CAREER_LLM_URL (llm.url) is set but CAREER_LLM_MODEL (llm.model) is not',
    );

    const stored = json<StoredMessage[]>(
      await ada.run(['--json', 'coach', 'history', '--limit', '4']),
    );
    expect(stored.map((message) => [message.sender, message.advisor])).toEqual([
      ['user', undefined],
      ['assistant', 'offline'],
      ['user', undefined],
      ['assistant', 'offline'],
    ]);
  });
});

describe('career coach history and clear', () => {
  it('shows the conversation, and clears it only when confirmed', async () => {
    const [shown, unconfirmed] = await inOrder([
      () => ada.run(['coach', 'history', '--limit', '3']),
      () => ada.run(['coach', 'clear']),
    ]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stderr).toContain('The last 3 of 22 messages');
    expect(shown.stdout).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d {2}coach \(offline\)\n {2}/);
    expect(unconfirmed.code).toBe(2);
    expect(unconfirmed.stderr).toContain('--yes');

    const cleared = json<CoachClearJson>(await ada.run(['--json', 'coach', 'clear', '--yes']));
    expect(cleared).toEqual({ cleared: true, messages: 22 });
    expect(json<StoredMessage[]>(await ada.run(['--json', 'coach', 'history']))).toEqual([]);
  });
});

describe('career coach with the llm.* settings', () => {
  it('asks the model of the config file, the CAREER_LLM_* variables winning over it', async () => {
    requests.length = 0;
    for (const [key, value] of [
      ['llm.url', `${serverUrl}/v1`],
      ['llm.model', 'config-model'],
      ['llm.apiKey', 'sk-config-456'],
    ] as const) {
      const set = await ada.run(['config', 'set', key, value]);
      expect(set.code, set.stderr).toBe(0);
    }
    const fromConfig = await ada.run(['coach', 'hello']);
    expect(fromConfig.code, fromConfig.stderr).toBe(0);
    expect(fromConfig.stdout.trim()).toBe(REMOTE_REPLY);
    const fromEnv = await ada.run(['coach', 'hello again'], {
      env: { CAREER_LLM_MODEL: 'env-model' },
    });
    expect(fromEnv.code, fromEnv.stderr).toBe(0);
    expect(requests.map((request) => [request.body.model, request.authorization])).toEqual([
      ['config-model', 'Bearer sk-config-456'],
      ['env-model', 'Bearer sk-config-456'],
    ]);
    const listed = await ada.run(['config', 'get', 'llm.apiKey']);
    expect(listed.stdout).toBe('********\n');
    for (const key of ['llm.url', 'llm.model', 'llm.apiKey'])
      await ada.run(['config', 'unset', key]);
  });
});
