import type { JsonObject, JsonValue } from '../../../model/source.js';
import { ownEntry } from '../../../input-safety.js';
import { joinPointer } from '../json/parse-json-with-positions.js';
import { isJsonObject } from '../../json-guards.js';
import { CfnUnknown, concatParts, isKnownMap, isNoEcho, isUnknown, NO_VALUE, scalarText, type CfnValue } from './cfn-value.js';
import { resourceAttribute, resourceRef } from './resource-names.js';
import { partitionOf, SYMBOLIC_ACCOUNT } from '../../identity/account-identity.js';
import { stackLocalName } from '../../../model/unknowns.js';

// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/pseudo-parameter-reference.html
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/conditions-section-structure.html

/** Where the stack would be deployed, from the manifest. */
export interface StackPlace {
  account?: string;
  region: string;
}

export type Evaluated = CfnValue | typeof NO_VALUE;

const LIST_TYPE = /^(CommaDelimitedList|List<.*>|AWS::SSM::Parameter::Value<List<.*>>)$/;

/**
 * Evaluates the intrinsic functions of one template with what the template and the manifest say:
 * parameter defaults, mappings, conditions, pseudo parameters, and the names and ARNs of the
 * resources it declares. Anything else becomes a `CfnUnknown` naming the expression; nothing
 * throws, and a reference cycle is an unknown too.
 */
/** Bound on nested evaluation (template nesting and intrinsic references together). */
const MAX_EVALUATION_DEPTH = 200;

/** Past this many choices of AllowedValues a condition depends on, it is undecided without trying them all. */
const MAX_ALLOWED_COMBINATIONS = 256;

export class TemplateEvaluator {
  private readonly resources: JsonObject;
  private readonly parameters: JsonObject;
  private readonly mappings: JsonObject;
  private readonly conditions: JsonObject;
  private readonly conditionCache = new Map<string, boolean | CfnUnknown>();
  private readonly propertyCache = new Map<string, Evaluated>();
  private readonly inProgress = new Set<string>();

  /**
   * `pinned`: every parameter is taken at its Default, even one whose AllowedValues offer others
   * (the evaluator that tries one choice of them for a condition, below).
   */
  constructor(readonly template: JsonObject, readonly place: StackPlace, private readonly pinned = false) {
    this.resources = objectAt(template, 'Resources');
    this.parameters = objectAt(template, 'Parameters');
    this.mappings = objectAt(template, 'Mappings');
    this.conditions = objectAt(template, 'Conditions');
  }

  /** The names this template makes for its own stack (`stackLocalName`), as minted by `stackLocal`. */
  readonly stackLocalNames = new Set<string>();

  /** A name this stack makes for itself (a generated role name, a key id, a stand-in), marked as such. */
  stackLocal(name: string): string {
    this.stackLocalNames.add(name);
    return stackLocalName(name);
  }

  get partition(): string {
    return partitionOf(this.place.region).partition;
  }

  /**
   * The account as a value: the manifest's (or the inputs') account, else the symbolic account,
   * which grants written with `${AWS::AccountId}` match and no other account does (docs/semantics.md#identities).
   */
  account(): string | CfnUnknown {
    return this.place.account ?? SYMBOLIC_ACCOUNT;
  }

  /** Logical ids of the declared resources, in template order. */
  resourceIds(): string[] {
    return Object.keys(this.resources);
  }

  resourceType(logicalId: string): string | undefined {
    const resource = ownEntry(this.resources, logicalId);
    return isJsonObject(resource) && typeof resource['Type'] === 'string' ? resource['Type'] : undefined;
  }

  /** The module a resource's `Type: !Rain::Module PATH` names, or undefined. */
  rainModule(logicalId: string): string | undefined {
    const resource = ownEntry(this.resources, logicalId);
    const type = isJsonObject(resource) ? resource['Type'] : undefined;
    const module = isJsonObject(type) ? type['Rain::Module'] : undefined;
    return typeof module === 'string' ? module : undefined;
  }

  /** Whether the resource is created: its `Condition` true, false, or undecided. */
  resourceCreated(logicalId: string): boolean | CfnUnknown {
    const resource = ownEntry(this.resources, logicalId);
    const condition = isJsonObject(resource) ? resource['Condition'] : undefined;
    return typeof condition === 'string' ? this.condition(condition) : true;
  }

  /** One property of a resource, evaluated once (NO_VALUE when absent or removed). */
  property(logicalId: string, key: string): Evaluated {
    const pointer = joinPointer('', 'Resources', logicalId, 'Properties', key);
    const cached = this.propertyCache.get(pointer);
    if (cached !== undefined) return cached;
    const resource = ownEntry(this.resources, logicalId);
    const properties = isJsonObject(resource) ? resource['Properties'] : undefined;
    const raw = isJsonObject(properties) ? properties[key] : undefined;
    if (this.inProgress.has(pointer)) return new CfnUnknown(`a reference cycle through ${logicalId}.${key}`);
    this.inProgress.add(pointer);
    const value = raw === undefined ? NO_VALUE : this.evaluate(raw);
    this.inProgress.delete(pointer);
    this.propertyCache.set(pointer, value);
    return value;
  }

  /** Evaluates a template value: intrinsics are applied, `AWS::NoValue` removes list items and keys. */
  evaluate(raw: JsonValue): Evaluated {
    // Every walk over input is bounded: a mapping that refers to itself (`!FindInMap` into its own
    // entry) or any other cycle of intrinsics ends here as an unknown, which widens, never a crash.
    if (this.depth >= MAX_EVALUATION_DEPTH) return new CfnUnknown(`a value nested or referring to itself deeper than ${MAX_EVALUATION_DEPTH} levels`);
    this.depth++;
    try {
      return this.evaluateBounded(raw);
    } finally {
      this.depth--;
    }
  }

  private depth = 0;

  private evaluateBounded(raw: JsonValue): Evaluated {
    if (Array.isArray(raw)) {
      const out: CfnValue[] = [];
      for (const item of raw) {
        const value = this.evaluate(item);
        if (value !== NO_VALUE) out.push(value);
      }
      return out;
    }
    // A piece of a dynamic reference (`'{{resolve:secretsmanager:'` in a `!Join`) is text: the reference is whole only once joined.
    if (typeof raw === 'string') return holdsDynamicReference(raw) ? dynamicReference(raw) : raw;
    if (!isJsonObject(raw)) return raw;
    const keys = Object.keys(raw);
    if (keys.length === 1) {
      const [name] = keys as [string];
      const argument = raw[name] as JsonValue;
      if (name === 'Ref') return this.ref(argument);
      if (name === 'Condition' && typeof argument === 'string' && Object.hasOwn(this.conditions, argument)) {
        const decided = this.condition(argument);
        return isUnknown(decided) ? decided : decided;
      }
      if (name.startsWith('Fn::')) return this.intrinsic(name, argument);
    }
    const out: { [key: string]: CfnValue } = {};
    for (const key of keys) {
      const value = this.evaluate(raw[key] as JsonValue);
      if (value !== NO_VALUE) Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }

  /** `Ref`: a parameter's value, a pseudo parameter, or a resource's physical id. */
  ref(argument: JsonValue): Evaluated {
    if (typeof argument !== 'string') return new CfnUnknown(`!Ref with a non-text argument`);
    switch (argument) {
      case 'AWS::NoValue': return NO_VALUE;
      case 'AWS::AccountId': return this.account();
      case 'AWS::Region': return this.place.region;
      case 'AWS::Partition': return this.partition;
      case 'AWS::URLSuffix': return partitionOf(this.place.region).dnsSuffix;
      case 'AWS::StackName': return new CfnUnknown('AWS::StackName');
      case 'AWS::StackId': return new CfnUnknown('AWS::StackId');
      case 'AWS::NotificationARNs': return new CfnUnknown('AWS::NotificationARNs');
      default: break;
    }
    const parameter = ownEntry(this.parameters, argument);
    if (isJsonObject(parameter)) return this.parameterValue(argument, parameter);
    if (Object.hasOwn(this.resources, argument)) {
      const type = this.resourceType(argument) ?? '';
      return resourceRef(this, type, argument);
    }
    return new CfnUnknown(`!Ref ${argument} (not a parameter or resource of this template)`);
  }

  /** `Fn::GetAtt`: the attributes this tool knows (ARNs, names); others are unknown. */
  getAtt(logicalId: string, attribute: string): Evaluated {
    if (!Object.hasOwn(this.resources, logicalId)) return new CfnUnknown(`!GetAtt ${logicalId}.${attribute} (no such resource)`);
    return resourceAttribute(this, this.resourceType(logicalId) ?? '', logicalId, attribute);
  }

  /** A named condition: true, false, or an unknown when it depends on something the template does not say. */
  condition(name: string): boolean | CfnUnknown {
    const cached = this.conditionCache.get(name);
    if (cached !== undefined) return cached;
    const raw = ownEntry(this.conditions, name);
    if (raw === undefined) return new CfnUnknown(`condition ${name} (not declared)`);
    this.conditionCache.set(name, new CfnUnknown(`condition ${name} (refers to itself)`));
    const result = this.decide(raw, name);
    this.conditionCache.set(name, result);
    return result;
  }

  private decide(raw: JsonValue, name: string): boolean | CfnUnknown {
    const value = this.evaluate(raw);
    const decided = typeof value === 'boolean' ? value : value === 'true' || value === 'false' ? value === 'true' : undefined;
    if (decided !== undefined) return this.pinned ? decided : this.sameForEveryAllowedValue(name, decided);
    if (isUnknown(value)) return new CfnUnknown(`condition ${name}: ${value.expression}`);
    return new CfnUnknown(`condition ${name} (not a condition function)`);
  }

  /**
   * A condition decided from parameter Defaults holds only for the deployment that keeps them. A
   * parameter whose `AllowedValues` list others says which other deployments there are: the
   * condition is decided only when every choice of them decides it the same way; otherwise it is
   * undecided, and both its branches hold (docs/semantics.md#symbolic-unknowns). A parameter without
   * AllowedValues is taken at its Default, as a Terraform variable's default is.
   * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/parameters-section-structure.html
   */
  private sameForEveryAllowedValue(name: string, decided: boolean): boolean | CfnUnknown {
    const choices = this.allowedChoices(name);
    if (choices.length === 0) return decided;
    const combinations = choices.reduce((n, c) => n * c.values.length, 1);
    const why = (): CfnUnknown => new CfnUnknown(`condition ${name}: ${choices.map((c) => `parameter ${c.parameter} may be ${c.values.join(', ')} (AllowedValues)`).join('; ')}`);
    if (combinations > MAX_ALLOWED_COMBINATIONS) return why();
    const parameters = objectAt(this.template, 'Parameters');
    for (let n = 0; n < combinations; n++) {
      let rest = n;
      const overridden: JsonObject = { ...parameters };
      for (const { parameter, values } of choices) {
        const declared = ownEntry(parameters, parameter);
        overridden[parameter] = { ...(isJsonObject(declared) ? declared : {}), Default: values[rest % values.length] as string };
        rest = Math.floor(rest / values.length);
      }
      const other = new TemplateEvaluator({ ...this.template, Parameters: overridden }, this.place, true).condition(name);
      if (other !== decided) return why();
    }
    return decided;
  }

  /** The parameters a condition reads (directly, through `Fn::Sub` or other conditions) whose AllowedValues offer a choice. */
  private allowedChoices(name: string): { parameter: string; values: string[] }[] {
    const read = new Set<string>();
    const seen = new Set<string>();
    const walk = (value: JsonValue | undefined): void => {
      if (Array.isArray(value)) { value.forEach(walk); return; }
      if (typeof value === 'string') return;
      if (!isJsonObject(value)) return;
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'Ref' && typeof inner === 'string') read.add(inner);
        else if (key === 'Condition' && typeof inner === 'string' && !seen.has(inner)) { seen.add(inner); walk(ownEntry(this.conditions, inner)); }
        else if (key === 'Fn::Sub') {
          const text = Array.isArray(inner) ? inner[0] : inner;
          if (typeof text === 'string') for (const m of text.matchAll(/\$\{([A-Za-z0-9]+)\}/g)) read.add(m[1] as string);
          walk(inner);
        } else walk(inner);
      }
    };
    seen.add(name);
    walk(ownEntry(this.conditions, name));
    const choices: { parameter: string; values: string[] }[] = [];
    for (const parameter of read) {
      const declared = ownEntry(this.parameters, parameter);
      if (!isJsonObject(declared) || declared['Default'] === undefined || !Array.isArray(declared['AllowedValues'])) continue;
      const values = declared['AllowedValues'].filter((v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean').map(String);
      if (values.length > 1) choices.push({ parameter, values });
    }
    return choices;
  }

  private parameterValue(name: string, parameter: JsonObject): CfnValue {
    const noEcho = isNoEcho(parameter);
    const fallback = parameter['Default'];
    // A NoEcho default is a secret by intent: it is never used, so it can never be echoed.
    if (noEcho) return new CfnUnknown(`!Ref ${name} (NoEcho parameter)`);
    if (fallback === undefined) return new CfnUnknown(`!Ref ${name} (parameter without Default)`);
    const type = typeof parameter['Type'] === 'string' ? parameter['Type'] : 'String';
    if (/^AWS::SSM::Parameter::Value</.test(type)) return new CfnUnknown(`!Ref ${name} (value of SSM parameter ${String(fallback)} at deploy time)`);
    if (LIST_TYPE.test(type)) {
      if (Array.isArray(fallback)) return fallback.map((v) => (typeof v === 'string' ? v : String(v)));
      return String(fallback).split(',').map((s) => s.trim());
    }
    if (typeof fallback === 'string' || typeof fallback === 'number' || typeof fallback === 'boolean') return String(fallback);
    return new CfnUnknown(`!Ref ${name} (Default is not text)`);
  }

  private intrinsic(name: string, argument: JsonValue): Evaluated {
    switch (name) {
      case 'Fn::Sub': return completedReference(this.sub(argument));
      case 'Fn::GetAtt': {
        const parts = typeof argument === 'string' ? splitOnce(argument) : Array.isArray(argument) ? argument.map((a) => this.evaluate(a)) : [];
        const [logicalId, attribute] = parts;
        if (typeof logicalId !== 'string' || typeof attribute !== 'string') return new CfnUnknown('!GetAtt with a malformed argument');
        return this.getAtt(logicalId, attribute);
      }
      case 'Fn::Join': {
        if (!Array.isArray(argument) || argument.length !== 2) return new CfnUnknown('!Join with a malformed argument');
        const delimiter = this.evaluate(argument[0] as JsonValue);
        const list = this.evaluate(argument[1] as JsonValue);
        if (typeof delimiter !== 'string') return new CfnUnknown('!Join with an unknown delimiter');
        if (isUnknown(list)) return new CfnUnknown(list.expression);
        if (!Array.isArray(list)) return new CfnUnknown('!Join of something that is not a list');
        const parts: (string | CfnUnknown)[] = [];
        list.forEach((item, i) => {
          if (i > 0) parts.push(delimiter);
          parts.push(scalarText(item));
        });
        return completedReference(concatParts(parts));
      }
      case 'Fn::If': {
        if (!Array.isArray(argument) || argument.length !== 3 || typeof argument[0] !== 'string') return new CfnUnknown('!If with a malformed argument');
        const decided = this.condition(argument[0]);
        if (decided === true) return this.evaluate(argument[1] as JsonValue);
        if (decided === false) return this.evaluate(argument[2] as JsonValue);
        const alternatives = [this.evaluate(argument[1] as JsonValue), this.evaluate(argument[2] as JsonValue)].filter((v): v is CfnValue => v !== NO_VALUE);
        const texts = alternatives.map((a) => (typeof a === 'string' ? a : undefined));
        const pattern = texts.length > 0 && texts.every((t) => t !== undefined) ? commonGlob(texts as string[]) : '*';
        return new CfnUnknown(`!If [${argument[0]}, …] (${decided.expression})`, pattern, undefined, alternatives);
      }
      case 'Fn::Select': {
        if (!Array.isArray(argument) || argument.length !== 2) return new CfnUnknown('!Select with a malformed argument');
        const index = this.evaluate(argument[0] as JsonValue);
        const list = this.evaluate(argument[1] as JsonValue);
        if (isUnknown(list)) return new CfnUnknown(list.expression);
        const i = typeof index === 'number' ? index : typeof index === 'string' ? Number(index) : NaN;
        if (!Array.isArray(list) || !Number.isInteger(i) || i < 0 || i >= list.length) return new CfnUnknown(`!Select ${String(index)} out of range or unknown`);
        return list[i] as CfnValue;
      }
      case 'Fn::Split': {
        if (!Array.isArray(argument) || argument.length !== 2) return new CfnUnknown('!Split with a malformed argument');
        const delimiter = this.evaluate(argument[0] as JsonValue);
        const source = this.evaluate(argument[1] as JsonValue);
        if (typeof delimiter !== 'string' || typeof source !== 'string') return new CfnUnknown(isUnknown(source) ? source.expression : '!Split of an unknown value');
        return source.split(delimiter);
      }
      case 'Fn::FindInMap': {
        if (!Array.isArray(argument) || argument.length < 3) return new CfnUnknown('!FindInMap with a malformed argument');
        const [mapName, top, second] = argument.slice(0, 3).map((a) => this.evaluate(a)) as [Evaluated, Evaluated, Evaluated];
        if (typeof mapName !== 'string' || typeof top !== 'string' || typeof second !== 'string') {
          return new CfnUnknown(`!FindInMap [${([mapName, top, second] as Evaluated[]).map((v) => describe(v)).join(', ')}]`);
        }
        const map = ownEntry(this.mappings, mapName);
        const level = isJsonObject(map) ? ownEntry(map, top) : undefined;
        const found = isJsonObject(level) ? ownEntry(level, second) : undefined;
        if (found === undefined) return new CfnUnknown(`!FindInMap [${mapName}, ${top}, ${second}] (no such entry)`);
        return this.evaluate(found);
      }
      case 'Fn::Base64': {
        const value = this.evaluate(argument);
        return typeof value === 'string' ? Buffer.from(value, 'utf8').toString('base64') : new CfnUnknown('!Base64 of an unknown value');
      }
      case 'Fn::ImportValue': {
        const value = this.evaluate(argument);
        return new CfnUnknown(`!ImportValue ${describe(value)}`);
      }
      case 'Fn::GetAZs': return new CfnUnknown('!GetAZs');
      case 'Fn::Cidr': return new CfnUnknown('!Cidr');
      case 'Fn::Equals': {
        if (!Array.isArray(argument) || argument.length !== 2) return new CfnUnknown('!Equals with a malformed argument');
        const [a, b] = argument.map((x) => this.evaluate(x)) as [Evaluated, Evaluated];
        if (isUnknown(a) || isUnknown(b)) return new CfnUnknown(`!Equals [${describe(a)}, ${describe(b)}]`);
        return JSON.stringify(normalizeScalar(a)) === JSON.stringify(normalizeScalar(b));
      }
      case 'Fn::And':
      case 'Fn::Or': {
        if (!Array.isArray(argument)) return new CfnUnknown(`${name} with a malformed argument`);
        const values = argument.map((x) => this.evaluate(x)).map(toBoolean);
        const isAnd = name === 'Fn::And';
        if (values.some((v) => v === !isAnd)) return !isAnd;
        const unknown = values.find(isUnknown);
        return unknown ?? isAnd;
      }
      case 'Fn::Not': {
        const [inner] = Array.isArray(argument) ? argument : [argument];
        const value = toBoolean(this.evaluate(inner as JsonValue));
        return isUnknown(value) ? value : !value;
      }
      default:
        return new CfnUnknown(`${name} (not evaluated by secret-scan)`);
    }
  }

  /** `Fn::Sub`: `${Name}` as Ref, `${Resource.Attribute}` as GetAtt, `${!Literal}` kept as `${Literal}`. */
  private sub(argument: JsonValue): Evaluated {
    let template: JsonValue | undefined = argument;
    const variables = new Map<string, CfnValue>();
    if (Array.isArray(argument)) {
      template = argument[0];
      const map = argument[1] === undefined ? {} : this.evaluate(argument[1] as JsonValue);
      if (isKnownMap(map as CfnValue)) for (const [k, v] of Object.entries(map as Record<string, CfnValue>)) variables.set(k, v);
    }
    if (typeof template !== 'string') return new CfnUnknown('!Sub with a malformed argument');
    const parts: (string | CfnUnknown)[] = [];
    let last = 0;
    for (const match of template.matchAll(/\$\{([^}]*)\}/g)) {
      parts.push(template.slice(last, match.index));
      last = match.index + match[0].length;
      const name = (match[1] ?? '').trim();
      if (name.startsWith('!')) { parts.push(`\${${name.slice(1)}}`); continue; }
      let value: Evaluated;
      if (variables.has(name)) value = variables.get(name) as CfnValue;
      else if (name.includes('.') && !name.startsWith('AWS::')) {
        const [logicalId = '', attribute = ''] = splitOnce(name);
        value = this.getAtt(logicalId, attribute);
      } else value = this.ref(name);
      parts.push(value === NO_VALUE ? '' : scalarText(value));
    }
    parts.push(template.slice(last));
    return concatParts(parts.filter((p) => p !== ''));
  }
}

const DYNAMIC_REFERENCE = /\{\{resolve:[^}]*\}\}/g;

function holdsDynamicReference(text: string): boolean {
  return /\{\{resolve:[^}]*\}\}/.test(text);
}

/**
 * A `!Join` or `!Sub` whose text completes a dynamic reference (CDK joins
 * `'{{resolve:secretsmanager:'`, the secret's `Ref` and `':SecretString:password::}}'`) is one: a
 * reference to a value resolved at deploy. A result with unknown parts keeps the reference's text in
 * its pattern, where the environment check finds it.
 */
function completedReference(value: Evaluated): Evaluated {
  return typeof value === 'string' && holdsDynamicReference(value) ? dynamicReference(value) : value;
}

/**
 * Dynamic references (`{{resolve:ssm:…}}`, `ssm-secure`, `secretsmanager`) are resolved at deploy
 * time: the text is a reference to a value, never the value, and stays unknown here.
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references.html
 */
function dynamicReference(text: string): CfnUnknown {
  const references = [...text.matchAll(DYNAMIC_REFERENCE)].map((m) => m[0]);
  if (references.length === 0) return new CfnUnknown('a malformed dynamic reference');
  return new CfnUnknown(references.join(', '), text.replace(DYNAMIC_REFERENCE, '*').replace(/\*{2,}/g, '*'));
}

function splitOnce(text: string): string[] {
  const dot = text.indexOf('.');
  return dot < 0 ? [text] : [text.slice(0, dot), text.slice(dot + 1)];
}

function toBoolean(value: Evaluated): boolean | CfnUnknown {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  if (isUnknown(value)) return value;
  return new CfnUnknown('a condition that is not true or false');
}

function normalizeScalar(value: Evaluated): unknown {
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : value === NO_VALUE ? null : value;
}

function describe(value: Evaluated | undefined): string {
  if (value === NO_VALUE) return 'AWS::NoValue';
  if (isUnknown(value)) return value.expression;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The longest common prefix and suffix of some texts, with `*` between: a glob matching each. */
function commonGlob(texts: string[]): string {
  if (texts.every((t) => t === texts[0])) return texts[0] ?? '*';
  let prefix = texts[0] ?? '';
  for (const t of texts) while (!t.startsWith(prefix)) prefix = prefix.slice(0, -1);
  let suffix = texts[0] ?? '';
  for (const t of texts) while (!t.endsWith(suffix) || suffix.length + prefix.length > t.length) suffix = suffix.slice(1);
  return `${prefix}*${suffix}`;
}

function objectAt(object: JsonObject, key: string): JsonObject {
  const value = object[key];
  return isJsonObject(value) ? value : {};
}

