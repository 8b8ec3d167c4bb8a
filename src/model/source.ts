/** Where something came from: a file position, or an API call for live inventories. */
export interface SourceRef {
  /** Path relative to the scan root (forward slashes), or `aws:<service>:<region>` / `vault:<addr>` for live reads. */
  file: string;
  /** 1-based line, when known. */
  line?: number;
  /** 1-based column, when known. */
  column?: number;
  /** A logical address inside the file (Terraform resource address, CloudFormation logical id, JSON pointer). */
  pointer?: string;
}

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };
