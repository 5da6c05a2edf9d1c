// A client on a thread of its own that pings a server over a raw socket, one ping at a time,
// and reports every round trip (ms) when told to stop: its timings are not held up by whatever
// the thread running the server is doing, so they show how long the server kept it waiting.
// workerData: { path } (Unix socket) or { host, port }; messages: 'stop' -> { rtts: number[] }.
import { connect } from 'node:net';
import { parentPort, workerData } from 'node:worker_threads';
import { serialize } from 'bson';

function pingMessage(requestId) {
  const body = serialize({ ping: 1, $db: 'admin' });
  const message = Buffer.alloc(16 + 4 + 1 + body.length);
  message.writeInt32LE(message.length, 0);
  message.writeInt32LE(requestId, 4);
  message.writeInt32LE(0, 8);
  message.writeInt32LE(2013, 12);
  message.writeUInt32LE(0, 16);
  message.writeUInt8(0, 20);
  body.copy(message, 21);
  return message;
}

const socket = connect(workerData.path ? { path: workerData.path } : workerData);
const rtts = [];
let stopping = false;
let received = Buffer.alloc(0);
let sentAt = 0;
let requestId = 0;
let outstanding = false;

function send() {
  if (stopping) return;
  outstanding = true;
  sentAt = performance.now();
  socket.write(pingMessage(++requestId));
}

socket.on('connect', send);
socket.on('data', (chunk) => {
  received = Buffer.concat([received, chunk]);
  while (received.length >= 4 && received.length >= received.readInt32LE(0)) {
    received = received.subarray(received.readInt32LE(0));
    outstanding = false;
    rtts.push(performance.now() - sentAt);
    // A short gap between pings, so the server's other client gets its turns measured too.
    setTimeout(send, 2);
  }
});
socket.on('error', (error) => parentPort.postMessage({ error: error.message, rtts }));
parentPort.on('message', () => {
  stopping = true;
  // A ping still waiting counts for as long as it has waited so far.
  if (outstanding) rtts.push(performance.now() - sentAt);
  parentPort.postMessage({ rtts });
  socket.destroy();
});
