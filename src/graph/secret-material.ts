/**
 * Judges whether a plaintext environment value is secret material (docs/semantics.md#ecs): known
 * credential formats decide alone; a secret-sounding name (PASSWORD, TOKEN, SECRET, KEY…) with a
 * literal value of 8+ characters that is not a reference, a placeholder, a boolean or a number
 * counts (`DB_PASSWORD=CANARY-7f3a9c`); otherwise a high-entropy string. Values that only point at
 * secrets (ARNs, secret or parameter names, paths, URLs without credentials, and comma-separated
 * lists of those: `SECRET_IDS=prod/a,prod/b`) and short identifiers are not secret material.
 * Returns the evidence (never the value) or undefined.
 */
export function detectSecretMaterial(name: string, value: string): string | undefined {
  // A reference to a value known elsewhere (`${aws_s3_bucket.logs.bucket}`) is no plaintext: only the
  // literal text around it is judged (`s3://x/logs/`, or `postgres://admin:hunter22@x/db`).
  const trimmed = withoutReferences(value.trim());
  for (const format of KNOWN_FORMATS) if (format.pattern.test(trimmed)) return format.evidence;
  if (isReferenceList(trimmed)) return undefined;
  const byEntropy = highEntropyEvidence(name, trimmed);
  if (byEntropy) return byEntropy;
  if (SECRET_NAME.test(name) && isLiteralSecretValue(trimmed)) {
    return `secret-sounding name with a literal value (${trimmed.length} chars)`;
  }
  return undefined;
}

/**
 * The text with each `${…}` reference (innermost first), and each stand-in for a name the inputs
 * cannot know (`«aws_secretsmanager_secret.app»`, docs/semantics.md#symbolic-unknowns), replaced by
 * one neutral character.
 */
function withoutReferences(value: string): string {
  let out = value.replace(/\u00AB[^\u00AB\u00BB]*\u00BB/g, 'x');
  for (let previous = ''; previous !== out;) {
    previous = out;
    out = out.replace(/\$\{[^{}]*\}/g, 'x');
  }
  return out;
}

function highEntropyEvidence(name: string, trimmed: string): string | undefined {
  if (trimmed.length < 16 || /\s/.test(trimmed)) return undefined;
  if (looksLikeReference(trimmed)) return undefined;
  const entropy = shannonEntropy(trimmed);
  const classes = characterClasses(trimmed);
  const secretName = SECRET_NAME.test(name);
  // A random 20+ character token from ≥3 character classes carries ~4+ bits per character;
  // identifiers and words stay well below. A secret-sounding name lowers the bar a little.
  const threshold = secretName ? 3.5 : 4.2;
  const minLength = secretName ? 16 : 24;
  if (trimmed.length >= minLength && entropy >= threshold && classes >= (secretName ? 2 : 3)) {
    return `high-entropy string (${entropy.toFixed(1)} bits/char, ${trimmed.length} chars${secretName ? ', secret-sounding name' : ''})`;
  }
  return undefined;
}

const SECRET_NAME = /(PASS(WORD|WD)?|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|SIGNING_?KEY|CREDENTIAL|_KEY$|^KEY$)/i;

/** A variable or key named as secrets are (`DB_PASSWORD`, `API_KEY`, `GITHUB_TOKEN`). */
export function hasSecretSoundingName(name: string): boolean {
  return SECRET_NAME.test(name);
}

const KNOWN_FORMATS: { pattern: RegExp; evidence: string }[] = [
  { pattern: /-----BEGIN ([A-Z ]+ )?PRIVATE KEY-----/, evidence: 'PEM private key' },
  { pattern: /^(AKIA|ASIA)[A-Z0-9]{16}$/, evidence: 'AWS access key id' },
  { pattern: /^(?=[^A-Z]*[A-Z])(?=[^a-z]*[a-z])(?=[^0-9]*[0-9])[A-Za-z0-9/+]{40}$/, evidence: 'AWS secret access key format (40 base64 characters)' },
  { pattern: /^gh[pousr]_[A-Za-z0-9]{36,}$/, evidence: 'GitHub token' },
  { pattern: /^github_pat_[A-Za-z0-9_]{20,}$/, evidence: 'GitHub fine-grained token' },
  { pattern: /^xox[abprs]-[A-Za-z0-9-]{10,}$/, evidence: 'Slack token' },
  { pattern: /^sk_live_[A-Za-z0-9]{16,}$/, evidence: 'Stripe live secret key' },
  { pattern: /^hv[sbr]\.[A-Za-z0-9_-]{20,}$/, evidence: 'Vault token' },
  { pattern: /^s\.[A-Za-z0-9]{24}$/, evidence: 'Vault token (legacy format)' },
  { pattern: /^AIza[0-9A-Za-z_-]{35}$/, evidence: 'Google API key' },
  { pattern: /^SG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}$/, evidence: 'SendGrid API key' },
  { pattern: /^eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}$/, evidence: 'JSON Web Token' },
  { pattern: /^[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:[^\s@/]{3,}@/i, evidence: 'password in a connection string' },
];

/** Placeholders people leave where the real value is filled in later. */
const PLACEHOLDER = /^(<[^>]*>|\$\{[^}]*\}|\{\{[^}]*\}\}|%[A-Za-z_]+%|\$[A-Z_][A-Z0-9_]*|change[_-]?me\w*|replace[_-]?me\w*|todo\b.*|tbd|fixme\b.*|placeholder\w*|dummy\w*|example\w*|your[_-].*|x{3,}|\*{3,}|none|null|nil|undefined|empty|secret|password|redacted)$/i;
const BOOLEAN = /^(true|false|yes|no|on|off|enabled?|disabled?)$/i;
const NUMBER = /^[-+]?\d+(\.\d+)?([eE][-+]?\d+)?$/;

/** A value under a secret-sounding name that is itself the secret: 8+ characters, not a pointer, placeholder, boolean or number. */
function isLiteralSecretValue(value: string): boolean {
  if (value.length < 8) return false;
  if (PLACEHOLDER.test(value) || BOOLEAN.test(value) || NUMBER.test(value)) return false;
  return !pointsAtSecret(value);
}

/** One value, or a comma-separated list, of which every element only points at a secret. */
function isReferenceList(value: string): boolean {
  if (!value.includes(',')) return false;
  const items = value.split(/\s*,\s*/);
  return items.every((item) => item !== '' && pointsAtSecret(item));
}

/**
 * True for what names a secret without being one: an ARN, a URL without credentials, a path or
 * secret name with `/` (`prod/payments/db`), an alias, a host name, or a name made of words only
 * (`payments-db-password`). A mixed token such as `CANARY-7f3a9c` is not a name.
 */
function pointsAtSecret(value: string): boolean {
  if (/^arn:aws[a-z-]*:/.test(value)) return true;
  if (/^[a-z][a-z0-9+.-]*:\/\/[^\s@]*$/i.test(value)) return true;
  if (/^\/?[\w.+=@-]+(\/[\w.+=@-]+)+\/?$/.test(value)) return true;
  if (/^([a-z0-9-]+\.)+[a-z]{2,}(:\d+)?$/.test(value)) return true;
  return /^[a-z]+([._-][a-z]+)+$/.test(value);
}

function looksLikeReference(value: string): boolean {
  if (/^arn:aws[a-z-]*:/.test(value)) return true;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return true; // a URL without credentials
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)) return true; // UUID: role_id, request id
  if (/^\/?[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)+\/?$/.test(value) && !/[A-Z].*[0-9].*[a-z]|[a-z].*[0-9].*[A-Z]/.test(value.replace(/\//g, ''))) return true; // paths
  if (/^[a-z0-9]+([._-][a-z0-9]+)+$/.test(value)) return true; // lower-case identifiers, host names
  if (/^[a-z0-9._\-/:@]+$/.test(value) && /[./]/.test(value)) return true; // image references, host:port/path
  return false;
}

function shannonEntropy(value: string): number {
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

function characterClasses(value: string): number {
  return [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(value)).length;
}
