import { isKnownMap, isUnknown, type SymbolicUnknown } from '../../unknown-value.js';

/**
 * Values of a CloudFormation template after its intrinsic functions are evaluated. What cannot be
 * known from the template alone (a parameter without a default, `AWS::StackName`, an imported
 * value, a generated physical name) is a `CfnUnknown`: it keeps the expression for the user and a
 * glob covering every value it could take, so a mapping can widen instead of guessing.
 */
export class CfnUnknown implements SymbolicUnknown {
  readonly unknown = true;
  constructor(
    /** The expression that could not be resolved, as the template writes it: `!Ref DbArn`, `!ImportValue shared-key`. */
    readonly expression: string,
    /** A glob (`*` any run, `?` one character) matching every value it may take; `*` when nothing is known. */
    readonly pattern: string = '*',
    /**
     * A stable stand-in for one thing the template creates under a name AWS generates (a role
     * without `RoleName`): the same string wherever that thing is referred to.
     */
    readonly identity?: string,
    /** The values it may take, when there is a short list (an `Fn::If` on an undecided condition). */
    readonly alternatives?: CfnValue[],
  ) {}
}

/** `AWS::NoValue`: the property or list item is removed. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

export type CfnValue = string | number | boolean | null | CfnUnknown | CfnValue[] | { [key: string]: CfnValue };

export { isKnownMap, isUnknown };

/** The text a scalar stands for in a string context (`Fn::Join`, `Fn::Sub`), or an unknown. */
export function scalarText(value: CfnValue): string | CfnUnknown {
  if (isUnknown(value)) return value;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return '';
  return new CfnUnknown('a list or object where text is expected');
}

/**
 * Concatenates text parts. Known parts stay literal; unknown parts contribute their glob, their
 * expression, and their identity (the result has an identity only when every unknown part has one).
 */
export function concatParts(parts: (string | CfnUnknown)[]): string | CfnUnknown {
  if (parts.every((p): p is string => typeof p === 'string')) return parts.join('');
  const unknowns = parts.filter(isUnknown);
  const pattern = parts.map((p) => (typeof p === 'string' ? p : p.pattern)).join('');
  const identity = unknowns.every((u) => u.identity !== undefined) ? parts.map((p) => (typeof p === 'string' ? p : p.identity)).join('') : undefined;
  const expression = [...new Set(unknowns.map((u) => u.expression))].join(', ');
  return new CfnUnknown(expression, collapseStars(pattern), identity);
}

/** `**` matches what `*` matches: keep globs short and readable. */
function collapseStars(pattern: string): string {
  return pattern.replace(/\*{2,}/g, '*');
}

/** The identity a value names, when it names one thing: the string, or an unknown's stand-in. */
export function identityOf(value: CfnValue | undefined): string | undefined {
  if (typeof value === 'string') return value;
  if (isUnknown(value)) return value.identity;
  return undefined;
}

/** A parameter marked `NoEcho`: a secret, by the template's own word (`true` or `"true"`). */
export function isNoEcho(parameter: { readonly [key: string]: unknown }): boolean {
  return parameter['NoEcho'] === true || parameter['NoEcho'] === 'true';
}
