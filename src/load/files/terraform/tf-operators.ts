import type { UnknownHere } from './evaluate-expression.js';
import { isUnknown, toBoolValue, toNumberValue, valuesEqual, type TfValue } from './tf-values.js';

/**
 * Binary operators with Terraform's conversions (numbers from numeric strings, bools from "true").
 * An unknown operand makes the result unknown, except where the other side decides `&&` / `||`.
 * https://developer.hashicorp.com/terraform/language/expressions/operators
 */
export function applyOperator(operator: string, left: TfValue, right: TfValue, unknownHere: UnknownHere): TfValue {
  if (operator === '&&' || operator === '||') {
    const l = isUnknown(left) ? undefined : toBoolValue(left);
    const r = isUnknown(right) ? undefined : toBoolValue(right);
    if (operator === '&&' && (l === false || r === false)) return false;
    if (operator === '||' && (l === true || r === true)) return true;
    if (l === undefined || r === undefined) return unknownHere();
    return operator === '&&' ? l && r : l || r;
  }
  if (isUnknown(left) || isUnknown(right)) return unknownHere();
  if (operator === '==') return valuesEqual(left, right);
  if (operator === '!=') return !valuesEqual(left, right);
  const a = toNumberValue(left);
  const b = toNumberValue(right);
  if (a === undefined || b === undefined) return unknownHere('operands are not numbers');
  switch (operator) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/': return b === 0 ? unknownHere('division by zero') : a / b;
    case '%': return b === 0 ? unknownHere('division by zero') : a % b;
    case '<': return a < b;
    case '<=': return a <= b;
    case '>': return a > b;
    case '>=': return a >= b;
    default: return unknownHere(`operator ${operator}`);
  }
}
