/**
 * Values filed under a literal prefix (the text of a pattern before its first wildcard), found for
 * a text by walking the text's characters once: every value whose prefix begins the text. No
 * strings are cut, so looking up thousands of resources allocates nothing but the result.
 *
 * A radix trie: a node per place where keys branch or end, each reached by the run of text its
 * keys share, not a node per character. Keys such as `arn:aws:ssm:us-east-1:123456789012:parameter/team7/`
 * made a chain of fifty nodes each (37,000 nodes and Maps for the read prefilter at 1× scale).
 */
export class PrefixTrie<T> {
  private readonly root: TrieNode<T> = { label: '', children: null, values: null };

  insert(prefix: string, value: T): void {
    let node = this.root;
    let i = 0;
    while (i < prefix.length) {
      const code = prefix.charCodeAt(i);
      const children: Map<number, TrieNode<T>> = node.children ?? (node.children = new Map());
      let child = children.get(code);
      if (!child) {
        child = { label: prefix.slice(i), children: null, values: null };
        children.set(code, child);
        node = child;
        break;
      }
      const label = child.label;
      let shared = 1;
      while (shared < label.length && i + shared < prefix.length && label.charCodeAt(shared) === prefix.charCodeAt(i + shared)) shared++;
      if (shared < label.length) {
        // The key leaves the child's run part-way: a node for the shared part takes the child's place.
        const rest = label.slice(shared);
        child.label = rest;
        const middle: TrieNode<T> = { label: label.slice(0, shared), children: new Map([[rest.charCodeAt(0), child]]), values: null };
        children.set(code, middle);
        child = middle;
      }
      node = child;
      i += shared;
    }
    (node.values ??= []).push(value);
  }

  /**
   * Calls `visit` with every value whose key occurs anywhere in `text` (once per occurrence): a walk
   * from each position of the text, as deep as the keys go.
   */
  visitSubstrings(text: string, visit: (value: T) => void): void {
    for (let start = 0; start <= text.length; start++) this.walk(text, start, visit);
  }

  /** Calls `visit` with every value whose prefix is a prefix of `text` (shortest prefixes first). */
  visit(text: string, visit: (value: T) => void): void {
    this.walk(text, 0, visit);
  }

  /** Every value whose key is a prefix of `text` from `start`, shortest keys first. */
  private walk(text: string, start: number, visit: (value: T) => void): void {
    let node: TrieNode<T> | undefined = this.root;
    let i = start;
    while (node) {
      if (node.values) for (const value of node.values) visit(value);
      if (i === text.length || !node.children) return;
      const child: TrieNode<T> | undefined = node.children.get(text.charCodeAt(i));
      if (!child) return;
      const label = child.label;
      if (i + label.length > text.length) return;
      for (let k = 1; k < label.length; k++) if (label.charCodeAt(k) !== text.charCodeAt(i + k)) return;
      i += label.length;
      node = child;
    }
  }
}

interface TrieNode<T> {
  /** The run of text from the parent to this node (empty for the root). */
  label: string;
  children: Map<number, TrieNode<T>> | null;
  values: T[] | null;
}
