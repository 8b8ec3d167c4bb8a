import type { Access } from './access.js';
import { betterAccess, chainAccess } from './access.js';
import type { BecomeEdge } from './role-edges.js';

/**
 * Who can act as whom, transitively (role assumption and pass-role escalation), computed once per
 * scan. Cycles are harmless: each principal is visited once per search. For every principal the
 * best chain is kept: unconditional chains win over conditional ones, then shorter ones.
 */
export class Reachability {
  /** target → (source → best access from source to target); every principal reaches itself. */
  private readonly becomers = new Map<string, Map<string, Access>>();

  constructor(principals: string[], edges: BecomeEdge[]) {
    const outgoing = new Map<string, BecomeEdge[]>();
    for (const edge of edges) {
      const list = outgoing.get(edge.from) ?? [];
      list.push(edge);
      outgoing.set(edge.from, list);
    }
    for (const source of principals) {
      const reached = new Map<string, Access>([[source, { conditional: false, steps: [] }]]);
      this.search(source, outgoing, reached, true);
      this.search(source, outgoing, reached, false);
      for (const [target, access] of reached) {
        const into = this.becomers.get(target) ?? new Map<string, Access>();
        into.set(source, access);
        this.becomers.set(target, into);
      }
    }
  }

  /** Every principal that can act as `target` (itself included), with the chain that gets it there. */
  becomersOf(target: string): ReadonlyMap<string, Access> {
    return this.becomers.get(target) ?? new Map([[target, { conditional: false, steps: [] }]]);
  }

  /**
   * Spreads direct accesses over everyone who can become their holder: for each holder P with
   * access A, every Q that can become P gets chain(Q→P) + A. Returns the best access per principal.
   */
  spread(direct: ReadonlyMap<string, Access>): Map<string, Access> {
    const result = new Map<string, Access>();
    for (const [holder, access] of direct) {
      for (const [source, chain] of this.becomersOf(holder)) {
        result.set(source, betterAccess(result.get(source), chainAccess(chain, access)) as Access);
      }
    }
    return result;
  }

  // Breadth-first: the first time a node is reached is by a shortest chain. The first pass follows
  // only unconditional edges; the second adds the rest for nodes not reached unconditionally.
  private search(source: string, outgoing: Map<string, BecomeEdge[]>, reached: Map<string, Access>, unconditionalOnly: boolean): void {
    const queue: string[] = [source];
    const visited = new Set<string>([source]);
    for (let i = 0; i < queue.length; i++) {
      const current = queue[i] as string;
      const here = reached.get(current) as Access;
      for (const edge of outgoing.get(current) ?? []) {
        if (unconditionalOnly && edge.access.conditional) continue;
        if (visited.has(edge.to)) continue;
        visited.add(edge.to);
        if (!reached.has(edge.to)) reached.set(edge.to, chainAccess(here, edge.access));
        queue.push(edge.to);
      }
    }
  }
}
