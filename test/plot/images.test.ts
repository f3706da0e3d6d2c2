import { describe, expect, it } from 'vitest';
import { imageGrid, svgToPng } from '../../src/plot/node/index.js';
import { assertWellFormed, count } from './svg-check.js';

const digit = Array.from({ length: 4 * 4 }, (_, i) => i / 15);

describe('imageGrid', () => {
  it('draws one rect per pixel, labels rows, captions images and renders to PNG', () => {
    const svg = imageGrid({
      title: 'examples',
      rows: [
        { label: 'clean', images: [{ data: digit, shape: [1, 4, 4], caption: ['label 7', 'pred 7 (99%)'] }] },
        {
          label: 'perturbation',
          images: [
            {
              data: digit.map((v) => 2 * v - 1),
              shape: [1, 4, 4],
              scale: 'diverging',
              captionColor: '#b2182b',
              caption: ['x'],
            },
          ],
        },
      ],
    });
    assertWellFormed(svg);
    expect(count(svg, /<rect x=/)).toBe(2 * 16 + 2); // pixels + one frame per image
    expect(svg).toContain('#000000'); // grey 0 → black
    expect(svg).toContain('#ffffff');
    expect(svg).toContain('>perturbation<');
    expect(svg).toContain('>pred 7 (99%)<');
    expect(svg).toContain('fill="#b2182b"');
    expect(svgToPng(svg).subarray(1, 4).toString()).toBe('PNG');
  });

  it('rejects images that do not fill their shape and unsupported channel counts', () => {
    expect(() => imageGrid({ rows: [] })).toThrow('imageGrid: rows must be a non-empty array');
    expect(() => imageGrid({ rows: [{ label: 'a', images: [{ data: [1, 2], shape: [1, 2, 2] }] }] })).toThrow(
      'imageGrid: image data has 2 values for shape [1, 2, 2] (row 0, image 0)',
    );
    expect(() => imageGrid({ rows: [{ label: 'a', images: [{ data: [1, 2, 3, 4], shape: [2, 1, 2] }] }] })).toThrow(
      'imageGrid: images need 1 or 3 channels, got 2',
    );
  });
});
