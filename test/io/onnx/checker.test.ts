/**
 * The exported graphs pass ONNX's own checker with full_check (which also runs shape inference, so
 * the shapes toOnnx declares must agree with ONNX's): every activation case and every layer case,
 * at opsets 13 and 17. Debian's python3-onnx (1.12) knows opsets up to 17; CI installs it
 * (scripts/setup-system.sh). Where it is missing the test skips and says why.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { activations, manualSeed } from '../../../src/index.js';
import { toOnnx } from '../../../src/io/onnx/index.js';
import { activationCases, layerCases } from './cases.js';

const PYTHON = '/usr/bin/python3';
const CHECK = `
import json, sys
import onnx
failures = []
for path in sys.argv[1:]:
    try:
        onnx.checker.check_model(onnx.load(path), full_check=True)
    except Exception as e:
        failures.append(path.rsplit('/', 1)[-1] + ': ' + str(e).splitlines()[0])
print(json.dumps({'version': onnx.__version__, 'checked': len(sys.argv) - 1, 'failures': failures}))
`;

function checkerProblem(): string | null {
  const r = spawnSync(PYTHON, ['-c', 'import onnx'], { encoding: 'utf8' });
  if (r.error) return `${PYTHON} is not installed`;
  return r.status === 0 ? null : `${PYTHON} has no onnx module (apt-get install python3-onnx)`;
}

const problem = checkerProblem();
if (problem) console.log(`skipping the ONNX checker test: ${problem}`);

describe.skipIf(problem !== null)('onnx.checker.check_model(full_check=True)', () => {
  it('passes every activation case and every layer case at opsets 13 and 17', () => {
    const dir = mkdtempSync(join(tmpdir(), 'actlab-onnx-check-'));
    try {
      manualSeed(0);
      const files: string[] = [];
      const save = (name: string, bytes: Uint8Array): void => {
        const path = join(dir, `${name.replace(/[^A-Za-z0-9_.-]+/g, '_')}.onnx`);
        writeFileSync(path, bytes);
        files.push(path);
      };
      for (const opset of [13, 17]) {
        for (const spec of activations)
          for (const c of activationCases(spec))
            save(`${spec.id}-${c.label}-${opset}`, toOnnx(c.module, { inputShape: [-1, ...c.shape.slice(1)], opset }));
        for (const cases of Object.values(layerCases()))
          for (const c of cases)
            save(`${c.what}-${opset}`, toOnnx(c.model, { inputShape: [-1, ...c.shape.slice(1)], opset }));
      }
      const r = spawnSync(PYTHON, ['-c', CHECK, ...files], { encoding: 'utf8', timeout: 120_000 });
      expect(r.status, r.stderr).toBe(0);
      const out = JSON.parse(r.stdout) as { version: string; checked: number; failures: string[] };
      expect(out.checked).toBe(files.length);
      expect(out.failures).toEqual([]);
      console.log(`onnx ${out.version} checker: ${out.checked} exported graphs pass full_check`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
