import type { HclExpression } from '../hcl/hcl-ast.js';
import { ownEntry, parseYamlDocument } from '../../../input-safety.js';
import type { SourceRef } from '../../../model/source.js';
import type { EvalScope, UnknownHere } from './evaluate-expression.js';
import { collectionFunctions } from './tf-functions-collections.js';
import { filesetPattern } from './fileset-pattern.js';
import { stringFunctions } from './tf-functions-strings.js';
import {
  containsUnknown, encodeJson, fromJson, isEvaluationError, isKnownMap, isUnknown, MAX_ALTERNATIVES, toBoolValue, toNumberValue, toStringValue,
  type TfObject, type TfUnknown, type TfValue,
} from './tf-values.js';

/** What functions that touch the module need: its files (`file`, `templatefile`). */
export interface FunctionContext {
  /** Text of a file named as in the configuration (relative to the module), or undefined when not handed over. */
  readFile(path: string): string | undefined;
  /** Renders a template file's text with the given variables (`templatefile`). */
  renderTemplate(text: string, path: string, vars: TfObject, at: SourceRef): TfValue;
  /** The regular files below a directory named as in the configuration, relative to it (`fileset`); undefined when it cannot be listed. */
  listFiles(path: string): string[] | undefined;
  /** Functions of the tool whose configuration this is (Terragrunt's), besides Terraform's. */
  functionOf?(name: string): TfFunction | undefined;
}

export interface CallSite {
  context: FunctionContext;
  argExprs: HclExpression[];
  unknownHere: UnknownHere;
  scope: EvalScope;
}

/** A function body: gets evaluated arguments; returns undefined when the arguments are not acceptable. */
export type TfFunction = (args: TfValue[], site: CallSite) => TfValue | undefined;

// Functions that decide on their own how unknown arguments flow; every other function with an
// unknown argument yields an unknown naming the whole call.
const UNKNOWN_AWARE = new Set(['jsonencode', 'templatefile', 'try', 'can', 'coalesce', 'concat', 'merge', 'flatten', 'tolist', 'toset', 'distinct',
  'element', 'lookup', 'keys', 'values', 'compact', 'slice', 'one', 'zipmap', 'length', 'contains', 'tomap', 'reverse', 'coalescelist', 'index']);

const coreFunctions: Record<string, TfFunction> = {
  // With an unknown inside, the encoded text cannot exist yet: keep the structure, so that a policy
  // document still shows which Resource or Principal is unknown instead of becoming one unknown blob.
  jsonencode: ([v]) => (v === undefined ? undefined : containsUnknown(v) ? v : encodeJson(v)),
  jsondecode: ([v]) => {
    if (typeof v !== 'string') return undefined;
    try { return fromJson(JSON.parse(v)); } catch { return undefined; }
  },
  // https://developer.hashicorp.com/terraform/language/functions/yamldecode: one document, YAML 1.2's
  // core types (maps, sequences, strings, numbers, booleans, null); anything else is an error.
  yamldecode: ([v]) => {
    if (typeof v !== 'string') return undefined;
    const doc = parseYamlDocument(v, { schema: 'core', uniqueKeys: true, prettyErrors: false });
    if (!doc || doc.errors.length > 0) return undefined;
    try {
      return fromJson(doc.toJS({ maxAliasCount: 100 }));
    } catch {
      // An alias that expands too far (a "billion laughs" text) is refused, as an error.
      return undefined;
    }
  },
  file: ([p], site) => {
    const path = toStringValue(p as TfValue);
    if (path === undefined) return undefined;
    const text = site.context.readFile(path);
    return text ?? site.unknownHere('file not in the scan');
  },
  // https://developer.hashicorp.com/terraform/language/functions/fileset: the regular files below
  // `path` whose path relative to it matches the pattern, in lexical order. A directory the scan
  // cannot list leaves the set unknown, never empty: what the files would grant stays possible.
  fileset: ([p, pattern], site) => {
    if (isUnknown(p) || isUnknown(pattern)) return site.unknownHere();
    const dir = toStringValue(p as TfValue);
    if (dir === undefined || typeof pattern !== 'string') return undefined;
    const matcher = filesetPattern(pattern);
    if (!matcher) return undefined;
    const files = site.context.listFiles(dir);
    if (files === undefined) return site.unknownHere('directory not in the scan');
    return files.filter((file) => matcher.test(file));
  },
  // Unknown variables stay in place in the rendered text (see evaluateTemplate's `parts`), so a
  // JSON template keeps its structure around them.
  templatefile: ([p, vars], site) => {
    if (isUnknown(p) || isUnknown(vars)) return site.unknownHere();
    const path = toStringValue(p as TfValue);
    if (path === undefined || !isKnownMap(vars)) return undefined;
    const text = site.context.readFile(path);
    if (text === undefined) return site.unknownHere('file not in the scan');
    const at = site.scope.file.path;
    return site.context.renderTemplate(text, path, vars, { file: at, line: site.argExprs[0]?.range.start.line ?? 1 });
  },
  try: (args, site) => {
    for (const a of args) if (!isEvaluationError(a)) return a;
    return site.unknownHere('no argument of try could be evaluated');
  },
  can: ([v]) => (v === undefined ? undefined : isEvaluationError(v) ? false : isUnknown(v) ? v : true),
  coalesce: (args, site) => {
    for (const a of args) {
      if (isUnknown(a)) return site.unknownHere();
      if (a !== null && a !== '') return a;
    }
    return undefined;
  },
  tostring: ([v]) => (v === null ? null : toStringValue(v as TfValue)),
  tonumber: ([v]) => (v === null ? null : toNumberValue(v as TfValue)),
  tobool: ([v]) => (v === null ? null : toBoolValue(v as TfValue)),
};

const functions: Record<string, TfFunction> = { ...coreFunctions, ...collectionFunctions, ...stringFunctions };

/** Longest text a function or template may build; past it the value is unknown (it widens). */
export const MAX_TF_STRING = 1_000_000;

/**
 * The idioms that take "the" element of a list of unknown length whose elements are all one stand-in
 * instance (`TfUnknown.standInElement`: a splat over a resource whose `count` is unknown) read the
 * stand-in, as `x[0]` does: `one(x[*].a)`, `join("", x.*.a)`, `element(concat(x.*.a, [""]), 0)`.
 * If the resource has no instance, whatever reads it does not exist either (the same condition
 * gates both in these idioms), so reading the stand-in can only add what the inputs may grant.
 * Undefined when the call is not one of them.
 */
function standInListCall(name: string, args: TfValue[], site: CallSite): TfValue | undefined {
  const first = args[0];
  const element = first !== undefined && isUnknown(first) ? first.standInElement : undefined;
  if (element === undefined) {
    // join(separator, list): the list is the second argument.
    const list = args[1];
    const joined = name === 'join' && args.length === 2 && typeof args[0] === 'string' && list !== undefined && isUnknown(list) ? list.standInElement : undefined;
    return joined !== undefined && (typeof joined === 'string' || isUnknown(joined)) ? joined : undefined;
  }
  if (name === 'one' && args.length === 1) return element;
  if (name === 'element' && args.length === 2 && toNumberValue(args[1] as TfValue) === 0) return element;
  // `concat(x.*.a, [""])`: still of unknown length, and its first element, when x has one, is the stand-in's.
  if (name === 'concat' && args.slice(1).every((a) => Array.isArray(a))) {
    const list = site.unknownHere();
    if (isUnknown(list)) (list as TfUnknown).standInElement = element;
    return list;
  }
  return undefined;
}

/**
 * `concat` of known lists and lists of unknown length: a list of unknown length that certainly holds
 * the known lists' elements (`TfUnknown.knownElements`). Undefined when every argument is known, or
 * when one is not a list at all.
 */
function partlyKnownConcat(args: TfValue[], site: CallSite): TfValue | undefined {
  if (!args.some(isUnknown) || !args.every((a) => Array.isArray(a) || (isUnknown(a) && !isEvaluationError(a)))) return undefined;
  const list = site.unknownHere();
  if (!isUnknown(list)) return list;
  list.knownElements = args.flatMap((a) => (Array.isArray(a) ? a : isUnknown(a) ? a.knownElements ?? [] : []));
  // Each unknown a conditional whose branches are known lists (`var.x ? [a] : []`): the lists it may be.
  const choices = args.map((a) => (Array.isArray(a) ? [a] : isUnknown(a) && a.alternatives?.every(Array.isArray) ? (a.alternatives as TfValue[][]) : undefined));
  if (choices.every((c): c is TfValue[][] => c !== undefined)) {
    let lists: TfValue[][] = [[]];
    for (const options of choices) lists = lists.flatMap((head) => options.map((tail) => [...head, ...tail]));
    if (lists.length <= MAX_ALTERNATIVES) list.alternatives = lists;
  }
  return list;
}

/** The function names this evaluator implements (for documentation and tests). */
export const supportedFunctionNames: readonly string[] = Object.keys(functions).sort();

/**
 * Calls a Terraform built-in function. An unknown function, wrong arguments, or an unknown argument
 * (outside the functions that carry unknowns through element by element) yields an unknown naming
 * the call as written. https://developer.hashicorp.com/terraform/language/functions
 */
export function callFunction(name: string, args: TfValue[], site: CallSite): TfValue {
  // Provider-namespaced functions (provider::aws::arn_parse) and anything else unknown.
  const fn = site.context.functionOf?.(name) ?? ownEntry(functions, name);
  if (!fn) return site.unknownHere(`unknown function ${name}`);
  const read = standInListCall(name, args, site);
  if (read !== undefined) return read;
  const partial = name === 'concat' ? partlyKnownConcat(args, site) : undefined;
  if (partial !== undefined) return partial;
  if (!UNKNOWN_AWARE.has(name)) {
    const bad = args.find((a) => containsUnknown(a));
    if (bad !== undefined) return isEvaluationError(bad) ? bad : site.unknownHere();
  } else if (name !== 'try' && name !== 'can' && name !== 'jsonencode' && name !== 'templatefile') {
    const bad = args.find((a) => isUnknown(a));
    if (bad !== undefined && name !== 'coalesce') return isEvaluationError(bad) ? bad : site.unknownHere();
  }
  const out = fn(args, site);
  // A bound on every string a function builds: `jsonencode` nested 40 deep doubles its text each level.
  if (typeof out === 'string' && out.length > MAX_TF_STRING) return site.unknownHere(`${name} builds a text longer than ${MAX_TF_STRING} characters`);
  return out === undefined ? site.unknownHere(`invalid arguments to ${name}`, true) : out;
}
