// Desktop notifications: `notify-send` (libnotify, Linux and the BSDs) or `osascript` (macOS),
// found on PATH, run with the text as arguments (never through a shell, so no quoting can go
// wrong). Text from data is escaped first (control characters shown as \x1b...) and, for
// notify-send, whose body may be read as markup, `&`, `<` and `>` become entities.
import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { printable } from './printable.js';

export type NotifierName = 'notify-send' | 'osascript';

export interface Notifier {
  name: NotifierName;
  /** The executable found on PATH. */
  file: string;
}

export interface Notification {
  title: string;
  body: string;
}

type Environment = Readonly<Record<string, string | undefined>>;

/** A notifier refused or failed to show a notification. */
export class NotificationFailed extends Error {}

/** How long a notifier may take before it is stopped (a stuck D-Bus must not hang cron). */
const NOTIFY_TIMEOUT_MS = 10_000;

function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The executable `name` on `env`'s PATH (absolute entries only), if any. */
export function onPath(name: string, env: Environment): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!path.isAbsolute(dir)) continue;
    const file = path.join(dir, name);
    if (isExecutableFile(file)) return file;
  }
  return undefined;
}

/** The platform's notifier, when it is on PATH. */
export function findNotifier(env: Environment, platform: NodeJS.Platform): Notifier | undefined {
  const name: NotifierName = platform === 'darwin' ? 'osascript' : 'notify-send';
  const file = onPath(name, env);
  return file === undefined ? undefined : { name, file };
}

/**
 * Whether a notification could be seen: on macOS, always; elsewhere a graphical session's
 * variables must be set (cron has none unless the crontab gives them).
 */
export function desktopSessionLikely(env: Environment, platform: NodeJS.Platform): boolean {
  if (platform === 'darwin') return true;
  return ['DISPLAY', 'WAYLAND_DISPLAY', 'DBUS_SESSION_BUS_ADDRESS'].some(
    (name) => (env[name] ?? '') !== '',
  );
}

function withoutMarkup(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// The text goes in as the run handler's arguments: never part of the script.
const OSASCRIPT_PROGRAM = [
  '-e',
  'on run argv',
  '-e',
  'display notification (item 2 of argv) with title (item 1 of argv)',
  '-e',
  'end run',
];

/** The notifier's arguments for one notification (exported for the tests' sake). */
export function notifierArguments(notifier: NotifierName, notification: Notification): string[] {
  const title = printable(notification.title);
  const body = printable(notification.body, { lines: true });
  if (notifier === 'osascript') return [...OSASCRIPT_PROGRAM, title, body];
  // `--` ends the options: a title starting with "-" is still a title.
  return ['--app-name=career', '--', title, withoutMarkup(body)];
}

/** Shows one notification; NotificationFailed when the notifier fails, is stuck or is gone. */
export function sendNotification(
  notifier: Notifier,
  notification: Notification,
  env: Environment,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(notifier.file, notifierArguments(notifier.name, notification), {
      env: env as NodeJS.ProcessEnv,
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: NOTIFY_TIMEOUT_MS,
      windowsHide: true,
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      if (stderr.length < 1000) stderr += chunk;
    });
    child.on('error', (error) =>
      reject(new NotificationFailed(`${notifier.name} could not be run (${error.message})`)),
    );
    child.on('close', (code, signal) => {
      if (code === 0) return resolve();
      const why = signal !== null ? `was stopped (${signal})` : `exited with ${code}`;
      const said = stderr.trim().split('\n')[0];
      reject(new NotificationFailed(`${notifier.name} ${why}${said ? `: ${said}` : ''}`));
    });
  });
}
