// $lookup with localField/foreignField and a pipeline: the pipeline runs over the matching
// foreign documents only (mingo ran it over the whole foreign collection).
import type { Document } from 'bson';
import { describe, expect, it } from 'vitest';
import { decodeTyped, encode } from '../../src/engine/codec.js';
import { runPipeline, toPlain } from '../../src/engine/query/index.js';

const typed = (doc: Document): Document => decodeTyped(encode(doc));
const jobs = [
  { _id: 1, owner: 'ada', company: 'ACME' },
  { _id: 2, owner: 'ada', company: 'Globex' },
  { _id: 3, owner: 'eve', company: 'EvilCorp' },
].map(typed);
const applications = [
  { _id: 'a', jobId: 2 },
  { _id: 'b', jobId: 3 },
  { _id: 'c', jobId: [1, 2] },
  { _id: 'd' },
].map(typed);
const context = {
  db: 'test',
  resolveCollection: (_db: string, name: string): Document[] => (name === 'jobs' ? jobs : []),
};
const run = (pipeline: Document[]): unknown =>
  toPlain(runPipeline(applications, pipeline.map(typed), context));

describe('$lookup with localField, foreignField and a pipeline', () => {
  it('runs the pipeline over the matching documents only', () => {
    expect(
      run([
        {
          $lookup: {
            from: 'jobs',
            localField: 'jobId',
            foreignField: '_id',
            let: { wanted: 'ada' },
            pipeline: [
              { $match: { $expr: { $eq: ['$owner', '$$wanted'] } } },
              { $project: { _id: 0, company: 1 } },
            ],
            as: 'job',
          },
        },
        { $project: { job: 1 } },
      ]),
    ).toEqual([
      { _id: 'a', job: [{ company: 'Globex' }] },
      { _id: 'b', job: [] },
      { _id: 'c', job: [{ company: 'ACME' }, { company: 'Globex' }] },
      { _id: 'd', job: [] },
    ]);
  });

  it('leaves the plain equality and pipeline-only forms as they were', () => {
    expect(
      run([
        { $match: { _id: 'a' } },
        { $lookup: { from: 'jobs', localField: 'jobId', foreignField: '_id', as: 'job' } },
        {
          $lookup: {
            from: 'jobs',
            pipeline: [{ $match: { owner: 'eve' } }, { $project: { _id: 1 } }],
            as: 'eve',
          },
        },
      ]),
    ).toEqual([
      { _id: 'a', jobId: 2, job: [{ _id: 2, owner: 'ada', company: 'Globex' }], eve: [{ _id: 3 }] },
    ]);
  });
});
