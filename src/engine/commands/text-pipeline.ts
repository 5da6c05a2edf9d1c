// {$meta: "textScore"} in aggregate: the leading $match's $text gives each input document its
// score, carried through the stages (run by mingo) in a field of the engine's own: $meta
// expressions read it, a $meta sort orders by it (highest first), an inclusion $project keeps
// it, and a last $unset drops it. mongod's rules: $text only in the first stage (17313), and a
// score asked for without one fails (40218).
import type { Document } from 'bson';
import { MongoServerError } from '../errors.js';
import { isPlainObject } from '../query/plain.js';
import { hasTextOperator, isTextScoreMeta, noTextScore } from '../query/text-meta.js';

export const TEXT_SCORE_FIELD = '__engineTextScore';

/** $match with $text anywhere but first is refused, as mongod refuses it. */
export function checkTextStageFirst(stages: readonly Document[]): void {
  stages.forEach((stage, at) => {
    if (at > 0 && isPlainObject(stage.$match) && hasTextOperator(stage.$match)) {
      throw new MongoServerError(
        17313,
        '$match with $text is only allowed as the first pipeline stage',
      );
    }
  });
}

function usesTextScore(value: unknown): boolean {
  if (isTextScoreMeta(value)) return true;
  if (Array.isArray(value)) return value.some(usesTextScore);
  return isPlainObject(value) && Object.values(value).some(usesTextScore);
}

function rewriteSort(sort: Record<string, unknown>): Document {
  return Object.fromEntries(
    Object.entries(sort).map(([field, spec]) =>
      isTextScoreMeta(spec) ? [TEXT_SCORE_FIELD, -1] : [field, spec],
    ),
  );
}

/** Whether a $project keeps only what it names (then it must name the score's field too). */
function isInclusion(projection: Record<string, unknown>): boolean {
  return Object.entries(projection).some(
    ([field, value]) => field !== '_id' && value !== 0 && value !== false,
  );
}

function rewrite(value: unknown): unknown {
  if (isTextScoreMeta(value)) return `$${TEXT_SCORE_FIELD}`;
  if (Array.isArray(value)) return value.map(rewrite);
  if (!isPlainObject(value)) return value;
  const out: Document = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === '$sort' && isPlainObject(item)) out[key] = rewriteSort(item);
    else if (key === '$project' && isPlainObject(item) && isInclusion(item)) {
      out[key] = { ...(rewrite(item) as Document), [TEXT_SCORE_FIELD]: 1 };
    } else out[key] = rewrite(item);
  }
  return out;
}

/** The stages to run: unchanged when no stage asks for the score. */
export function textScoreStages(stages: Document[], withText: boolean): Document[] {
  if (!stages.some(usesTextScore))
    return withText ? [...stages, { $unset: TEXT_SCORE_FIELD }] : stages;
  if (!withText) throw noTextScore();
  return [...stages.map((stage) => rewrite(stage) as Document), { $unset: TEXT_SCORE_FIELD }];
}
