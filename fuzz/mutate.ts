// Text mutations for the fuzzer: seeded (a small PRNG), so every failure can be reproduced from its seed.
import { seededRandom } from '../test/support/seeded-random.js';

export const CANARY = 'CANARY-f00dfacec0ffee';

export const random = seededRandom;

const SYNTAX = ['{', '}', '[', ']', '"', ',', ':', '=', '(', ')', '${', '%{', '\n', '\\', '*', '&a ', '*a', '!Ref ', '#', "'", '<<EOT\n', '\u0000', '\ud800', '\ufffd', ' ', '-', '0x', '1e999'];
const KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'Statement', 'Effect', 'Condition', 'NotPrincipal'];

/** Puts the canary where a secret value sits (or adds such a field), so it must never be echoed. */
export function plantCanary(text: string, rnd: () => number): string {
  const patterns: [RegExp, (m: string, k: string) => string][] = [
    [/"(value|Value|secret_id|SecretString|password|data_json)"(\s*:\s*)"(?:[^"\\]|\\.)*"/g, (_m, k) => `"${k}": "${CANARY}"`],
    [/\b(value|secret_id|password|data_json)(\s*=\s*)"(?:[^"\\]|\\.)*"/g, (_m, k) => `${k} = "${CANARY}"`],
    [/\b(Value|SecretString|password):[ \t]*[^\n]*/g, (_m, k) => `${k}: ${CANARY}`],
  ];
  for (const [re, replace] of patterns) {
    const matches = [...text.matchAll(re)];
    const pick = matches[Math.floor(rnd() * matches.length)];
    if (pick && pick.index !== undefined) return text.slice(0, pick.index) + replace(pick[0], pick[1] ?? 'value') + text.slice(pick.index + pick[0].length);
  }
  const brace = text.indexOf('{');
  if (text.trimStart().startsWith('{') && brace >= 0) return `${text.slice(0, brace + 1)}"SecretString": "${CANARY}",${text.slice(brace + 1)}`;
  if (/=\s*/.test(text)) return `locals {\n  password = "${CANARY}"\n}\n${text}`;
  return `${text}\nSecretString: ${CANARY}\n`;
}

const PLANTED_BEFORE = /(?:^|[^A-Za-z0-9_])"?(?:value|Value|secret_id|SecretString|password|data_json)"?[ \t]*[:=][ \t]*"?$/;

/**
 * True when every canary in the (mutated) text still sits where plantCanary put it, after a value
 * key. A mutation that splices it into a name (`name = "/inventoryCANARY…"`, `path "…CANARY…"`)
 * makes it an identifier, which reports show by design: such an input cannot test the property.
 */
export function canaryOnlyAsValue(text: string): boolean {
  for (let at = text.indexOf(CANARY); at >= 0; at = text.indexOf(CANARY, at + 1)) {
    if (!PLANTED_BEFORE.test(text.slice(Math.max(0, at - 40), at))) return false;
  }
  return true;
}

/** One to four random edits, biased to what breaks parsers: syntax characters, nesting, duplicates, splices. */
export function mutate(text: string, other: string, rnd: () => number): string {
  let out = text;
  const edits = 1 + Math.floor(rnd() * 4);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(rnd() * (out.length + 1));
    const span = Math.floor(rnd() * Math.min(64, out.length - at + 1));
    switch (Math.floor(rnd() * 10)) {
      case 0: out = out.slice(0, at) + out.slice(at + span); break;
      case 1: out = out.slice(0, at) + (SYNTAX[Math.floor(rnd() * SYNTAX.length)] ?? '') + out.slice(at); break;
      case 2: out = out.slice(0, at) + out.slice(at, at + span) + out.slice(at); break;
      case 3: {
        const from = Math.floor(rnd() * other.length);
        out = out.slice(0, at) + other.slice(from, from + 1 + Math.floor(rnd() * 200)) + out.slice(at);
        break;
      }
      case 4: out = out.replace(/\d+/, String([0, -1, 1e9, 100000000, 2 ** 53, 1.5][Math.floor(rnd() * 6)])); break;
      case 5: {
        const depth = [50, 300, 1100, 3000][Math.floor(rnd() * 4)] ?? 50;
        const [open = '[', close = ']'] = [['[', ']'], ['{"a":', '}'], ['(', ')'], ['- ', '']][Math.floor(rnd() * 4)] ?? [];
        out = out.slice(0, at) + open.repeat(depth) + '1' + close.repeat(depth) + out.slice(at);
        break;
      }
      case 6: {
        const key = KEYS[Math.floor(rnd() * KEYS.length)] ?? 'toString';
        out = out.replace(/"([A-Za-z_][\w:]*)"(\s*:)/, `"${key}"$2`);
        break;
      }
      case 7: {
        // Duplicate one "key": value pair in place.
        const pair = /"[A-Za-z_]+"\s*:\s*("(?:[^"\\]|\\.)*"|\[[^\]]*\]|[\w.-]+)/g;
        const all = [...out.matchAll(pair)];
        const p = all[Math.floor(rnd() * all.length)];
        if (p?.index !== undefined) out = `${out.slice(0, p.index)}${p[0]}, ${out.slice(p.index)}`;
        break;
      }
      case 8: out = out.slice(0, Math.floor(rnd() * out.length)); break;
      default: {
        const alias = 'a: &a [x, x, x, x, x, x, x, x, x]\n' + 'bcdefgh'.split('').map((c, i) => `${c}: &${c} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(', ')}]`).join('\n') + '\n';
        out = rnd() < 0.5 ? alias + out : out.slice(0, at) + '*nope' + out.slice(at);
      }
    }
  }
  return out;
}
