// What Linux's /proc says about a child process: the TCP ports it listens on.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/** The TCP addresses (hex `IP:PORT`, as /proc writes them) a process listens on. */
export function tcpListeners(pid: number): string[] {
  const inodes = new Set(
    readdirSync(`/proc/${pid}/fd`).flatMap((fd) => {
      try {
        const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
        return inode === undefined ? [] : [inode];
      } catch {
        return []; // closed meanwhile
      }
    }),
  );
  return ['tcp', 'tcp6'].flatMap((table) =>
    readFileSync(`/proc/${pid}/net/${table}`, 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      // Column 4 is the state (0A: LISTEN), column 10 the socket's inode.
      .filter((fields) => fields[3] === '0A' && inodes.has(fields[9] ?? ''))
      .map((fields) => fields[1] ?? ''),
  );
}

/** A port as /proc/net/tcp writes it at the end of an address. */
export function procPort(port: number): string {
  return `:${port.toString(16).toUpperCase().padStart(4, '0')}`;
}
