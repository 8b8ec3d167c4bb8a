/**
 * A cache of values that never change once built, keyed by text the inputs repeat (action names,
 * policy patterns, principal ARNs). Bounded: past `limit` entries it starts again, so a scan of
 * an organisation, or a library caller asking forever, never grows it without end.
 */
export class BoundedCache<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly limit: number) {}

  /**
   * The value for `key`, built by `build(key)` the first time (or again after the cache started
   * over). Hot callers pass a function made once, not a closure per call: the closures were most
   * of what the read prefilter allocated.
   */
  get(key: string, build: (key: string) => V): V {
    let value = this.entries.get(key);
    if (value === undefined) {
      if (this.entries.size >= this.limit) this.entries.clear();
      value = build(key);
      this.entries.set(key, value);
    }
    return value;
  }
}
