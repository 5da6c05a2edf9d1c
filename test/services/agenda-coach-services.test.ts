// The rules behind the agenda and the coach, in-process: the targets table and its
// fallbacks, the ISO week, intent keywords, skill-gap ranking, the chat-completions client's
// URL handling and failures (against a local HTTP server), and the conversation repository.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { recogniseIntent } from '../../src/services/coach/intents.js';
import {
  askRemote,
  chatCompletionsUrl,
  RemoteAdvisorError,
  remoteSettingsFromEnv,
  type RemoteSettings,
} from '../../src/services/coach/remote-client.js';
import { mentions, skillGaps } from '../../src/services/coach/skill-gaps.js';
import { compareUrgency, endOfDay, type AgendaItem } from '../../src/services/agenda-service.js';
import { startOfWeek, weeklyTargets } from '../../src/services/targets-service.js';
import { withWorkspace } from '../../src/services/workspace.js';
import { UsageError } from '../../src/domain/errors.js';
import { useIsolatedDatabase } from '../helpers/suites.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

describe('weekly targets', () => {
  it('follows the documented tables', () => {
    const expected: Array<[string, string, number]> = [
      ['new-job', '3-months', 10],
      ['new-job', '6-months', 5],
      ['new-job', '1-year', 3],
      ['promotion', '3-months', 2],
      ['promotion', '6-months', 1],
      ['promotion', '1-year', 1],
      ['skill-development', '3-months', 1],
      ['skill-development', '6-months', 1],
      ['skill-development', '1-year', 0],
    ];
    for (const [goalType, timeframe, perWeek] of expected) {
      const targets = weeklyTargets({
        goalType: goalType as 'new-job',
        timeframe: timeframe as '1-year',
        networkingIntensity: 'low',
      });
      expect(targets.applications).toMatchObject({ perWeek, source: 'profile' });
    }
    const follow = (networkingIntensity: 'low' | 'moderate' | 'high') =>
      weeklyTargets({ networkingIntensity }).followUps.perWeek;
    expect([follow('low'), follow('moderate'), follow('high')]).toEqual([1, 3, 5]);
  });

  it('falls back field by field to new-job, 6-months and moderate; overrides win', () => {
    expect(weeklyTargets({ goalType: 'promotion' })).toMatchObject({
      applications: {
        perWeek: 1,
        source: 'default',
        reason: expect.stringContaining('no timeframe'),
      },
      followUps: { perWeek: 3, source: 'default' },
    });
    const overridden = weeklyTargets(
      { goalType: 'promotion', timeframe: '1-year', networkingIntensity: 'high' },
      { applicationsPerWeek: 0, followUpsPerWeek: 7 },
    );
    expect(overridden.applications).toMatchObject({ perWeek: 0, source: 'config' });
    expect(overridden.followUps).toMatchObject({ perWeek: 7, source: 'config' });
  });

  it('starts the week on Monday at midnight, local time', () => {
    // 2026-03-01 is a Sunday, 2026-03-02 a Monday.
    expect(startOfWeek(new Date(2026, 2, 1, 23, 59))).toEqual(new Date(2026, 1, 23));
    expect(startOfWeek(new Date(2026, 2, 2, 0, 0))).toEqual(new Date(2026, 2, 2));
    expect(startOfWeek(new Date(2026, 2, 4, 15, 0))).toEqual(new Date(2026, 2, 2));
    expect(endOfDay(new Date(2026, 2, 4, 15, 0), 1)).toEqual(new Date(2026, 2, 5, 23, 59, 59, 999));
  });

  it('orders agenda items overdue first, then soonest, then by kind', () => {
    const item = (kind: AgendaItem['kind'], due: number, id: string): AgendaItem => ({
      kind,
      due: new Date(due),
      overdue: false,
      dueToday: false,
      what: '',
      id,
      refs: {},
      command: '',
    });
    const sorted = [
      item('learning', 5, 'a'),
      item('interview', 5, 'b'),
      item('follow-up', 9, 'c'),
      item('stalled', 1, 'd'),
    ].sort(compareUrgency);
    expect(sorted.map((each) => each.id)).toEqual(['d', 'b', 'a', 'c']);
  });
});

describe('coach intents', () => {
  it('recognises each intent, the earlier one in the table winning', () => {
    const cases: Array<[string, string]> = [
      ['How do I prepare for the Globex interview?', 'interview'],
      ['Which applications are stalled?', 'stalled'],
      ['I have not heard back from anyone', 'stalled'],
      ['Who should I follow up with this week?', 'follow-ups'],
      ['What should I learn next?', 'skills'],
      ['Which skills am I missing?', 'skills'],
      ['How am I doing?', 'progress'],
      ['Am I on track with my targets?', 'progress'],
      ['What should I do next?', 'next-steps'],
      ["What's on my agenda today", 'next-steps'],
      ['hello', 'help'],
      ['tell me a joke', 'help'],
    ];
    for (const [message, intent] of cases)
      expect([message, recogniseIntent(message)]).toEqual([message, intent]);
  });
});

describe('skill gaps', () => {
  it('counts tags and known skills in descriptions, leaving out what is covered', () => {
    expect(mentions('Experience with Node.js and C++ required', 'c++')).toBe(true);
    expect(mentions('Experience with Node.js', 'node.js')).toBe(true);
    expect(mentions('Golang and Google', 'go')).toBe(false);
    const gaps = skillGaps({
      jobs: [
        { company: 'A', tags: ['Kubernetes', 'sql'], description: 'We also use Terraform.' },
        { company: 'B', tags: ['kubernetes'] },
        { company: 'C', tags: ['SQL', 'leadership'] },
      ],
      goalType: 'promotion',
      profileSkills: ['sql'],
      learnedSkills: ['mentoring'],
      plannedSkills: ['terraform'],
    });
    expect(gaps).toEqual([
      { skill: 'Kubernetes', jobs: 2, companies: ['A', 'B'], goal: false, planned: false },
      { skill: 'leadership', jobs: 1, companies: ['C'], goal: true, planned: false },
      { skill: 'terraform', jobs: 1, companies: ['A'], goal: false, planned: true },
      { skill: 'communication', jobs: 0, companies: [], goal: true, planned: false },
    ]);
  });
});

describe('chat-completions client', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        if (request.url === '/slow/chat/completions') return; // never answers
        if (request.url === '/text/chat/completions') {
          response.writeHead(200, { 'content-type': 'text/plain' });
          response.end('hello, not JSON');
          return;
        }
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ choices: [] }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('accepts a base URL, a bare host or the full chat-completions URL', () => {
    expect(chatCompletionsUrl('http://localhost:11434/v1').toString()).toBe(
      'http://localhost:11434/v1/chat/completions',
    );
    expect(chatCompletionsUrl('http://localhost:11434/v1/').toString()).toBe(
      'http://localhost:11434/v1/chat/completions',
    );
    expect(chatCompletionsUrl('https://api.example.com/v1/chat/completions').toString()).toBe(
      'https://api.example.com/v1/chat/completions',
    );
    expect(chatCompletionsUrl('http://localhost:11434').toString()).toBe(
      'http://localhost:11434/v1/chat/completions',
    );
    expect(() => chatCompletionsUrl('localhost:11434')).toThrow(UsageError);
  });

  it('reads its settings from the environment, hiding credentials in the shown URL', () => {
    expect(remoteSettingsFromEnv({})).toBeUndefined();
    expect(
      remoteSettingsFromEnv({
        CAREER_LLM_URL: 'http://user:secret@host:8080/v1?key=abc',
        CAREER_LLM_MODEL: 'm',
        CAREER_LLM_TIMEOUT_MS: '500',
      }),
    ).toEqual({
      endpoint: 'http://user:secret@host:8080/v1/chat/completions?key=abc',
      shownEndpoint: 'http://host:8080/v1/chat/completions',
      model: 'm',
      timeoutMs: 500,
    });
    expect(() => remoteSettingsFromEnv({ CAREER_LLM_URL: 'http://host/v1' })).toThrow(
      /CAREER_LLM_MODEL/,
    );
    expect(() =>
      remoteSettingsFromEnv({
        CAREER_LLM_URL: 'http://host/v1',
        CAREER_LLM_MODEL: 'm',
        CAREER_LLM_TIMEOUT_MS: 'soon',
      }),
    ).toThrow(/CAREER_LLM_TIMEOUT_MS/);
  });

  it('says why an answer is unusable: timeout, malformed JSON, no reply', async () => {
    const settings = (path: string, timeoutMs = 5000): RemoteSettings => ({
      endpoint: `${base}${path}/chat/completions`,
      shownEndpoint: base,
      model: 'm',
      timeoutMs,
    });
    const reason = async (path: string, timeoutMs?: number) => {
      const error: unknown = await askRemote(settings(path, timeoutMs), [
        { role: 'user', content: 'hi' },
      ]).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(RemoteAdvisorError);
      return (error as RemoteAdvisorError).reason;
    };
    expect(await reason('/slow', 200)).toBe('no answer within 200 ms');
    expect(await reason('/text')).toBe('answered with malformed JSON');
    expect(await reason('/empty')).toBe('answered without a reply (no choices[0].message.content)');
  });
});

describe('conversation repository', () => {
  const database = useIsolatedDatabase('career-coach-svc-');

  it('appends exchanges to one document per user, reads the latest, counts and clears', async () => {
    await withWorkspace({ dbUri: database().uri }, async ({ repositories }) => {
      const make = (name: string) =>
        repositories.users.create({
          name,
          email: `${name.toLowerCase()}@example.com`,
          passwordHash: 'not-a-real-hash',
        });
      const [ada, eve] = [await make('Ada'), await make('Eve')];
      const mine = repositories.forUser(ada._id).conversations;
      const theirs = repositories.forUser(eve._id).conversations;
      const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 9, minute));
      // Appends in parallel: each is one atomic $push, none is lost.
      await Promise.all(
        [1, 2, 3].map((n) =>
          mine.append([
            { sender: 'user', content: `question ${n}`, timestamp: at(n) },
            { sender: 'assistant', content: `answer ${n}`, timestamp: at(n), advisor: 'offline' },
          ]),
        ),
      );
      await theirs.append([{ sender: 'user', content: 'not yours', timestamp: at(9) }]);
      expect(await mine.countMessages()).toBe(6);
      const recent = await mine.recentMessages(2);
      expect(recent).toHaveLength(2);
      expect(recent.map((message) => message.sender)).toEqual(['user', 'assistant']);
      expect(recent[1]).toMatchObject({ advisor: 'offline' });
      expect(await mine.recentMessages(100)).toHaveLength(6);
      expect(await mine.clear()).toBe(6);
      expect(await mine.recentMessages(5)).toEqual([]);
      expect(await theirs.countMessages()).toBe(1);
    });
  });
});
