/**
 * `actlab export DIR --onnx`: a model folder written by `actlab train` (model.json +
 * model.safetensors) as DIR/model.onnx, which takes raw inputs like the actlab model does (the
 * training data's standardisation is its first two nodes) and returns logits.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { MODEL_JSON } from '../../io/node/model-file.js';
import { decodeModelProto } from '../../io/onnx/proto.js';
import { DEFAULT_OPSET, toOnnx, type ToOnnxOptions } from '../../io/onnx/to-onnx.js';
import { MAX_OPSET, MIN_OPSET } from '../../io/onnx/graph.js';
import { OnnxExportError } from '../../io/onnx/module-exporters.js';
import { summarizeOps } from '../../io/onnx/describe.js';
import { writeFileAtomic } from '../../io/node/atomic-file.js';
import { zeros } from '../../tensor/create.js';
import { RESULTS_FILE } from '../../experiments/runner.js';
import { UsageError } from '../errors.js';
import { loadModelDir } from '../model-dir.js';
import { intArg, numberListArg } from '../options.js';
import { ensureOutFile, print, printJson } from '../output.js';

interface ExportOptions {
  onnx?: boolean;
  opset: number;
  out?: string;
  inputShape?: number[];
  standardize: boolean;
  json?: boolean;
}

/** A compare folder keeps results, not models: say so instead of "no model.json". */
function compareFolderProblem(dir: string): string | null {
  if (existsSync(join(dir, MODEL_JSON)) || !existsSync(join(dir, RESULTS_FILE))) return null;
  return (
    `${dir} is an actlab compare folder: compare keeps each run's results (${RESULTS_FILE}), not its trained model; ` +
    `train the configuration you want to export with actlab train --out DIR, then export DIR`
  );
}

/** "Conv×2, Relu×3, Gemm": the op types of the exported graph, in first-use order. */
function opCounts(bytes: Uint8Array): string {
  const graph = decodeModelProto(bytes).graph as { node?: { opType: string }[] };
  return summarizeOps((graph.node ?? []).map((n) => n.opType));
}

export function register(program: Command): void {
  program
    .command('export')
    .summary('write a trained model (actlab train --out DIR) as ONNX: DIR/model.onnx')
    .description(
      'Converts the model folder DIR (model.json + model.safetensors, written by actlab train or io.saveModel) to an ONNX ' +
        'file that onnxruntime and other runtimes load. The network is written in eval mode (Dropout off, BatchNorm with ' +
        'its running statistics) in float32, with a dynamic batch dim; each activation as its native ONNX op where the ' +
        'opset has one, else an exact decomposition (docs/interop.md lists which). The scaling train fitted on the ' +
        'training data is put in front as Sub and Div nodes, so the ONNX model takes the same raw inputs as the ' +
        'actlab model, and it returns logits.',
    )
    .argument('<dir>', 'model folder (written by actlab train --out)')
    .option('--onnx', 'write ONNX (the one export format; required)')
    .addOption(
      new Option('--opset <n>', `ai.onnx opset, ${MIN_OPSET}..${MAX_OPSET}`)
        .argParser(intArg(MIN_OPSET, MAX_OPSET))
        .default(DEFAULT_OPSET),
    )
    .option('--out <file>', 'output file (default: DIR/model.onnx)')
    .addOption(
      new Option(
        '--input-shape <dims>',
        "shape of one sample, e.g. 1,28,28 (default: model.json's input.shape; needed for models saved without it)",
      ).argParser(numberListArg(0, true)),
    )
    .option(
      '--no-standardize',
      "leave model.json's input standardisation out: the ONNX model then expects inputs already scaled as in training",
    )
    .option('--json', 'print {path, bytes, opset, inputShape, outputShape, standardize, ops} as JSON on stdout')
    .action((dir: string, o: ExportOptions) => {
      if (!o.onnx) throw new UsageError('choose the export format: --onnx (the only one so far)');
      const compare = compareFolderProblem(dir);
      if (compare) throw new UsageError(compare);
      const { model, json } = loadModelDir(dir, 'DIR');
      model.eval();
      const sample = o.inputShape ?? json.input?.shape;
      if (!sample)
        throw new UsageError(
          `export ${dir}: ${MODEL_JSON} does not say what one input sample looks like; pass --input-shape (e.g. 784 or 1,28,28)`,
        );
      if (sample.some((d) => !Number.isInteger(d)))
        throw new UsageError(`--input-shape: dims must be positive integers, got ${sample.join(',')}`);
      const standardize = o.standardize ? json.input?.standardize : undefined;
      const out = ensureOutFile(o.out ?? join(dir, 'model.onnx'), '--out', ['.onnx']);
      const options: ToOnnxOptions = {
        inputShape: [-1, ...sample],
        opset: o.opset,
        ...(standardize ? { standardize } : {}),
        docString:
          `actlab model exported from ${json.builder ? `a ${json.builder.kind} builder` : 'model.json'}` +
          `${json.input?.dataset ? ` trained on ${json.input.dataset}` : ''}; input: raw samples ` +
          `${standardize ? '(standardised inside the graph)' : '(scale them as in training)'}, output: logits`,
        metadata: Object.fromEntries(
          Object.entries({ dataset: json.input?.dataset, source: MODEL_JSON }).filter(
            (e): e is [string, string] => typeof e[1] === 'string',
          ),
        ),
      };
      let bytes: Uint8Array;
      let outputShape: number[];
      try {
        bytes = toOnnx(model, options);
        outputShape = model.forward(zeros([1, ...sample])).shape.slice(1);
      } catch (err) {
        if (err instanceof OnnxExportError || err instanceof RangeError)
          throw new UsageError(`export ${dir}: ${(err as Error).message}`);
        throw err;
      }
      writeFileAtomic(out, bytes);
      const ops = opCounts(bytes);
      const summary = {
        path: out,
        bytes: bytes.length,
        opset: o.opset,
        inputShape: ['N', ...sample],
        outputShape: ['N', ...outputShape],
        standardize: standardize ?? null,
        ops,
      };
      if (o.json) return printJson(summary);
      print(
        `wrote ${out} (${(bytes.length / 1024).toFixed(1)} KiB, opset ${o.opset})`,
        `  input  'input'  [N, ${sample.join(', ')}] float32: raw samples${standardize ? ', standardised inside the graph' : json.input?.standardize ? ', scaled as in training (--no-standardize)' : ''}`,
        `  output 'output' [N, ${outputShape.join(', ')}] float32: logits`,
        `  ops    ${ops}`,
      );
    });
}
