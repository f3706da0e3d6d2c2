/** LaTeX from the specs, rendered by KaTeX to MathML (the browser typesets it; no font files needed). */
import katex from 'katex';
import { useMemo } from 'preact/hooks';

export function Tex(props: { tex: string; display?: boolean; label?: string }) {
  const html = useMemo(
    () =>
      katex.renderToString(props.tex, { output: 'mathml', displayMode: props.display ?? false, throwOnError: false }),
    [props.tex, props.display],
  );
  return <span class="math" aria-label={props.label} dangerouslySetInnerHTML={{ __html: html }} />;
}
