import type { HclExpression } from '../hcl/parse-hcl.js';

/** A statically known HCL value, as Vault's HCL decoder would see it. */
export type HclStaticValue = string | number | boolean | null | HclStaticValue[] | { [key: string]: HclStaticValue };

/**
 * Evaluates an expression that must be a constant (Vault policies have no variables or functions).
 * Returns `undefined` for anything that needs evaluation context; callers turn that into an Issue.
 */
export function staticValue(expr: HclExpression): HclStaticValue | undefined {
  switch (expr.kind) {
    case 'literal':
      return expr.value;
    case 'template': {
      let out = '';
      for (const part of expr.parts) {
        if (part.kind !== 'text') return undefined;
        out += part.value;
      }
      return out;
    }
    case 'tuple': {
      const items: HclStaticValue[] = [];
      for (const item of expr.items) {
        const v = staticValue(item);
        if (v === undefined) return undefined;
        items.push(v);
      }
      return items;
    }
    case 'object': {
      const obj: { [key: string]: HclStaticValue } = {};
      for (const item of expr.items) {
        // An object key written as a bare word is its own name, not a variable reference.
        const key = item.key.kind === 'variable' ? item.key.name : staticValue(item.key);
        const value = staticValue(item.value);
        if (key === undefined || key === null || typeof key === 'object' || value === undefined) return undefined;
        obj[String(key)] = value;
      }
      return obj;
    }
    case 'unary':
      if (expr.operator === '-' && expr.operand.kind === 'literal' && typeof expr.operand.value === 'number') return -expr.operand.value;
      return undefined;
    default:
      return undefined;
  }
}
