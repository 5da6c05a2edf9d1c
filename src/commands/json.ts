// The shape a value takes in --json output (printJson uses JSON.stringify): ids (anything with
// toHexString, as ObjectId) and dates become strings. Each verb exports
// `type <Noun><Verb>Json = JsonOf<...>` for its output, and tests import that type instead of
// declaring their own.
export type JsonOf<T> = T extends Date | { toHexString(): string }
  ? string
  : T extends ReadonlyArray<infer Item>
    ? Array<JsonOf<Item>>
    : T extends object
      ? { [K in keyof T]: JsonOf<T[K]> }
      : T;
