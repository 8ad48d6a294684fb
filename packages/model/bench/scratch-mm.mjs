import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';
const require = createRequire(import.meta.url);
setWasmPaths(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + '/');
await tf.setBackend('wasm');
const be = tf.backend();
const W = be.wasm;
const shapeBuf = W._malloc(64);
const bmm = W.cwrap('BatchMatMul', null, ['number','number','number','number','number','number','number','number','number']);
function setShape(off, s) { W.HEAP32.set(s, (shapeBuf + off) >> 2); return shapeBuf + off; }
function time(label, flops, fn, reps = 5) {
  fn(); // warm
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) fn();
  const ms = (performance.now() - t0) / reps;
  console.log(label.padEnd(50), ms.toFixed(2).padStart(8), 'ms', (flops / ms / 1e6).toFixed(2).padStart(7), 'GFLOP/s');
}
function stock(aShape, bShape, ta, tb) {
  const a = tf.randomNormal(aShape), b = tf.randomNormal(bShape);
  const out = tf.matMul(a, b, ta, tb);
  const M = out.shape.at(-2), N = out.shape.at(-1), K = ta ? aShape.at(-2) : aShape.at(-1);
  const batch = out.size / (M * N);
  out.dispose();
  time(`stock ${aShape}x${bShape} ${ta}${tb}`, 2 * batch * M * N * K, () => tf.matMul(a, b, ta, tb).dispose());
  return [a, b];
}
// per-batch aliasing
function perBatch(aShape, bShape) {
  const [batch, M, K] = aShape, N = bShape[2];
  const a = tf.randomNormal(aShape), b = tf.randomNormal(bShape);
  const aOff = be.dataIdMap.get(a.dataId).memoryOffset, bOff = be.dataIdMap.get(b.dataId).memoryOffset;
  const ref = tf.matMul(a, b);
  const run = () => {
    const out = be.makeOutput([batch, M, N], 'float32');
    const oOff = be.dataIdMap.get(out.dataId).memoryOffset;
    const sA = setShape(0, [1, M, K]), sB = setShape(16, [1, K, N]);
    for (let i = 0; i < batch; i++) {
      const ia = be.dataIdNextNumber++, ib = be.dataIdNextNumber++, io = be.dataIdNextNumber++;
      W.tfjs.registerTensor(ia, M * K, aOff + i * M * K * 4);
      W.tfjs.registerTensor(ib, K * N, bOff + i * K * N * 4);
      W.tfjs.registerTensor(io, M * N, oOff + i * M * N * 4);
      bmm(ia, sA, 3, ib, sB, 3, 0, 0, io);
      W.tfjs.disposeData(ia); W.tfjs.disposeData(ib); W.tfjs.disposeData(io);
    }
    return tf.engine().makeTensorFromTensorInfo(out);
  };
  const o = run();
  console.log('maxdiff', tf.max(tf.abs(tf.sub(o, ref))).dataSync()[0]);
  o.dispose();
  time(`perBatch ${aShape}x${bShape}`, 2 * batch * M * N * K, () => run().dispose());
}
stock([2048, 256], [256, 1024], false, false);
stock([2048, 1024], [256, 1024], false, true);
stock([2048, 256], [2048, 1024], true, false);
stock([2048, 768], [768, 768], false, false);
stock([180, 768], [768, 3072], false, false);
stock([180, 768], [768, 768], false, false);
stock([64, 128, 64], [64, 64, 128], false, false);
stock([64, 128, 64], [64, 128, 64], false, true);
stock([72, 30, 64], [72, 30, 64], false, true);
perBatch([64, 128, 64], [64, 64, 128]);
perBatch([64, 128, 128], [64, 128, 64]);
perBatch([72, 30, 64], [72, 64, 30]);
perBatch([72, 30, 30], [72, 30, 64]);
