/**
 * "Open in CLI": the `actlab` command that does what the current view shows, where one exists
 * (docs/cli.md), or the reasons there is none. Derived from the state alone.
 */
import { planarInfo } from '../data/planar.js';
import type { ExplorerConfig } from './explorer.js';
import type { LabState } from './lab.js';
import type { PlaygroundConfig } from './playground.js';
import type { AdversarialConfig } from './adversarial.js';

export interface CliLine {
  /** The command lines (empty when there is no equivalent). */
  commands: string[];
  /** What the commands leave out, or why there is none. */
  notes: string[];
}

/** Shell-safe enough for ids, numbers and choices (quotes anything else). */
const arg = (v: string): string => (/^[\w.,:=+-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`);
const paramText = (v: number | string): string => (v === Infinity ? 'inf' : v === -Infinity ? '-inf' : String(v));

/** What the CLI line needs to know about activation ids. */
export interface ActivationKinds {
  isElementwise(id: string): boolean;
  /** Built into the library (the CLI knows it), not defined in the page. */
  isBuiltin(id: string): boolean;
}

export function explorerCli(c: ExplorerConfig, kinds: ActivationKinds): CliLine {
  if (!kinds.isBuiltin(c.act)) return { commands: [], notes: [`'${c.act}' is defined in this page only`] };
  const isElementwise = (id: string) => kinds.isBuiltin(id) && kinds.isElementwise(id);
  const params = Object.entries(c.params);
  const show = [
    'actlab show',
    arg(c.act),
    ...params.map(([k, v]) => `--param ${arg(`${k}=${paramText(v)}`)}`),
    `--range ${c.xMin},${c.xMax}`,
  ];
  const notes: string[] = [];
  const commands = [show.join(' ')];
  const plotted = [c.act, ...c.overlay].filter(isElementwise);
  if (plotted.length < [c.act, ...c.overlay].length)
    notes.push('actlab plot draws built-in elementwise activations only');
  if (plotted.length > 0) {
    const wantF = c.curves.includes('f');
    const wantDf = c.curves.includes('df');
    const plot = ['actlab plot', ...plotted.map(arg)];
    if (wantDf) plot.push(wantF ? '--derivative' : '--derivative-only');
    plot.push(`--range ${c.xMin},${c.xMax}`);
    if (kinds.isElementwise(c.act))
      for (const [k, v] of params) plot.push(`--param ${arg(`${c.act}.${k}=${paramText(v)}`)}`);
    plot.push(`--out ${arg(c.act)}.png`);
    commands.push(plot.join(' '));
    if (c.curves.includes('d2f')) notes.push('f″ is drawn in the lab only');
  }
  return { commands, notes };
}

/** Epochs the CLI would train for the same number of steps (at least one). */
const epochsFor = (c: PlaygroundConfig, steps: number, trainSize: number): number =>
  Math.max(1, Math.ceil(steps / Math.ceil(trainSize / c.batchSize)));

export function playgroundCli(c: PlaygroundConfig, steps: number, kinds: ActivationKinds): CliLine {
  const info = planarInfo(c.dataset);
  const why: string[] = [];
  const custom = [...c.acts, ...c.compare].filter((a) => !kinds.isBuiltin(a));
  if (custom.length > 0)
    why.push(`${custom.join(', ')} ${custom.length === 1 ? 'is' : 'are'} defined in this page only`);
  if (info.kind === 'regression') why.push('regression sets are lab-only');
  if (c.features.join(',') !== 'x1,x2') why.push(`the CLI feeds x₁, x₂ only (features: ${c.features.join(', ')})`);
  if (new Set(c.acts.slice(0, Math.max(1, c.hidden.length))).size > 1)
    why.push('the CLI uses one activation for every layer');
  if (c.loss !== 'cross_entropy') why.push(`the CLI trains with cross-entropy (loss: ${c.loss})`);
  if (c.reg !== 'none') why.push('the CLI has no L1/L2 penalty');
  if (c.optimizer === 'momentum') why.push('the CLI’s SGD has no momentum');
  if (c.noise !== info.defaultNoise) why.push(`the CLI uses the default noise ${info.defaultNoise}`);
  if (info.multiclass && c.classes !== 3) why.push('the CLI uses 3 classes');
  if (why.length > 0) return { commands: [], notes: why };
  const testSize = Math.ceil((c.testPercent / 100) * c.points - 1e-9);
  const trainSize = c.points - testSize;
  const common = [
    `--dataset ${c.dataset}`,
    `--train-size ${trainSize}`,
    `--test-size ${testSize}`,
    `--data-seed ${c.dataSeed}`,
    `--hidden ${c.hidden.length ? c.hidden.join(',') : 'none'}`,
    `--optimizer ${c.optimizer}`,
    `--lr ${c.lr}`,
    `--batch-size ${c.batchSize}`,
    `--init ${c.init}`,
    `--epochs ${epochsFor(c, steps, trainSize)}`,
  ];
  if (c.compare.length > 0) {
    return {
      commands: [
        [
          'actlab compare',
          `--acts ${c.compare.map(arg).join(',')}`,
          `--seeds 1 --first-seed ${c.seed}`,
          ...common,
        ].join(' '),
      ],
      notes: ['the same settings; batches are drawn by the CLI’s DataLoader, so the numbers differ slightly'],
    };
  }
  return {
    commands: [['actlab train', `--act ${arg(c.acts[0] ?? 'relu')}`, ...common, `--seed ${c.seed}`].join(' ')],
    notes: ['the same settings; batches are drawn by the CLI’s DataLoader, so the numbers differ slightly'],
  };
}

/**
 * The demo's two models trained and attacked by the CLI: `actlab train` with the page's network
 * and schedule on MNIST (2,500 training, 500 test digits), then `actlab attack` at the page's ε.
 */
export function adversarialCli(c: AdversarialConfig, kinds: ActivationKinds): CliLine {
  const custom = [c.actA, c.actB].filter((a) => !kinds.isBuiltin(a));
  if (custom.length > 0)
    return {
      commands: [],
      notes: [`${custom.join(', ')} ${custom.length === 1 ? 'is' : 'are'} not a built-in activation`],
    };
  if (c.trainEps > 0)
    return {
      commands: [],
      notes: [
        'actlab train has no adversarial training; actlab robust trains the CNN adversarially under each activation (docs/adversarial.md)',
      ],
    };
  const attack = [`--attack ${c.attack}`, `--eps ${c.eps}`];
  if (c.attack === 'pgd') {
    attack.push(`--steps ${c.steps}`);
    if (c.alpha > 0) attack.push(`--alpha ${c.alpha}`);
    attack.push(`--seed ${c.seed}`);
  }
  const commands = [...new Set([c.actA, c.actB])].map((act) => {
    const out = arg(`adv-${act}`);
    const train = [
      'actlab train --dataset mnist --train-size 2500 --test-size 500',
      `--hidden 64 --act ${arg(act)} --optimizer adam --lr 0.003 --batch-size 64 --epochs ${c.epochs} --seed ${c.seed}`,
      `--out ${out}`,
    ];
    return `${train.join(' ')} && actlab attack --model ${out} ${attack.join(' ')}`;
  });
  return {
    commands,
    notes: [
      'the same network, optimizer and schedule; the CLI draws its own seeded 2,500/500 split of the mnist package’s digits, so its numbers differ slightly',
      'actlab attack reports robust accuracy over all 500 test digits (--eps takes a list for a curve) and writes examples.png',
    ],
  };
}

export function cliLine(s: LabState, steps: number, kinds: ActivationKinds): CliLine {
  switch (s.view) {
    case 'explorer':
      return explorerCli(s.explorer, kinds);
    case 'playground':
      return playgroundCli(s.playground, steps, kinds);
    case 'adversarial':
      return adversarialCli(s.adversarial, kinds);
  }
}
