/**
 * The kernels are built once, importing a *shared* memory (scripts/build-wasm.mjs), which browsers
 * only create on cross-origin isolated pages. Instead of shipping a third and fourth build, the
 * runtime flips the "shared" bit of the memory import in a copy of the bytes: the module then links
 * to an ordinary memory. Atomic instructions stay valid on unshared memory (the threads proposal
 * allows them); only `memory.atomic.wait` would trap, and it runs only in helper threads, which
 * need shared memory anyway.
 *
 * Binary format: magic + version (8 bytes), then sections `id:u8 size:leb128 payload`. The import
 * section (id 2) is `count`, then per import `module:name field:name kind:u8 desc`; a memory's
 * desc is its limits `flags:u8 min:leb128 [max:leb128]`, where flags bit 0 = has max, bit 1 = shared.
 */

const SHARED = 0x02;

/** A copy of `bytes` whose imported memory is declared unshared; throws if there is no shared memory import. */
export function unsharedMemoryImport(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes);
  let pos = 8;
  const fail = (what: string): never => {
    throw new Error(`wasm module: ${what} (at byte ${pos})`);
  };
  const leb = (): number => {
    let result = 0;
    for (let shift = 0; ; shift += 7) {
      if (pos >= out.length) fail('truncated LEB128 number');
      const b = out[pos++]!;
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
    }
  };
  const skipName = (): void => {
    const length = leb(); // not `pos += leb()`: that reads pos before leb() moves it
    pos += length;
  };
  const limits = (): number => {
    const at = pos;
    const flags = out[pos++]!;
    leb();
    if (flags & 0x01) leb();
    return at;
  };
  if (out.length < 8 || out[0] !== 0x00 || out[1] !== 0x61 || out[2] !== 0x73 || out[3] !== 0x6d) {
    fail('not a WebAssembly binary (bad magic number)');
  }
  while (pos < out.length) {
    const id = out[pos++]!;
    const size = leb();
    const end = pos + size;
    if (id !== 2) {
      pos = end;
      continue;
    }
    for (let count = leb(); count > 0; count--) {
      skipName();
      skipName();
      const kind = out[pos++];
      if (kind === 0) leb(); // function: type index
      else if (kind === 1) {
        pos++; // table: reference type, then limits
        limits();
      } else if (kind === 2) {
        const at = limits();
        if (out[at]! & SHARED) {
          out[at] = out[at]! & ~SHARED;
          return out;
        }
      } else if (kind === 3) pos += 2; // global: value type, mutability
      else if (kind === 4) {
        pos++; // tag: attribute, type index
        leb();
      } else fail(`unknown import kind ${kind}`);
    }
    break;
  }
  return fail('no shared memory import to unshare');
}
