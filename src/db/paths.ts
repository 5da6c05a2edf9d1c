// Where career keeps its files. CAREER_HOME relocates all of them (tests and
// portable installs rely on nothing being written to the real home directory then).
import path from 'node:path';
import envPaths from 'env-paths';

export interface CareerPaths {
  /** The resolved CAREER_HOME, when it is set. */
  home: string | undefined;
  /** The embedded engine's data directory. */
  dataDir: string;
  /** Holds config.json (db.uri, session). */
  configDir: string;
  /** Default destination of backups. */
  backupDir: string;
  /** Files only start-up reads, rebuilt when missing (V8's code cache of the bundle). */
  cacheDir: string;
}

export function careerPaths(env: NodeJS.ProcessEnv = process.env): CareerPaths {
  const careerHome = env.CAREER_HOME;
  if (careerHome !== undefined && careerHome !== '') {
    const home = path.resolve(careerHome);
    return {
      home,
      dataDir: path.join(home, 'data'),
      configDir: home,
      backupDir: path.join(home, 'backups'),
      cacheDir: path.join(home, 'cache'),
    };
  }
  const system = envPaths('career', { suffix: '' });
  return {
    home: undefined,
    dataDir: system.data,
    configDir: system.config,
    backupDir: path.join(system.data, 'backups'),
    cacheDir: system.cache,
  };
}
