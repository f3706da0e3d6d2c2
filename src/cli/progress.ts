/**
 * Progress of long commands on stderr. On a terminal: live bars (cli-progress), one per run in
 * flight plus an overall bar. Elsewhere (CI logs, pipes, tests): no bars, one plain line per
 * finished run (or epoch), so logs stay readable. stdout is never touched: it carries the
 * command's result (a table, or `--json`).
 */
import { MultiBar, type SingleBar } from 'cli-progress';
import type { TrainProgress } from '../experiments/runner.js';

export interface Progress {
  /** A run starts; `label` names it on its bar. */
  start(key: string, label: string): void;
  update(key: string, p: TrainProgress): void;
  /** A run ends; `line` is printed above the bars (or alone without bars). */
  finish(key: string, line: string): void;
  /** A line on stderr that does not break the bars. */
  log(line: string): void;
  stop(): void;
}

export interface ProgressOptions {
  /** Runs in all (the overall bar); 0 or 1 hides it. */
  total: number;
  /** Runs already finished before this command (resumed). */
  done?: number;
  /** Draw bars (default: stderr is a TTY). */
  bars?: boolean;
  /** No output at all (default false). */
  quiet?: boolean;
  /** Without bars, also print a line after every k-th epoch (and the last); default 0: one line per run. */
  epochLines?: number;
  /** cli-progress format of a run's bar, with {label} {bar} {value} {total} {epoch} {epochs} {loss} {acc} (default: epochs, loss, test accuracy). */
  format?: string;
}

const fmt = (v: number | undefined, digits = 4): string =>
  v === undefined || !Number.isFinite(v) ? '—' : v.toFixed(digits);

/** Creates the progress display for a command. */
export function createProgress(options: ProgressOptions): Progress {
  const write = (line: string): void => void process.stderr.write(`${line}\n`);
  if (options.quiet) return { start() {}, update() {}, finish() {}, log() {}, stop() {} };
  if (!(options.bars ?? process.stderr.isTTY === true)) return lineProgress(write, options.epochLines ?? 0);

  const multi = new MultiBar({
    stream: process.stderr,
    format: options.format ?? ' {label} |{bar}| {percentage}% · epoch {epoch}/{epochs} · loss {loss} · test acc {acc}',
    barsize: 24,
    barCompleteChar: '█',
    barIncompleteChar: '░',
    hideCursor: true,
    clearOnComplete: false,
    autopadding: true,
    fps: 5,
  });
  // Ctrl-C: put the cursor back before exiting (the bars hide it), then exit as a shell expects.
  const onSignal = (signal: NodeJS.Signals): void => {
    multi.stop();
    process.stderr.write(`\ninterrupted (${signal})\n`);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const bars = new Map<string, SingleBar>();
  const width = 20;
  let overall: SingleBar | undefined;
  if (options.total > 1) {
    overall = multi.create(
      options.total,
      options.done ?? 0,
      {},
      {
        format: ' {label} |{bar}| {value}/{total} runs · elapsed {duration_formatted} · eta {eta_formatted}',
      },
    );
    overall.update(options.done ?? 0, { label: 'all runs'.padEnd(width) });
  }
  return {
    start(key, label) {
      bars.set(key, multi.create(1, 0, { label: label.padEnd(width), epoch: 0, epochs: '?', loss: '—', acc: '—' }));
    },
    update(key, p) {
      const bar = bars.get(key);
      if (!bar) return;
      bar.setTotal(p.epochs * p.steps);
      bar.update((p.epoch - 1) * p.steps + p.step, {
        epoch: p.epoch,
        epochs: p.epochs,
        loss: fmt(p.loss),
        acc: fmt(p.testAccuracy),
      });
    },
    finish(key, line) {
      const bar = bars.get(key);
      if (bar) {
        multi.remove(bar);
        bars.delete(key);
      }
      multi.log(`${line}\n`);
      overall?.increment();
    },
    log(line) {
      multi.log(`${line}\n`);
    },
    stop() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      multi.stop();
    },
  };
}

function lineProgress(write: (line: string) => void, every: number): Progress {
  const lastEpoch = new Map<string, number>();
  const labels = new Map<string, string>();
  return {
    start(key, label) {
      labels.set(key, label);
    },
    update(key, p) {
      // An epoch is complete when its last step reports; its test accuracy arrives with the next epoch's first report.
      if (every < 1 || p.step !== p.steps || lastEpoch.get(key) === p.epoch) return;
      if (p.epoch % every !== 0 && p.epoch !== p.epochs) return;
      lastEpoch.set(key, p.epoch);
      write(`${labels.get(key) ?? key}: epoch ${p.epoch}/${p.epochs} · train loss ${fmt(p.loss)}`);
    },
    finish(_key, line) {
      write(line);
    },
    log: write,
    stop() {},
  };
}
