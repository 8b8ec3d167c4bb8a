import type { JsonObject, JsonValue } from '../model/source.js';

/**
 * Type guards for parsed input, shared by every loader: what a JSON (or YAML) document holds before
 * a loader gives it a type. A map that may hold symbolic unknowns is `isKnownMap` (unknown-value.ts).
 */

/** A JSON object: not an array, not null. */
export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An object of input not yet typed (a parsed document, an API response): not an array, not null. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
