/**
 * Values filed under a literal prefix (the text of a pattern before its first wildcard), found for
 * a text by walking the text's characters once: every value whose prefix begins the text. No
 * strings are cut, so looking up thousands of resources allocates nothing but the result.
 */
export class PrefixTrie<T> {
  private readonly root: TrieNode<T> = { next: new Map(), values: [] };

  insert(prefix: string, value: T): void {
    let node = this.root;
    for (let i = 0; i < prefix.length; i++) {
      const code = prefix.charCodeAt(i);
      let next = node.next.get(code);
      if (!next) node.next.set(code, (next = { next: new Map(), values: [] }));
      node = next;
    }
    node.values.push(value);
  }

  /**
   * Calls `visit` with every value whose key occurs anywhere in `text` (once per occurrence): a walk
   * from each position of the text, as deep as the keys go.
   */
  visitSubstrings(text: string, visit: (value: T) => void): void {
    for (let start = 0; start <= text.length; start++) {
      let node: TrieNode<T> | undefined = this.root;
      for (let i = start; node; i++) {
        for (const value of node.values) visit(value);
        if (i === text.length) break;
        node = node.next.get(text.charCodeAt(i));
      }
    }
  }

  /** Calls `visit` with every value whose prefix is a prefix of `text` (shortest prefixes first). */
  visit(text: string, visit: (value: T) => void): void {
    let node: TrieNode<T> | undefined = this.root;
    for (let i = 0; node; i++) {
      for (const value of node.values) visit(value);
      if (i === text.length) break;
      node = node.next.get(text.charCodeAt(i));
    }
  }
}

interface TrieNode<T> {
  next: Map<number, TrieNode<T>>;
  values: T[];
}
