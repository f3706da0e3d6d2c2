/** Starts the built `actlab lab` on a free port for a test, and stops it (the whole process group). */
import { spawn, type ChildProcess } from 'node:child_process';

const bin = new URL('../../bin/actlab.js', import.meta.url).pathname;

export interface LabServer {
  url: string;
  process: ChildProcess;
  stop(): void;
}

/** Spawns `actlab lab --port 0 ...args` and resolves with the URL it prints. */
export function startLab(...args: string[]): Promise<LabServer> {
  // Detached: its own process group, killed as a whole in stop() (nothing outlives the test).
  const child = spawn(process.execPath, [bin, 'lab', '--port', '0', ...args], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = () => {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`actlab lab printed no URL in 30 s; stdout: ${out} stderr: ${err}`));
    }, 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += String(d);
      const m = /http:\/\/[^\s]+\//.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[0], process: child, stop });
      }
    });
    child.stderr!.on('data', (d: Buffer) => (err += String(d)));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`actlab lab exited with ${code} before printing its URL: ${err}`));
    });
  });
}
