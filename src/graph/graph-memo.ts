/**
 * Caches that live while one access graph is built. What the graph compiles and indexes per
 * policy, principal or role (compiled statements, prepared policy sets, read patterns, Vault
 * ACLs) is keyed by the inventory's own objects, and the inventory outlives the graph: the rules
 * and the report still read it. Held in plain module-level WeakMaps, those caches stayed alive
 * through the rules and the report, a third of an organisation scan's heap at its peak
 * (README "Org scale"). `buildAccessGraph` releases them when it returns; a later question (an
 * `explain`, a test) simply builds them again.
 *
 * Plain Maps, not WeakMaps: they are emptied when the graph is built, so weak keys would free
 * nothing sooner, and a WeakMap costs more per lookup and more for the collector, which must
 * process every entry as an ephemeron (hundreds of thousands of lookups and entries per org scan).
 * Only the graph, which releases them, reaches these caches (the library's entry points do not).
 */
export class GraphMemo<K extends object, V> {
  private entries = new Map<K, V>();

  constructor() {
    memos.push(this);
  }

  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  set(key: K, value: V): this {
    this.entries.set(key, value);
    return this;
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  clear(): void {
    this.entries = new Map();
  }
}

const memos: GraphMemo<object, unknown>[] = [];

/** Drops everything every `GraphMemo` holds. */
export function releaseGraphMemos(): void {
  for (const memo of memos) memo.clear();
}
