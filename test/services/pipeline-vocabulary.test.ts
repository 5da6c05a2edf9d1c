// The pipeline vocabulary (src/domain/pipeline.ts) and the repository pipelines that count
// with it agree: sent, the funnel stages reached, stalled; and a record holding null in an
// optional field (stored data can: an import or a restore) is read as if it were absent.
import { describe, expect, it, vi } from 'vitest';
import {
  APPLICATION_STATUSES,
  FUNNEL_STAGES,
  isSent,
  STAGE_REACHED,
  WAITING_STATUSES,
} from '../../src/domain/pipeline.js';
import type { UserRepositories } from '../../src/repositories/index.js';
import { calendarEvents } from '../../src/services/calendar-service.js';
import { withWorkspace } from '../../src/services/workspace.js';
import { useIsolatedDatabase } from '../helpers/suites.js';

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const database = useIsolatedDatabase('career-pipeline-');

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

const DAY_MS = 24 * 3600 * 1000;

describe('the pipeline vocabulary', () => {
  it('says what sent means: everything after toApply', () => {
    expect(APPLICATION_STATUSES.filter(isSent)).toEqual([
      'applied',
      'interviewing',
      'offer',
      'rejected',
    ]);
    expect(isSent('toApply')).toBe(false);
    expect(isSent('not-a-status')).toBe(false);
  });

  it('counts as the repository pipelines count: sent, stalled, the funnel', async () => {
    await withUser(async (data) => {
      const old = new Date(Date.now() - 60 * DAY_MS);
      for (const status of APPLICATION_STATUSES) {
        const job = await data.jobs.create({ company: `Co ${status}`, title: 'Engineer' });
        // Undated, so only the status history decides the funnel stage reached.
        const created = await data.applications.create({
          jobId: job._id,
          status,
          statusHistory: [{ status, at: old }],
        });
        expect(created.status).toBe(status);
      }
      const funnel = await data.applications.funnelCounts();
      for (const [index, stage] of FUNNEL_STAGES.entries()) {
        const reaching = APPLICATION_STATUSES.filter(
          (status) => FUNNEL_STAGES.indexOf(STAGE_REACHED[status]) >= index,
        );
        expect(funnel[stage], stage).toBe(reaching.length);
      }
      // The same, spelled out: a rejected application was applied for.
      expect(funnel).toEqual({ toApply: 5, applied: 4, interviewing: 2, offer: 1, rejected: 1 });

      const all = await data.applications.findAll({});
      for (const application of all) {
        await data.applications.update(application._id, { applicationDate: old });
      }
      const sent = await data.applications.countSentBetween(new Date(0), new Date());
      expect(sent).toBe(APPLICATION_STATUSES.filter(isSent).length);

      // update() touched updatedAt: nothing has stalled as of now, all waiting ones have a
      // day from now.
      expect(await data.applications.stalledSince(new Date(Date.now() - DAY_MS))).toEqual([]);
      const stalled = await data.applications.stalledSince(new Date(Date.now() + DAY_MS));
      expect(stalled.map((application) => application.status).sort()).toEqual(
        [...WAITING_STATUSES].sort(),
      );
    });
  });
});

describe('optional fields stored as null', () => {
  it('an interview with null notes still makes a calendar event', async () => {
    await withUser(async (data) => {
      const job = await data.jobs.create({ company: 'Acme', title: 'Engineer' });
      const application = await data.applications.create({ jobId: job._id, status: 'applied' });
      const date = new Date(Date.now() + DAY_MS);
      await data.applications.pushInterview(application._id, {
        date,
        status: 'scheduled',
        notes: null,
        type: null,
      });
      const events = await calendarEvents(data, 7);
      expect(events).toHaveLength(1);
      expect(events[0]?.description).toBe(
        `Status: scheduled\n\nSee it with: career apply show ${application._id.toHexString()}`,
      );
    });
  });
});
