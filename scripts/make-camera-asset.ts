/**
 * Makes assets/camera-128.png, the default image of `actlab siren`: scikit-image's `camera`
 * photo (512×512 grey; CC0, photographer Lav Varshney; shipped by Debian's python3-skimage)
 * downsampled by area averaging (4×4 block means) and stored as an 8-bit grey PNG.
 *
 *   npx tsx scripts/make-camera-asset.ts [/usr/lib/python3/dist-packages/skimage/data/camera.png]
 */
import { readImageFile, writePngFile } from '../src/data/node/image-file.js';
import { resizeArea } from '../src/data/image-transforms.js';

const source = process.argv[2] ?? '/usr/lib/python3/dist-packages/skimage/data/camera.png';
const side = 128;
const image = readImageFile(source, { channels: 1 });
const out = new URL(`../assets/camera-${side}.png`, import.meta.url);
writePngFile(out.pathname, resizeArea(image, side, side));
process.stdout.write(`wrote ${out.pathname} (${side}×${side} from ${image.shape.join('×')})\n`);
