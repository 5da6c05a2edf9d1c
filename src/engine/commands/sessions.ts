// Logical sessions the engine has seen (drivers attach an lsid to each command), so
// $listLocalSessions can report them and endSessions can forget them. Sessions carry no
// transaction state here: transactions need a replica set.
import { Binary, type Document } from 'bson';
import { isDocument } from './arguments.js';

interface SessionRecord {
  id: Binary;
  lastUse: Date;
}

export class SessionRegistry {
  private readonly sessions = new Map<string, SessionRecord>();

  /** Notes the lsid a command carries, if any. */
  touch(command: Document): void {
    const lsid = command.lsid;
    if (!isDocument(lsid) || !(lsid.id instanceof Binary)) return;
    this.sessions.set(lsid.id.toString('hex'), { id: lsid.id, lastUse: new Date() });
  }

  end(ids: unknown[]): void {
    for (const entry of ids) {
      if (isDocument(entry) && entry.id instanceof Binary)
        this.sessions.delete(entry.id.toString('hex'));
    }
  }

  /** The documents $listLocalSessions yields. */
  list(): Document[] {
    return [...this.sessions.values()].map((session) => ({
      _id: { id: session.id, uid: new Binary(Buffer.alloc(32), 0) },
      lastUse: session.lastUse,
    }));
  }
}
