/** Reading a file's imports, for the architecture tests (layers.test.ts, web.test.ts). */

/** The relative module specifiers a file imports: `import … from`, `export … from`, `import '…'`, `import('…')`. */
export function importSpecifiers(source: string): string[] {
  const pattern = /(?:\bfrom\s*|\bimport\s*\(?\s*)'(\.{1,2}\/[^']+)'/g;
  return [...source.matchAll(pattern)].map((m) => m[1]!);
}
