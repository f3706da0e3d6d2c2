/** Checkpoint files (Node only; the format is in `./checkpoint.ts`). */
import { readFileSync } from 'node:fs';
import { writeFileAtomic } from './atomic-file.js';
import {
  decodeCheckpoint,
  encodeCheckpoint,
  restoreCheckpoint,
  type Checkpoint,
  type CheckpointInfo,
  type CheckpointParts,
} from '../checkpoint.js';

/**
 * Writes a checkpoint of `parts` to `path`, atomically: a kill during the write leaves the
 * previous checkpoint intact, never a torn file.
 * @example io.saveCheckpoint('run/checkpoint.safetensors', { model, optimizer, scheduler }, { step, epoch })
 */
export function saveCheckpoint(path: string, parts: CheckpointParts, info: CheckpointInfo = {}): void {
  writeFileAtomic(path, encodeCheckpoint(parts, info));
}

/** Reads and decodes a checkpoint file. */
export function readCheckpoint(path: string): Checkpoint {
  return decodeCheckpoint(readFileSync(path), path);
}

/**
 * Restores the checkpoint at `path` into `parts` (built as for the first run) and returns its
 * counters.
 * @example const { step = 0 } = io.loadCheckpoint('run/checkpoint.safetensors', { model, optimizer, scheduler });
 */
export function loadCheckpoint(path: string, parts: CheckpointParts): CheckpointInfo {
  return restoreCheckpoint(readCheckpoint(path), parts);
}

/**
 * A `write` for fit's `checkpoint` option that writes each checkpoint to `path` atomically.
 * @example fit(model, data, { …, checkpoint: { every: 1, write: io.checkpointWriter('run/ckpt.safetensors') } })
 */
export function checkpointWriter(path: string): (bytes: Uint8Array) => void {
  return (bytes) => writeFileAtomic(path, bytes);
}
