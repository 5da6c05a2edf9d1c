// The import's batch writer against a real database: a batch's writes are started, not
// awaited, so the next batch is read meanwhile; a batch whose keys may exist must wait for
// the batches before it (`settled`) before it looks them up, or it would insert a second
// record for a key the previous batch is still writing.
import { Types } from 'mongoose';
import { describe, expect, it, vi } from 'vitest';
import type { UserRepositories } from '../../src/repositories/index.js';
import {
  writeBatch,
  type Candidate,
  type RecordKind,
} from '../../src/services/import/batch-writer.js';
import { contactKey } from '../../src/repositories/natural-keys.js';
import { contactKind } from '../../src/services/import/record-kinds.js';
import { useIsolatedRepositories } from '../helpers/suites.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const repositories = useIsolatedRepositories();

function candidate(line: number, title: string): Candidate {
  const fields = { name: 'Ada Lovelace', email: 'ada@example.com', title };
  return { line, key: contactKey(fields), fields, given: Object.keys(fields), noteLines: [] };
}

/** The contact kind, with every lookup noted in `events` (the database is the real one). */
function observedKind(data: UserRepositories, events: string[]): RecordKind {
  const kind = contactKind(data);
  return {
    ...kind,
    lookup: async (candidates) => {
      events.push('lookup');
      return kind.lookup(candidates);
    },
  };
}

describe('import batches', () => {
  it('a batch looks up a key the previous batch wrote only once that batch is written', async () => {
    const data = repositories().forUser(new Types.ObjectId());
    const events: string[] = [];
    const kind = observedKind(data, events);
    const now = new Date();

    const first = await writeBatch(kind, [candidate(2, 'Engineer')], {
      dryRun: false,
      now,
      settled: () => Promise.resolve(),
    });
    expect(first.outcomes.map((outcome) => outcome.kind)).toEqual(['inserted']);
    // Nothing stored could match: the first batch looked nothing up.
    expect(events).toEqual([]);

    // The next batch repeats the key while the first one's writes may still be under way.
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const second = writeBatch(kind, [candidate(3, 'Lead')], {
      dryRun: false,
      now,
      settled: () =>
        gate.then(async () => {
          await first.written;
          events.push('settled');
        }),
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(events).toEqual([]);
    release();
    const written = await second;
    await written.written;
    expect(events).toEqual(['settled', 'lookup']);
    expect(written.outcomes.map((outcome) => outcome.kind)).toEqual(['updated']);

    const stored = await data.contacts.findWhereIn<{ title: string }>('email', ['ada@example.com']);
    expect(stored.map((contact) => contact.title)).toEqual(['Lead']);
  });

  it('a dry run writes nothing, and its outcomes are final at once', async () => {
    const data = repositories().forUser(new Types.ObjectId());
    const kind = contactKind(data);
    const dry = await writeBatch(kind, [candidate(2, 'Engineer'), candidate(3, 'Lead')], {
      dryRun: true,
      now: new Date(),
      settled: () => Promise.resolve(),
    });
    await dry.written;
    expect(dry.outcomes.map((outcome) => outcome.kind)).toEqual(['inserted', 'updated']);
    expect(await data.contacts.findWhereIn('email', ['ada@example.com'])).toEqual([]);
  });
});
