// The MongoDB version the engine presents to drivers. 7.0 is what its command set follows;
// the wire version must match it so drivers enable the right features.
export const ENGINE_MONGODB_VERSION = '7.0.0';
export const ENGINE_MAX_WIRE_VERSION = 21;
export const ENGINE_MIN_WIRE_VERSION = 0;
