// The wire layer's public face: a server that speaks MongoDB's protocol to a CommandHandler.
export { createWireServer } from './server.js';
export type { ListenTarget, ListeningAddress, WireServer, WireServerOptions } from './server.js';
export type { CommandHandler, CommandRequest, ConnectionInfo } from './types.js';
