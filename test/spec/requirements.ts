// runOnRequirements: which deployments a test file or test applies to.
import type { MongoClient } from 'mongodb';
import { scalarsEqual } from './matcher.js';
import { asDocument, describe, type Document, RunnerError } from './values.js';

export type Topology = 'single' | 'replicaset' | 'sharded' | 'load-balanced';

export interface Deployment {
  version: number[];
  versionText: string;
  topology: Topology;
  auth: boolean;
  /**
   * Topologies whose tests run although the server is not one: for the embedded engine,
   * 'replicaset' (it is meant to become one; its tests count as failures until then, not skips).
   */
  alsoRunsFor: readonly Topology[];
  /** Fetched lazily: most files never ask, and the engine may not implement getParameter. */
  serverParameter(name: string): Promise<unknown>;
}

export async function describeDeployment(
  client: MongoClient,
  uri: string,
  alsoRunsFor: readonly Topology[] = [],
): Promise<Deployment> {
  const admin = client.db('admin');
  const buildInfo = await admin.command({ buildInfo: 1 });
  // The spec: compare the first three elements of versionArray, not the version string.
  const versionText = Array.isArray(buildInfo.versionArray)
    ? buildInfo.versionArray.slice(0, 3).map(Number).join('.')
    : typeof buildInfo.version === 'string'
      ? buildInfo.version
      : '0.0.0';
  const hello = await admin.command({ hello: 1 });
  let topology: Topology = 'single';
  if (hello.msg === 'isdbgrid') topology = 'sharded';
  else if (typeof hello.setName === 'string') topology = 'replicaset';
  else if (hello.serviceId !== undefined) topology = 'load-balanced';

  let parameters: Promise<Document> | undefined;
  const serverParameter = async (name: string): Promise<unknown> => {
    parameters ??= admin.command({ getParameter: '*' }).catch(() => ({}));
    return (await parameters)[name];
  };
  return {
    version: parseVersion(versionText),
    versionText,
    topology,
    alsoRunsFor,
    auth: /^mongodb(\+srv)?:\/\/[^/]*@/.test(uri),
    serverParameter,
  };
}

export function parseVersion(text: string): number[] {
  const parts = text
    .split(/[.-]/)
    .slice(0, 3)
    .map((part) => Number.parseInt(part, 10) || 0);
  while (parts.length < 3) parts.push(0);
  return parts;
}

function compareVersions(a: number[], b: number[]): number {
  for (let index = 0; index < 3; index++) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/**
 * Returns undefined when at least one requirement is satisfied (or none are given), otherwise a
 * reason for skipping.
 */
export async function unmetRequirements(
  requirements: unknown,
  deployment: Deployment,
): Promise<string | undefined> {
  if (requirements === undefined) return undefined;
  if (!Array.isArray(requirements)) throw new RunnerError('runOnRequirements must be an array');
  if (requirements.length === 0) return undefined;
  const reasons: string[] = [];
  for (const requirement of requirements) {
    const reason = await unmetRequirement(asDocument(requirement, 'runOnRequirement'), deployment);
    if (reason === undefined) return undefined;
    reasons.push(reason);
  }
  return reasons.join('; ');
}

async function unmetRequirement(
  requirement: Document,
  deployment: Deployment,
): Promise<string | undefined> {
  const { minServerVersion, maxServerVersion, topologies, serverless, auth, csfle } = requirement;
  if (typeof minServerVersion === 'string') {
    if (compareVersions(deployment.version, parseVersion(minServerVersion)) < 0) {
      return `needs server >= ${minServerVersion} (have ${deployment.versionText})`;
    }
  }
  if (typeof maxServerVersion === 'string') {
    if (compareVersions(deployment.version, parseVersion(maxServerVersion)) > 0) {
      return `needs server <= ${maxServerVersion} (have ${deployment.versionText})`;
    }
  }
  if (Array.isArray(topologies)) {
    // 'sharded-replicaset' is the older name for a sharded cluster whose shards are replica sets.
    const accepted = topologies.map((topology) =>
      topology === 'sharded-replicaset' ? 'sharded' : topology,
    );
    const runs = [deployment.topology, ...deployment.alsoRunsFor];
    if (!accepted.some((topology) => runs.includes(topology as Topology))) {
      return `needs topology ${topologies.join('/')} (have ${deployment.topology})`;
    }
  }
  // This runner never targets Atlas Serverless.
  if (serverless === 'require') return 'needs serverless';
  if (typeof auth === 'boolean' && auth !== deployment.auth) {
    return auth ? 'needs authentication' : 'needs authentication disabled';
  }
  // The runner has no client-side encryption support.
  if (csfle === true) return 'needs CSFLE';
  if (requirement.authMechanism !== undefined) return 'needs a specific auth mechanism';
  if (requirement.serverParameters !== undefined) {
    const wanted = asDocument(requirement.serverParameters, 'serverParameters');
    for (const [name, value] of Object.entries(wanted)) {
      const actual = await deployment.serverParameter(name);
      if (actual === undefined || !scalarsEqual(value, actual)) {
        return `needs server parameter ${name}=${describe(value)} (have ${describe(actual)})`;
      }
    }
  }
  return undefined;
}
