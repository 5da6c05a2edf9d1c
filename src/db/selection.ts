// `career db use`: remembers which database to use in the config file. Environment
// variables still win over the file, so say so when one of them is set.
import { CareerConfig } from './config.js';
import { careerPaths } from './paths.js';
import { isMongoUri, redactUri } from './uri.js';
import { UsageError } from '../domain/errors.js';

export interface DatabaseSelection {
  /** The remembered URI, redacted; undefined for the embedded database. */
  location: string | undefined;
  configFile: string;
  /** An environment variable that overrides the saved choice, if one is set. */
  overriddenBy: 'CAREER_DB_URI' | 'MONGODB_URI' | undefined;
}

function overridingVariable(env: NodeJS.ProcessEnv): DatabaseSelection['overriddenBy'] {
  if (env.CAREER_DB_URI) return 'CAREER_DB_URI';
  if (env.MONGODB_URI) return 'MONGODB_URI';
  return undefined;
}

/** Saves `uri` as db.uri, or removes db.uri (back to the embedded engine) when undefined. */
export function selectDatabase(
  uri: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): DatabaseSelection {
  if (uri !== undefined && !isMongoUri(uri)) {
    throw new UsageError(`not a MongoDB connection string: ${redactUri(uri)}`, {
      hint: 'it must start with mongodb:// or mongodb+srv://',
    });
  }
  const config = new CareerConfig(careerPaths(env));
  if (uri === undefined) config.unset('db.uri');
  else config.set('db.uri', uri);
  return {
    location: uri === undefined ? undefined : redactUri(uri),
    configFile: config.path,
    overriddenBy: overridingVariable(env),
  };
}
