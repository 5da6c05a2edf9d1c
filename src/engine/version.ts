// The MongoDB version the engine presents to drivers. 8.0 is what its command set follows
// (client bulkWrite, updateOne's sort); the wire version must match it so drivers enable the
// right features: 25 is MongoDB 8.0's.
export const ENGINE_MONGODB_VERSION = '8.0.0';
export const ENGINE_MAX_WIRE_VERSION = 25;
export const ENGINE_MIN_WIRE_VERSION = 0;
