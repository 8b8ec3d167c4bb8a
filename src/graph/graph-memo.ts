/**
 * Caches that live while one access graph is built. What the graph compiles and indexes per
 * policy, principal or role (compiled statements, prepared policy sets, read patterns, Vault
 * ACLs) is keyed by the inventory's own objects, and the inventory outlives the graph: the rules
 * and the report still read it. Held in plain module-level WeakMaps, those caches stayed alive
 * through the rules and the report, a third of an organisation scan's heap at its peak
 * (README "Org scale"). `buildAccessGraph` releases them when it returns; a later question (an
 * `explain`, a test) simply builds them again.
 */
export class GraphMemo<K extends object, V> {
  private entries = new WeakMap<K, V>();

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
    this.entries = new WeakMap();
  }
}

const memos: GraphMemo<object, unknown>[] = [];

/** Drops everything every `GraphMemo` holds. */
export function releaseGraphMemos(): void {
  for (const memo of memos) memo.clear();
}
