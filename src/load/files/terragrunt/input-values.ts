import { isKnownMap, isUnknown, unknown, type TfObject, type TfUnknown, type TfValue } from '../terraform/tf-values.js';

/**
 * A unit's inputs, which may be known only in part: `inputs = merge(local.from_env_file, { name = "app" })`
 * with the first map unknown still sets `name` for certain, since a later map's keys win in
 * `merge` and in Terragrunt's include merge alike. `values` are the keys known to be set (a value
 * may itself be unknown); `rest`, when present, is an unknown map that may set any other key.
 */
export interface InputValues {
  values: TfObject;
  rest?: TfUnknown;
}

export const NO_INPUTS: InputValues = { values: {} };

/** A value `inputs` evaluates to, as input values: a map, or an unknown that may set anything. */
export function inputValuesOf(value: TfValue): InputValues {
  if (isKnownMap(value)) return { values: value };
  if (isUnknown(value)) return { values: {}, rest: value };
  return NO_INPUTS;
}

/** The inputs as one value (`include.NAME.inputs`): unknown as a whole when some key may be set by an unknown. */
export function inputValuesAsValue(inputs: InputValues): TfValue {
  return inputs.rest ?? inputs.values;
}

/**
 * `later` merged over `earlier` (`merge()`, Terragrunt's shallow include merge; `deep` merges maps
 * key by key and joins lists, https://terragrunt.gruntwork.io/docs/reference/config-blocks-and-attributes/#include).
 * An unknown map in `later` may override every key before it: each becomes unknown.
 */
export function mergeInputValues(earlier: InputValues, later: InputValues, strategy: 'shallow' | 'deep'): InputValues {
  const values: TfObject = {};
  for (const [key, value] of Object.entries(earlier.values)) values[key] = later.rest ? overridable(key, later.rest) : value;
  for (const [key, value] of Object.entries(later.values)) {
    const before = values[key];
    values[key] = strategy === 'deep' && before !== undefined && !later.rest ? deepMerge(before, value) : value;
  }
  const rest = later.rest ?? earlier.rest;
  return rest ? { values, rest } : { values };
}

/**
 * The value of a variable that an unknown map may set: unknown, named after the variable (a principal
 * it names is `unknown:var.NAME`), the map's expression said at its own line.
 */
export function overridable(name: string, rest: TfUnknown): TfUnknown {
  return unknown(`var.${name} (set by inputs that cannot be resolved)`, rest.source);
}

function deepMerge(parent: TfValue, child: TfValue): TfValue {
  if (Array.isArray(parent) && Array.isArray(child)) return [...parent, ...child];
  if (isKnownMap(parent) && isKnownMap(child)) return mergeInputValues({ values: parent }, { values: child }, 'deep').values;
  return child;
}
