import type { IamGroup, IamPrincipal, InventoryFragment, KmsAlias, KmsKey, ManagedPolicy, ParameterShare, S3Bucket, SecretsManagerSecret, SsmParameter, TaskDefinition } from '../../../model/inventory.js';
import type { Issue, IssueCode } from '../../../model/issue.js';
import type { SourceRef } from '../../../model/source.js';
import { joinPointer, type LineOf } from '../json/parse-json-with-positions.js';
import { isUnknown, NO_VALUE, type CfnUnknown, type CfnValue } from './cfn-value.js';
import type { Evaluated, TemplateEvaluator } from './evaluate-template.js';
import { sourceOf, unresolvedIssue, widenPolicy, type PolicyPlace } from './policy-values.js';
import { iamArn } from '../../arns.js';
import { symbolicHolder, symbolicPrincipal } from '../../../model/unknowns.js';
import { makeIssue } from '../../issues.js';

/** What the mappers share: the template, its evaluator, and the inventory pieces built so far. */
export class FragmentBuilder {
  readonly principals = new Map<string, IamPrincipal>();
  readonly groups = new Map<string, IamGroup>();
  readonly managedPolicies: ManagedPolicy[] = [];
  readonly buckets = new Map<string, S3Bucket>();
  readonly kmsKeys: KmsKey[] = [];
  readonly kmsAliases: KmsAlias[] = [];
  readonly ssmParameters: SsmParameter[] = [];
  readonly secrets = new Map<string, SecretsManagerSecret>();
  readonly taskDefinitions: TaskDefinition[] = [];
  readonly parameterShares: ParameterShare[] = [];
  readonly issues: Issue[] = [];
  /** `role/NAME`, `user/NAME`, `group/NAME` → the holder, so attachments by name stay linear in template size. */
  private readonly byName = new Map<string, IamPrincipal | IamGroup>();

  constructor(readonly file: string, readonly ev: TemplateEvaluator, readonly lineOf: LineOf) {}

  get account(): string {
    const account = this.ev.account();
    return typeof account === 'string' ? account : '';
  }

  get region(): string {
    return this.ev.place.region;
  }

  propertyPointer(logicalId: string, ...path: (string | number)[]): string {
    return joinPointer('', 'Resources', logicalId, 'Properties', ...path);
  }

  source(pointer: string): SourceRef {
    return sourceOf(this, pointer);
  }

  resourceSource(logicalId: string): SourceRef {
    return this.source(joinPointer('', 'Resources', logicalId));
  }

  issue(pointer: string, code: IssueCode, message: string): void {
    this.issues.push(makeIssue(code, message, this.source(pointer)));
  }

  unresolved(pointer: string, unknown: CfnUnknown, consequence: string): void {
    this.issues.push(unresolvedIssue(this, pointer, unknown, consequence));
  }

  /** A property's evaluated value. */
  prop(logicalId: string, key: string): Evaluated {
    return this.ev.property(logicalId, key);
  }

  /**
   * A name or ARN the inventory keys things by. A stand-in for a generated name is used as is; an
   * unknown without one raises `unresolvedExpression` and yields its glob (caller decides how to widen).
   */
  text(value: Evaluated, pointer: string, consequence: string): { text: string; exact: boolean } | undefined {
    if (value === NO_VALUE || value === null) return undefined;
    if (typeof value === 'string') return { text: value, exact: true };
    if (typeof value === 'number' || typeof value === 'boolean') return { text: String(value), exact: true };
    if (isUnknown(value)) {
      if (value.identity !== undefined) return { text: value.identity, exact: true };
      this.unresolved(pointer, value, consequence);
      return { text: value.pattern, exact: false };
    }
    this.issue(pointer, 'malformedProperty', 'a list or object where a name or ARN is expected; ignored');
    return undefined;
  }

  /** Items of a list property (a single value counts as a one-item list), each with its pointer. */
  list(value: Evaluated, pointer: string): { value: CfnValue; pointer: string }[] {
    if (value === NO_VALUE || value === null) return [];
    if (Array.isArray(value)) return value.map((v, i) => ({ value: v, pointer: joinPointer(pointer, i) }));
    if (isUnknown(value) && value.alternatives) return value.alternatives.flatMap((a) => this.list(a, pointer));
    return [{ value, pointer }];
  }

  /**
   * Loads a policy document property, widening what is unknown (see `widenPolicy`); `dependsOn`
   * names the undecided conditions on which the whole policy exists (its statements are conditional).
   */
  policy(logicalId: string, path: (string | number)[], value: Evaluated, id: string, kind: PolicyPlace['kind'], dependsOn: readonly string[] = []) {
    const pointer = this.propertyPointer(logicalId, ...path);
    const loaded = widenPolicy(value, { file: this.file, pointer, lineOf: this.lineOf, kind }, id, dependsOn);
    this.issues.push(...loaded.issues);
    return loaded.policy;
  }

  /** The principal of that kind and name: the template's own, or a stub for one defined elsewhere (merged by ARN). */
  principal(kind: 'role' | 'user', name: string, path: string, source: SourceRef): IamPrincipal {
    const arn = iamArn(this.account, kind, name, path, this.ev.partition);
    const existing = this.principals.get(arn) ?? this.byName.get(`${kind}/${name}`);
    if (existing) return existing as IamPrincipal;
    const created: IamPrincipal = { kind, arn, name, account: this.account, inlinePolicies: [], attachedPolicyArns: [], groups: [], tags: {}, source };
    this.principals.set(arn, created);
    this.byName.set(`${kind}/${name}`, created);
    return created;
  }

  /**
   * The one principal an unresolved name stands for (`Roles: [!Ref ExistingRoleName]`), holding the
   * grants attached to it: `unknown:EXPRESSION` (docs/semantics.md#symbolic-unknowns). A group's
   * members being unknown too, a group is held by a user.
   */
  symbolicHolder(kind: 'role' | 'user' | 'group', expression: string, source: SourceRef): IamPrincipal {
    const existing = this.principals.get(symbolicPrincipal(expression));
    if (existing) return existing;
    const created = symbolicHolder(kind, expression, this.account, source);
    this.principals.set(created.arn, created);
    return created;
  }

  group(name: string, path: string, source: SourceRef): IamGroup {
    const arn = iamArn(this.account, 'group', name, path, this.ev.partition);
    const existing = this.groups.get(arn) ?? this.byName.get(`group/${name}`);
    if (existing) return existing as IamGroup;
    const created: IamGroup = { arn, name, account: this.account, inlinePolicies: [], attachedPolicyArns: [], source };
    this.groups.set(arn, created);
    this.byName.set(`group/${name}`, created);
    return created;
  }

  fragment(): InventoryFragment {
    return {
      principals: [...this.principals.values()],
      groups: [...this.groups.values()],
      managedPolicies: this.managedPolicies,
      buckets: [...this.buckets.values()],
      kmsKeys: this.kmsKeys,
      kmsAliases: this.kmsAliases,
      ssmParameters: this.ssmParameters,
      secretsManagerSecrets: [...this.secrets.values()],
      taskDefinitions: this.taskDefinitions,
      ...(this.parameterShares.length > 0 ? { parameterShares: this.parameterShares } : {}),
      ...(this.ev.stackLocalNames.size > 0 ? { stackLocalNames: { file: this.file, names: [...this.ev.stackLocalNames] } } : {}),
    };
  }
}

/** A glob (`*`, `?`) as a whole-string regular expression. */
export function globRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}
