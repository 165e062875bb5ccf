// The histogram op from stock tfjs ops, for backends without a kernel of ours (webgl): gather the
// node's codes, offset them per feature and weight-bincount. tf.bincount with weights is correct on
// every backend (measured); unsortedSegmentSum is not an option (missing on wasm, very slow on
// cpu/webgl). Needs the codes unpacked, one int32 per feature.
import type { Tensor, Tensor1D, Tensor2D } from '@tensorflow/tfjs';
import type { Tf } from '../../backend.ts';

export function compositeHistogram(
  tf: Tf,
  codesUnpacked: Tensor2D,
  binOffsets: Tensor1D,
  rows: Tensor1D,
  grad: Tensor1D,
  hess: Tensor1D,
  bins: number,
): Tensor {
  return tf.tidy(() => {
    const numFeatures = codesUnpacked.shape[1];
    const index = tf.add(tf.gather(codesUnpacked, rows), binOffsets).flatten() as Tensor1D;
    const perFeature = (v: Tensor1D) => tf.tile(tf.gather(v, rows).expandDims(1), [1, numFeatures]).flatten() as Tensor1D;
    const sumGrad = tf.bincount(index, perFeature(grad), bins);
    const sumHess = tf.bincount(index, perFeature(hess), bins);
    const count = tf.bincount(index, tf.tensor1d([], 'float32'), bins).cast('float32');
    return tf.stack([sumGrad, sumHess, count], 1);
  });
}
