import type { Issue, IssueCode } from '../../../model/issue.js';
import type { SourceRef } from '../../../model/source.js';
import { isKnownMap, isUnknown } from '../../unknown-value.js';
import { toStringValue } from '../terraform/tf-values.js';
import { makeIssue } from '../../issues.js';
import { deployAccount } from '../../identity/account-identity.js';
import { computedAttribute } from './resource-identity.js';
import type { TerraformMappingContext, TerraformResourceInput, TfUnknown, TfValue } from './terraform-resource.js';

// `module.a["k"].module.b.aws_iam_role.x[0]` or `data.aws_iam_policy_document.x`, then `.attribute`.
export const REFERENCE = /^((?:module\.[A-Za-z0-9_-]+(?:\[[^\]]*\])?\.)*(?:data\.)?[A-Za-z0-9_]+\.[A-Za-z0-9_-]+(?:\[[^\]]*\])?)\.([A-Za-z0-9_]+)$/;
/** A reference into a nested attribute: `aws_db_instance.db.master_user_secret[0].secret_arn`. */
const NESTED_REFERENCE = /^((?:module\.[A-Za-z0-9_-]+(?:\[[^\]]*\])?\.)*(?:data\.)?[A-Za-z0-9_]+\.[A-Za-z0-9_-]+(?:\[[^\]]*\])?)\.([A-Za-z0-9_]+)((?:\[\d+\]|\.[A-Za-z0-9_]+)+)$/;

/** How a resolved reference may be used: `join` takes the value as is, `policy` widens a value inferred from a plan. */
export type ResolveMode = 'join' | 'policy';

/**
 * What the mapping shares while it turns one set of resources into a fragment: the resources by
 * address (to resolve `ADDRESS.ATTRIBUTE` references between them) and the issues raised so far.
 */
export class MappingState {
  readonly issues: Issue[] = [];
  readonly byAddress = new Map<string, TerraformResourceInput>();
  private readonly resolving = new Set<string>();

  constructor(resources: TerraformResourceInput[], readonly context: TerraformMappingContext, private readonly root?: string) {
    for (const resource of resources) this.byAddress.set(resource.address, resource);
  }

  /**
   * The account ARNs of created resources live in: the one known for the scan, else the symbolic
   * account (docs/semantics.md#identities), which `data.aws_caller_identity` gives too, so grants built from it match.
   */
  account(resource?: TerraformResourceInput): string {
    return resource?.place?.account ?? deployAccount(this.context);
  }

  /** The region a resource is created in: its provider configuration's, else the scan's. */
  regionOf(resource?: TerraformResourceInput): string {
    return resource?.place?.region ?? this.context.region;
  }

  issue(code: IssueCode, message: string, source: SourceRef): void {
    // A module shared by two roots raises the same issue at the same line once per root.
    this.issues.push(makeIssue(code, this.root === undefined ? message : `${message} (root module ${this.root})`, source));
  }

  /**
   * Replaces unknowns that name an attribute of another resource of the set by its value (known, or
   * computed the way the provider computes it: a role's ARN from its name and path). In `policy`
   * mode a value a plan only inferred becomes the pattern `*VALUE*`, still unknown, so the caller
   * widens and reports it. Other values come back unchanged.
   */
  resolve(value: TfValue | undefined, mode: ResolveMode): TfValue | undefined {
    if (!isUnknown(value)) return value;
    if (value.foreign) {
      // Another root's resource: resolved there, or left unknown (never joined to one of this root's).
      const resolved = this.context.resolveForeign?.(value.foreign.root, value.foreign.reference);
      return resolved === undefined || isUnknown(resolved) ? value : resolved;
    }
    // Where resources are joined, an attribute whose configured value is unknown still names its resource.
    const own = mode === 'join' && value.inferredFrom === undefined ? value.ownAttribute : undefined;
    const ownMatch = own === undefined ? null : REFERENCE.exec(own);
    const reference = ownMatch && this.byAddress.has(ownMatch[1] ?? '') ? (own as string)
      : value.inferredFrom ?? value.expression.replace(/ \(known after apply\)$/, '');
    const match = REFERENCE.exec(reference);
    if (!match && value.parts !== undefined) return this.resolveTemplate(value, value.parts, mode);
    if (!match) return this.resolveNested(value, reference, mode);
    if (this.resolving.has(reference)) return value;
    const target = this.byAddress.get(match[1] ?? '');
    if (!target) return value;
    this.resolving.add(reference);
    try {
      const resolved = this.resolve(this.attributeOf(target, match[2] ?? ''), mode);
      // Still unknown, but known to be one of a pattern's values (a name from `bucket_prefix`): that says more.
      // Reported where the reference is written.
      if (isUnknown(resolved) && resolved.pattern !== undefined && value.pattern === undefined) return value.source ? { ...resolved, source: value.source } : resolved;
      if (resolved === undefined || resolved === null || isUnknown(resolved)) return value;
      if (value.inferredFrom !== undefined && mode === 'policy') {
        return typeof resolved === 'string' ? { ...value, pattern: `*${resolved}*` } : value;
      }
      return resolved;
    } finally {
      this.resolving.delete(reference);
    }
  }

  /** The resource of the set and the attribute an unknown names (`data.aws_kms_alias.x.target_key_arn`), or undefined. */
  referencedAttribute(value: TfUnknown): { resource: TerraformResourceInput; attribute: string } | undefined {
    if (value.foreign) return undefined;
    const match = REFERENCE.exec(value.inferredFrom ?? value.expression.replace(/ \(known after apply\)$/, ''));
    const resource = match ? this.byAddress.get(match[1] ?? '') : undefined;
    return resource && match ? { resource, attribute: match[2] ?? '' } : undefined;
  }

  /**
   * A reference into a nested attribute (`aws_db_instance.db.master_user_secret[0].secret_arn`):
   * the attribute as `attributeOf` gives it, walked by index and key; the unknown itself when the
   * walk finds no known value.
   */
  private resolveNested(value: TfUnknown, reference: string, mode: ResolveMode): TfValue {
    const nested = NESTED_REFERENCE.exec(reference);
    const target = nested ? this.byAddress.get(nested[1] ?? '') : undefined;
    if (!nested || !target || this.resolving.has(reference)) return value;
    this.resolving.add(reference);
    try {
      let current = this.resolve(this.attributeOf(target, nested[2] ?? ''), mode);
      for (const step of (nested[3] ?? '').match(/\[\d+\]|\.[A-Za-z0-9_]+/g) ?? []) {
        if (step.startsWith('[')) current = Array.isArray(current) ? current[Number(step.slice(1, -1))] : undefined;
        else current = current !== null && typeof current === 'object' && !Array.isArray(current) && !isUnknown(current) ? (current as Record<string, TfValue>)[step.slice(1)] : undefined;
        current = this.resolve(current, mode);
      }
      return current === undefined || current === null || isUnknown(current) ? value : current;
    } finally {
      this.resolving.delete(reference);
    }
  }

  /**
   * A template (`"${data.aws_secretsmanager_secret.kc.arn}:KEY::"`) whose unknown parts may name
   * attributes of the set: each resolved as above; the text when every part is then known, else the
   * template with those parts, its pattern from theirs.
   */
  private resolveTemplate(value: TfUnknown, parts: TfValue[], mode: ResolveMode): TfValue {
    const pieces = this.resolvePieces(parts, mode);
    if (!pieces.changed) return value;
    return pieces.text ?? { ...value, parts: pieces.resolved, pattern: pieces.pattern };
  }

  /**
   * The pieces of a template or of a string in a JSON template, each unknown one resolved as
   * `resolve` does: whether any changed, the text when every piece is then known, and the pattern
   * they make (an unknown piece its own pattern, or `*`).
   */
  resolvePieces(pieces: readonly TfValue[], mode: ResolveMode): { resolved: TfValue[]; changed: boolean; text: string | undefined; pattern: string } {
    let changed = false;
    const resolved = pieces.map((piece) => {
      if (!isUnknown(piece)) return piece;
      const next = this.resolve(piece, mode) ?? piece;
      if (next !== piece) changed = true;
      return next;
    });
    const texts = resolved.map(toStringValue);
    const text = texts.every((t): t is string => t !== undefined) ? texts.join('') : undefined;
    const pattern = resolved.map((piece, i) => texts[i] ?? (isUnknown(piece) && piece.pattern ? piece.pattern : '*')).join('');
    return { resolved, changed, text, pattern };
  }

  /** An attribute of a resource: its value when known, else what the provider will compute. */
  attributeOf(resource: TerraformResourceInput, attribute: string): TfValue | undefined {
    const own = resource.values[attribute];
    if (own !== undefined && own !== null && !isUnknown(own)) return own;
    return computedAttribute(resource, attribute, this) ?? own;
  }

  /**
   * The values an unknown may take where it names who holds or runs something: each branch of a
   * conditional whose condition is unknown (`var.create ? aws_iam_role.this[0].name : var.role_name`),
   * references resolved, a null or empty branch naming nobody; else the unknown itself.
   */
  branches(value: TfUnknown): (string | TfUnknown)[] {
    const out: (string | TfUnknown)[] = [];
    for (const alternative of value.alternatives ?? []) {
      const resolved = this.resolve(alternative, 'join');
      if ((typeof resolved === 'string' && resolved !== '') || isUnknown(resolved)) out.push(resolved);
    }
    return out.length > 0 ? out : [value];
  }

  /** A string attribute, with references resolved for joining; unknowns stay unknown. */
  joinString(resource: TerraformResourceInput, attribute: string): string | TfUnknown | undefined {
    const value = this.resolve(resource.values[attribute], 'join');
    if (typeof value === 'string' || isUnknown(value)) return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return undefined;
  }

  /** A list of strings (a single string counts as one), references resolved for joining. */
  joinList(resource: TerraformResourceInput, attribute: string): (string | TfUnknown)[] {
    const value = this.resolve(resource.values[attribute], 'join');
    if (value === undefined || value === null) return [];
    // A list of unknown length may still hold known elements (`concat([a.id], var.more)`): each is one, beside the unknown rest.
    const items = Array.isArray(value) ? value : isUnknown(value) && value.knownElements !== undefined ? [...value.knownElements, value] : [value];
    return items.flatMap((item) => {
      const resolved = this.resolve(item, 'join');
      if (typeof resolved === 'string' || isUnknown(resolved)) return [resolved];
      if (typeof resolved === 'number' || typeof resolved === 'boolean') return [String(resolved)];
      return [];
    });
  }

  /** Where an attribute is written, else the resource. */
  sourceOf(resource: TerraformResourceInput, attribute?: string): SourceRef {
    return (attribute === undefined ? undefined : resource.attributeSources?.[attribute]) ?? resource.source;
  }

  /** Reports an attribute that could not be resolved where it decides who reads what (docs/semantics.md#unknowns). */
  unresolved(resource: TerraformResourceInput, attribute: string, value: TfUnknown, consequence: string): void {
    this.issue('unresolvedExpression', `${resource.address}: ${attribute} = ${value.expression} cannot be resolved; ${consequence}`,
      value.source ?? this.sourceOf(resource, attribute));
  }
}

/** A boolean attribute, or `fallback` when absent (an unknown boolean is reported by the caller). */
export function boolOf(value: TfValue | undefined, fallback: boolean): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return fallback;
}

/** A string-to-string map (tags), unknown entries left out: tags are context, never a grant by themselves. */
export function tagsOf(value: TfValue | undefined): Record<string, string> {
  const tags: Record<string, string> = {};
  if (!isKnownMap(value)) return tags;
  for (const [key, tag] of Object.entries(value)) if (typeof tag === 'string') tags[key] = tag;
  return tags;
}
