// The engine's replica-set identity: a single-node set named "career" whose one member is
// always the primary. Drivers then treat it as a replica-set member (sessions, retryable
// writes, transactions), with or without directConnection.
import { Binary, Long, ObjectId, Timestamp, type Document } from 'bson';

export const REPLICA_SET_NAME = 'career';

/**
 * The cluster's logical clock. Every reply gossips it; without keys to sign with, the signature
 * is all zeros with key id 0, as a mongod without authentication keys sends it.
 */
export class ClusterClock {
  private seconds = Math.floor(Date.now() / 1000);
  private increment = 0;

  /** A new, later time: for each write, so operationTime orders writes. */
  tick(): Timestamp {
    const now = Math.floor(Date.now() / 1000);
    if (now > this.seconds) {
      this.seconds = now;
      this.increment = 0;
    }
    this.increment++;
    return this.current();
  }

  current(): Timestamp {
    return new Timestamp({ t: this.seconds, i: this.increment });
  }

  /** The fields every reply carries. */
  gossip(operationTime: Timestamp = this.current()): Document {
    return {
      $clusterTime: {
        clusterTime: this.current(),
        signature: { hash: new Binary(Buffer.alloc(20), 0), keyId: Long.fromNumber(0) },
      },
      operationTime,
    };
  }
}

export class ReplicaSetIdentity {
  /** The member's address as clients reach it (host:port or the socket path); set on listen. */
  address = 'localhost:27017';
  readonly electionId = new ObjectId('7fffffff0000000000000001');
  readonly clock = new ClusterClock();

  /** What hello adds for a replica-set primary. */
  helloFields(): Document {
    const optime = { ts: this.clock.current(), t: Long.fromNumber(1) };
    const now = new Date();
    return {
      setName: REPLICA_SET_NAME,
      setVersion: 1,
      hosts: [this.address],
      primary: this.address,
      me: this.address,
      secondary: false,
      electionId: this.electionId,
      lastWrite: {
        opTime: optime,
        lastWriteDate: now,
        majorityOpTime: optime,
        majorityWriteDate: now,
      },
    };
  }

  /** replSetGetStatus: one healthy primary. */
  status(): Document {
    const optime = { ts: this.clock.current(), t: Long.fromNumber(1) };
    return {
      set: REPLICA_SET_NAME,
      date: new Date(),
      myState: 1,
      term: Long.fromNumber(1),
      members: [
        {
          _id: 0,
          name: this.address,
          health: 1,
          state: 1,
          stateStr: 'PRIMARY',
          optime,
          self: true,
        },
      ],
      ok: 1,
    };
  }
}
