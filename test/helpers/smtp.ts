// Mail servers for the digest's tests, on 127.0.0.1 at a free port: a real SMTP server
// (smtp-server) that requires a sign-in and keeps what it receives, parsed (mailparser); a
// server that accepts connections and never says a word (for timeouts); and a port where
// nothing listens (for a refused connection).
import net from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  /** The envelope: MAIL FROM and RCPT TO. */
  envelopeFrom: string;
  envelopeTo: string[];
  /** Who signed in. */
  user: string | undefined;
  raw: string;
  parsed: ParsedMail;
}

export interface TestSmtpServer {
  port: number;
  received: ReceivedMail[];
  close(): Promise<void>;
}

function portOf(server: net.Server): number {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** An SMTP server that takes mail only after a sign-in as `user` with `password`. */
export async function smtpServer(user: string, password: string): Promise<TestSmtpServer> {
  const received: ReceivedMail[] = [];
  const pending: Array<Promise<void>> = [];
  const server = new SMTPServer({
    // Plain text on loopback: no certificate to make, and STARTTLS not offered.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === user && auth.password === password) {
        callback(null, { user: auth.username });
      } else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        // Read now: the session's envelope is reset once the message is taken.
        const mailFrom = session.envelope.mailFrom;
        const envelopeTo = session.envelope.rcptTo.map((each) => each.address);
        const signedIn = typeof session.user === 'string' ? session.user : undefined;
        pending.push(
          simpleParser(raw).then((parsed) => {
            received.push({
              envelopeFrom: mailFrom === false ? '' : mailFrom.address,
              envelopeTo,
              user: signedIn,
              raw,
              parsed,
            });
          }),
        );
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = portOf(server.server);
  return {
    port,
    received,
    close: async () => {
      await Promise.all(pending);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Waits until the server has parsed what it was sent. */
export async function settled(server: TestSmtpServer, count: number): Promise<ReceivedMail[]> {
  for (let tries = 0; tries < 100 && server.received.length < count; tries += 1) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return server.received;
}

/** A server that accepts connections and never answers (no SMTP greeting). */
export async function silentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: portOf(server),
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A port on 127.0.0.1 where nothing listens (just freed): connecting to it is refused. */
export async function refusedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = portOf(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
