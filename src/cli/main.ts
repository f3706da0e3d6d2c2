/** The `actlab` command line: one file per command under src/cli/commands, wired here. */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
// What the Node entry ('actlab/node') sets up: the float32 backend (WASM SIMD where available)
// and the file-based dataset loaders (mnist, fashion-mnist).
import '../backend/default.js';
import '../data/node/index.js';
import { DatasetNotFoundError } from '../data/errors.js';
import { ExperimentMismatchError } from '../experiments/runner.js';
import * as approx from './commands/approx.js';
import * as attack from './commands/attack.js';
import * as compare from './commands/compare.js';
import * as converge from './commands/converge.js';
import * as dead from './commands/dead.js';
import * as evalCommand from './commands/eval.js';
import * as exportCommand from './commands/export.js';
import * as gradflow from './commands/gradflow.js';
import * as lab from './commands/lab.js';
import * as list from './commands/list.js';
import * as merge from './commands/merge.js';
import * as notes from './commands/notes.js';
import * as plot from './commands/plot.js';
import * as robust from './commands/robust.js';
import * as selu from './commands/selu.js';
import * as show from './commands/show.js';
import * as siren from './commands/siren.js';
import * as train from './commands/train.js';
import { UsageError, oneLine } from './errors.js';
import { importForCli } from './imports.js';

/** Every command, in the order `actlab --help` lists them. */
/** `build` makes a fresh program: `actlab notes` runs the other commands through it. */
const COMMANDS: readonly { register(program: Command, build: () => Command): void }[] = [
  list,
  show,
  evalCommand,
  plot,
  train,
  gradflow,
  dead,
  compare,
  attack,
  robust,
  converge,
  selu,
  merge,
  siren,
  approx,
  notes,
  lab,
  exportCommand,
];

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export function buildProgram(): Command {
  const program = new Command('actlab')
    .description(
      'actlab — neural-network activation functions: look them up, plot them, train with them, compare them.',
    )
    .version(packageVersion(), '-V, --version', 'print the actlab version')
    .helpOption('-h, --help', 'show help for a command')
    .showSuggestionAfterError(true)
    .configureOutput({
      // Commander's errors (unknown option, bad option value…) as ONE line, with the way to more help.
      outputError: (str, write) => write(`actlab: ${oneLine(str)} (see --help)\n`),
    })
    .exitOverride();
  for (const c of COMMANDS) c.register(program, buildProgram);
  // --import (commands that take activations): the modules are loaded before the command runs.
  program.hook('preAction', async (_program, command) => {
    await importForCli((command.opts() as { import?: string[] }).import);
  });
  return program;
}

/** Errors that are the user's to fix: reported as one line with exit code 2. */
function isUsageError(err: unknown): boolean {
  return err instanceof UsageError || err instanceof DatasetNotFoundError || err instanceof ExperimentMismatchError;
}

/** Runs the CLI; resolves to the process exit code (0 ok, 2 bad usage or input, 1 failure). */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version exit through here with code 0; commander has printed its error line.
      return err.exitCode === 0 ? 0 : 2;
    }
    const command = program.args.find((a) => program.commands.some((c) => c.name() === a));
    console.error(`actlab${command ? ` ${command}` : ''}: ${oneLine(err)}`);
    return isUsageError(err) ? 2 : 1;
  }
}
