/** The `actlab` command line: one file per command under src/cli/commands, wired here. */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export function buildProgram(): Command {
  const program = new Command('actlab')
    .description('actlab — neural-network activation functions: look them up, plot them, train with them, compare them.')
    .version(packageVersion(), '-V, --version', 'print the actlab version')
    .helpOption('-h, --help', 'show help for a command')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  return program;
}

/** Runs the CLI; resolves to the process exit code (0 ok, 2 bad usage or input, 1 failure). */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version exit through here with code 0.
      return err.exitCode === 0 ? 0 : 2;
    }
    console.error(`actlab: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}
