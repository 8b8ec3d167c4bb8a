/** Bad configuration or flags: the CLI maps it to exit code 2 and prints only the message. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
