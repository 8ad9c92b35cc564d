// One bounded memo for the pure functions that recur on the same inputs across a document and a batch (name keys,
// slugs, kuromoji feature lines): past the bound the memo starts afresh rather than growing with a long-running server.

/** The bound of every memo: far above one document's distinct inputs, far below a process's memory. */
const LIMIT = 50_000;

/** `compute`, remembered by argument. Example: memoize((s: string) => s.toLowerCase())('ABC') → 'abc', computed once. */
export function memoize<K, V>(compute: (key: K) => V): (key: K) => V {
  const known = new Map<K, V>();
  return (key) => {
    let value = known.get(key);
    if (value === undefined) {
      if (known.size > LIMIT) known.clear();
      value = compute(key);
      known.set(key, value);
    }
    return value;
  };
}
