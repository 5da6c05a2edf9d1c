// CRC-32C (Castagnoli), the checksum OP_MSG uses when checksumPresent is set.
// Reflected polynomial 0x82F63B78, one 256-entry table, byte at a time: plenty for the rare
// checksummed message (drivers do not send checksums by default).

const REFLECTED_POLYNOMIAL = 0x82f63b78;

const table = buildTable();

function buildTable(): Uint32Array {
  const entries = new Uint32Array(256);
  for (let byte = 0; byte < 256; byte++) {
    let crc = byte;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 1 ? (crc >>> 1) ^ REFLECTED_POLYNOMIAL : crc >>> 1;
    }
    entries[byte] = crc >>> 0;
  }
  return entries;
}

/** CRC-32C of bytes, as an unsigned 32-bit number. */
export function crc32c(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) {
    // Both indexes are in range by construction; the `?? 0` only satisfies noUncheckedIndexedAccess.
    crc = (table[(crc ^ (bytes[i] ?? 0)) & 0xff] ?? 0) ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}
