/** How the terminal output looks, from `--no-color` / `--quiet` and the environment. */
export interface OutputStyle {
  color: boolean;
  /** Nothing on stdout but errors; report files and the exit code are unchanged. */
  quiet: boolean;
}

/**
 * Takes `--no-color` and `--quiet` out of argv (anywhere before `--`) and decides colour: never with
 * `--no-color` or a non-empty NO_COLOR (https://no-color.org); always with FORCE_COLOR set to
 * anything but '', '0' or 'false'; otherwise only when stdout is a terminal.
 */
export function takeOutputFlags(argv: readonly string[], stdout: { isTTY?: boolean }, env: NodeJS.ProcessEnv): { argv: string[]; style: OutputStyle } {
  const end = argv.indexOf('--');
  const head = end === -1 ? [...argv] : argv.slice(0, end);
  const tail = end === -1 ? [] : argv.slice(end);
  const noColor = head.includes('--no-color');
  const quiet = head.includes('--quiet') || head.includes('-q');
  const rest = head.filter((arg) => arg !== '--no-color' && arg !== '--quiet' && arg !== '-q');
  const force = env.FORCE_COLOR;
  let color = stdout.isTTY === true;
  if (force !== undefined && force !== '' && force !== '0' && force !== 'false') color = true;
  if (noColor || (env.NO_COLOR !== undefined && env.NO_COLOR !== '')) color = false;
  return { argv: [...rest, ...tail], style: { color, quiet } };
}

/** The marks of the text report, explained once under it. */
export const TEXT_LEGEND = 'Legend: ~ conditional reader (holds only under a condition the scan could not decide) · ↳ chain of grants from the principal to the secret';
