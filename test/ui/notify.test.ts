// The desktop notifiers: found on PATH, chosen by platform and session, and run with the text
// as arguments (fake notifiers in a temp dir: real processes that record what they were given).
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  desktopSessionLikely,
  findNotifier,
  notifierArguments,
  NotificationFailed,
  sendNotification,
} from '../../src/ui/notify.js';
import { makeTempDir, removeTempDirs } from '../helpers/temp-dirs.js';

afterAll(() => removeTempDirs());

/** A directory with an executable `name` that writes its arguments, NUL-separated, to a log. */
function fake(name: string, script = ''): { dir: string; log: string } {
  const dir = makeTempDir('career-notifier-');
  const log = path.join(dir, 'argv');
  writeFileSync(
    path.join(dir, name),
    `#!/bin/sh\nfor arg in "$@"; do printf '%s\\0' "$arg" >> '${log}'; done\n${script}`,
  );
  chmodSync(path.join(dir, name), 0o755);
  return { dir, log };
}

const argvOf = (log: string) => readFileSync(log, 'utf8').split('\0').slice(0, -1);

describe('desktop notifications', () => {
  it('finds the platform’s notifier on PATH (an executable file, absolute entries only)', () => {
    const linux = fake('notify-send');
    const mac = fake('osascript');
    const notExecutable = makeTempDir('career-notifier-');
    writeFileSync(path.join(notExecutable, 'notify-send'), '');
    const env = { PATH: ['relative/dir', notExecutable, linux.dir, mac.dir].join(path.delimiter) };
    expect(findNotifier(env, 'linux')).toEqual({
      name: 'notify-send',
      file: path.join(linux.dir, 'notify-send'),
    });
    expect(findNotifier(env, 'darwin')).toEqual({
      name: 'osascript',
      file: path.join(mac.dir, 'osascript'),
    });
    expect(findNotifier({ PATH: notExecutable }, 'linux')).toBeUndefined();
    expect(findNotifier({}, 'linux')).toBeUndefined();
  });

  it('expects a session on Linux (DISPLAY, WAYLAND_DISPLAY or D-Bus), not on macOS', () => {
    expect(desktopSessionLikely({}, 'linux')).toBe(false);
    expect(desktopSessionLikely({ DISPLAY: '' }, 'linux')).toBe(false);
    expect(desktopSessionLikely({ WAYLAND_DISPLAY: 'wayland-0' }, 'linux')).toBe(true);
    expect(desktopSessionLikely({ DBUS_SESSION_BUS_ADDRESS: 'unix:path=/x' }, 'freebsd')).toBe(
      true,
    );
    expect(desktopSessionLikely({}, 'darwin')).toBe(true);
  });

  it('gives the text as arguments, escaped; never in the AppleScript itself', () => {
    const text = { title: '-t "quoted" \u001b[2J', body: 'a & b <i>x</i>\nend run\u009b' };
    expect(notifierArguments('notify-send', text)).toEqual([
      '--app-name=career',
      '--',
      '-t "quoted" \\x1b[2J',
      'a &amp; b &lt;i&gt;x&lt;/i&gt;\nend run\\x9b',
    ]);
    const apple = notifierArguments('osascript', text);
    expect(apple.slice(-2)).toEqual(['-t "quoted" \\x1b[2J', 'a & b <i>x</i>\nend run\\x9b']);
    expect(apple.slice(0, -2).join(' ')).not.toContain('quoted');
  });

  it('runs the notifier as a process; a failure or a missing file is NotificationFailed', async () => {
    const mac = fake('osascript');
    const notifier = { name: 'osascript' as const, file: path.join(mac.dir, 'osascript') };
    await sendNotification(notifier, { title: 'career: Offer deadline', body: 'Answer ACME' }, {});
    expect(argvOf(mac.log)).toEqual([
      '-e',
      'on run argv',
      '-e',
      'display notification (item 2 of argv) with title (item 1 of argv)',
      '-e',
      'end run',
      'career: Offer deadline',
      'Answer ACME',
    ]);

    const broken = fake('notify-send', 'echo "Cannot autolaunch D-Bus" >&2\nexit 1\n');
    const failing = { name: 'notify-send' as const, file: path.join(broken.dir, 'notify-send') };
    await expect(sendNotification(failing, { title: 't', body: 'b' }, {})).rejects.toThrow(
      new NotificationFailed('notify-send exited with 1: Cannot autolaunch D-Bus'),
    );
    const gone = { name: 'notify-send' as const, file: path.join(broken.dir, 'missing') };
    await expect(sendNotification(gone, { title: 't', body: 'b' }, {})).rejects.toBeInstanceOf(
      NotificationFailed,
    );
  });
});
