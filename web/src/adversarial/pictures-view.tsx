/** The demo's small pictures: a 28 × 28 image on a canvas, and probability bars before/after the attack. */
import { useEffect, useRef } from 'preact/hooks';
import { topClass } from './pictures.js';

const SIDE = 28;

/** A 28 × 28 RGBA image, drawn pixelated at `size` CSS pixels, with a caption. */
export function ImageBox(props: { rgba: Uint8ClampedArray; label: string; caption: string; size?: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = canvas.current?.getContext('2d');
    if (!ctx) return;
    const image = ctx.createImageData(SIDE, SIDE);
    image.data.set(props.rgba);
    ctx.putImageData(image, 0, 0);
  }, [props.rgba]);
  const size = props.size ?? 112;
  return (
    <figure class="digit">
      <canvas
        ref={canvas}
        width={SIDE}
        height={SIDE}
        style={{ width: `${size}px`, height: `${size}px` }}
        role="img"
        aria-label={props.label}
      />
      <figcaption>{props.caption}</figcaption>
    </figure>
  );
}

/** Ten rows: the clean probability (grey) and the adversarial one (blue) per class; the true class bold. */
export function ProbBars(props: { clean: Float32Array; attacked: Float32Array; label: number; name: string }) {
  const pct = (p: number) => `${(100 * p).toFixed(p >= 0.995 || p < 0.001 ? 0 : 1)}%`;
  const adv = topClass(props.attacked);
  return (
    <div class="probs" role="table" aria-label={`Predicted probabilities of ${props.name}, clean and attacked`}>
      {Array.from(props.clean, (p, c) => (
        <div class={c === props.label ? 'prob-row true' : 'prob-row'} role="row" key={c}>
          <span role="cell">{c}</span>
          <span class="prob-bars" role="cell" aria-label={`clean ${pct(p)}, attacked ${pct(props.attacked[c]!)}`}>
            <span class="clean" style={{ width: `${100 * p}%` }} />
            <span
              class={c === adv.label ? 'attacked best' : 'attacked'}
              style={{ width: `${100 * props.attacked[c]!}%` }}
            />
          </span>
          <span class="prob-value" role="cell">
            {pct(props.attacked[c]!)}
          </span>
        </div>
      ))}
    </div>
  );
}
