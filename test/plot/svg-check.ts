/** Test helpers: a tiny well-formedness check for the SVG the charts write, and counters. */

/** Throws unless every tag is closed in order and the root is an <svg> with xmlns. */
export function assertWellFormed(svg: string): void {
  if (!/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/.test(svg)) throw new Error('root is not <svg xmlns=…>');
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([a-zA-Z][\w:-]*)([^>]*?)(\/?)>/g)) {
    const [, close, name, , selfClose] = m;
    if (selfClose) continue;
    if (close) {
      const open = stack.pop();
      if (open !== name) throw new Error(`</${name}> closes <${open}>`);
    } else stack.push(name!);
  }
  if (stack.length) throw new Error(`unclosed: ${stack.join(', ')}`);
  if (/&(?!amp;|lt;|gt;|quot;|apos;)/.test(svg)) throw new Error('unescaped &');
}

/** Number of matches of `re` (global) in `s`. */
export function count(s: string, re: RegExp): number {
  return [...s.matchAll(new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g'))].length;
}

/** The `d` attributes of the paths with class `cls`. */
export function pathsOfClass(svg: string, cls: string): string[] {
  return [...svg.matchAll(/<path ([^>]*)\/>/g)]
    .map((m) => m[1]!)
    .filter((a) => a.includes(`class="${cls}"`))
    .map((a) => /d="([^"]*)"/.exec(a)![1]!);
}
