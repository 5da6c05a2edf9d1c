// Starting the engine's worker threads (the engine's own thread, the pipeline thread). Their
// modules are beside this one when running from source, loaded through tsx as the parent is;
// in the bundle (dist/) each is its own entry point, engine/NAME.cjs under the bundle's root,
// while this code sits in the CLI's bundle in main/ or in engine/ (on the engine thread).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

function workerUrl(name: string, what: string): URL {
  const candidates = import.meta.url.endsWith('.ts')
    ? [`./${name}.ts`]
    : [`../engine/${name}.cjs`, `./${name}.cjs`];
  for (const candidate of candidates) {
    const url = new URL(candidate, import.meta.url);
    if (existsSync(fileURLToPath(url))) return url;
  }
  throw new Error(`${what}'s module is missing (looked for ${candidates.join(', ')})`);
}

/** Starts the worker `name` (thread-worker, pipeline-worker); `what` names it in errors. */
export function startWorkerThread(name: string, what: string, options: WorkerOptions): Worker {
  const url = workerUrl(name, what);
  if (!url.pathname.endsWith('.ts')) return new Worker(url, options);
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(boot, { ...options, eval: true });
}
