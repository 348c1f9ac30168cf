/** Makes a `switch` over a union exhaustive: the compiler rejects a forgotten member. */
export function missingCase(value: never): never {
  throw new Error(`Unhandled case: ${String(value)}`);
}
