/**
 * `--import <module>`, on every command that takes activations: modules that define activations
 * (calling registerActivation, or exporting specs made by defineActivation), loaded before the
 * command runs — `actlab compare --import ./bent.mjs --acts relu,bent_identity`. Commands that
 * train on worker threads hand the same modules to every worker.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Option } from 'commander';
import { importActivations } from '../activations/import.js';
import { UsageError, oneLine } from './errors.js';

/** The option, collecting repeats. */
export function importOption(): Option {
  return new Option(
    '--import <module>',
    'a JS module that defines activations (registerActivation, or exported defineActivation specs), loaded ' +
      'first; repeatable (default: none)',
  ).argParser((path: string, previous: string[] = []) => [...previous, path]);
}

/** File URLs of the modules (paths relative to the working directory); a missing file is a usage error. */
export function activationModuleUrls(paths: readonly string[] = []): string[] {
  return paths.map((path) => {
    const file = resolve(path);
    if (!existsSync(file)) throw new UsageError(`--import ${path}: no such file (${file})`);
    return pathToFileURL(file).href;
  });
}

/**
 * Loads the modules in this thread. A module that throws, or that defines no activation this
 * actlab can see (a module importing another copy of actlab and only registering there), is a
 * usage error naming it.
 */
export async function importForCli(paths: readonly string[] = []): Promise<void> {
  const urls = activationModuleUrls(paths);
  for (let i = 0; i < urls.length; i++) {
    let added: string[];
    try {
      added = await importActivations([urls[i]!]);
    } catch (err) {
      throw new UsageError(`--import ${paths[i]}: ${oneLine(err)}`);
    }
    if (added.length === 0) {
      throw new UsageError(
        `--import ${paths[i]}: the module defines no activation (call registerActivation(spec), or export the ` +
          `spec made by defineActivation, importing both from 'actlab')`,
      );
    }
  }
}
