// MongoDB's 16 MB limit on one document, met by writes of user text (apply note, the coach's
// conversation): a usage error (exit 2) saying so, and the record left as it was, whether the
// update itself is too large to send or only its result would be.
import { describe, expect, it, vi } from 'vitest';
import { wordError } from '../../src/commands/error-wording.js';
import type { UserRepositories } from '../../src/repositories/index.js';
import { addApplication, addNote } from '../../src/services/application-service.js';
import { appendExchange } from '../../src/services/coach/conversation.js';
import { withWorkspace } from '../../src/services/workspace.js';
import { reportError } from '../../src/ui/report-error.js';
import { testIo } from '../helpers/io.js';
import { UsageError } from '../../src/domain/errors.js';
import { useIsolatedDatabase } from '../helpers/suites.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const MB = 1024 * 1024;
const database = useIsolatedDatabase('career-limit-');

let counter = 0;

function withUser(work: (data: UserRepositories) => Promise<void>): Promise<void> {
  return withWorkspace({ dbUri: database().uri }, async ({ repositories }) => {
    const user = await repositories.users.create({
      name: 'Ada',
      email: `ada${++counter}@example.com`,
      passwordHash: 'not-a-real-hash',
    });
    await work(repositories.forUser(user._id));
  });
}

async function usageError(promise: Promise<unknown>): Promise<UsageError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(UsageError);
  expect((error as UsageError).exitCode).toBe(2);
  return error as UsageError;
}

describe("MongoDB's 16 MB limit on one record", () => {
  it('apply note: a note that would take the application past 16 MB is a usage error', async () => {
    await withUser(async (data) => {
      const { application } = await addApplication(data, { company: 'ACME', title: 'Dev' });
      const id = application._id.toHexString();
      await addNote(data, id, 'a'.repeat(9 * MB));
      const stored = async () => (await data.applications.findById(application._id))?.notes;
      const before = await stored();
      expect(before?.length).toBeGreaterThan(9 * MB);

      // 9 MB more: the update itself (the whole new notes) is over the limit.
      const tooBigToSend = await usageError(addNote(data, id, 'b'.repeat(9 * MB)));
      expect(tooBigToSend.message).toBe(
        "this change would make the application larger than MongoDB's 16 MB limit for one record; nothing was changed",
      );
      // 7.5 MB more: the update can be sent, the database refuses its result (10334).
      const refused = await usageError(addNote(data, id, 'c'.repeat(7.5 * MB)));
      expect(refused.message).toBe(tooBigToSend.message);
      expect(await stored()).toBe(before);

      // One line for the user, exit code 2.
      const terminal = testIo();
      expect(reportError(refused, { debug: false, io: terminal.io })).toBe(2);
      expect(terminal.stderr()).toMatch(/^error: this change would make/);
    });
  });

  it("the coach's conversation: an exchange past 16 MB says how to start a new one", async () => {
    await withUser(async (data) => {
      const message = (content: string) => ({
        sender: 'user' as const,
        content,
        timestamp: new Date(),
      });
      await appendExchange(data, [message('a'.repeat(9 * MB))]);
      const error = await usageError(appendExchange(data, [message('b'.repeat(8 * MB))]));
      expect(error.message).toContain('the conversation larger than');
      expect(wordError(error, ['coach', 'ask']).hint).toBe(
        'start a new conversation with `career coach clear`',
      );
      expect(await data.conversations.countMessages()).toBe(1);
      // The database layer names no command: the coach's service adds that hint.
      const below = await usageError(data.conversations.append([message('c'.repeat(8 * MB))]));
      expect(below.message).toBe(error.message);
      expect(below.hint).toBe('shorten the text: the notes and lists of one record count together');
    });
  });

  it('a write the models did not see is still reported as the limit, exit 2', () => {
    const terminal = testIo();
    const server = Object.assign(new Error('object to insert too large'), { code: 10334 });
    expect(reportError(server, { debug: false, io: terminal.io })).toBe(2);
    expect(terminal.stderr()).toContain("MongoDB's 16 MB limit");
    // In the very words (and hint) of a write the models saw.
    expect(terminal.stderr()).toBe(
      "error: this change would make a record larger than MongoDB's 16 MB limit for one record; nothing was changed\n" +
        'hint: shorten the text: the notes and lists of one record count together\n',
    );
  });
});
