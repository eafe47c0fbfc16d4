import { loadTf } from './dist/tf.js';
import { conv2dValid } from './dist/conv-grad.js';
import { maxPoolValid } from './dist/max-pool.js';
const tf = await loadTf();
const conv = conv2dValid(tf);
function time(name, f, n = 3) {
  f(); const t = performance.now(); for (let i = 0; i < n; i++) tf.tidy(() => { const r = f(); (Array.isArray(r) ? r : [r]).forEach(x => x.dataSync()); });
  console.log(name, ((performance.now() - t) / n).toFixed(1), 'ms');
}
const x = tf.randomNormal([384, 22, 22, 28]);
time('maxPool tf', () => tf.maxPool(x, 3, 2, 'valid'));
time('maxPoolValid fwd', () => maxPoolValid(tf, x, 3, 2));
time('maxPoolValid grad', () => tf.grad((t) => maxPoolValid(tf, t, 3, 2).sum())(x));
time('slice', () => tf.slice(x, [0, 1, 1, 0], [384, 20, 20, 28]));
time('reshape-slice', () => tf.slice(tf.reshape(tf.slice(x, [0, 0, 0, 0], [384, 22, 22, 28]), [384, 11, 2, 11, 2, 28]), [0,0,0,0,0,0],[384,11,1,11,1,28]));
const xi = tf.randomNormal([384, 24, 24, 3]);
const w1 = tf.randomNormal([3, 3, 3, 28]);
time('conv1 fwd', () => tf.conv2d(xi, w1, 1, 'valid'));
time('conv1 grads', () => tf.grads((a, b) => conv(a, b).sum())([xi, w1]));
const x2 = tf.randomNormal([384, 11, 11, 28]);
const w2 = tf.randomNormal([3, 3, 28, 48]);
time('conv2 fwd', () => tf.conv2d(x2, w2, 1, 'valid'));
time('conv2 grads', () => tf.grads((a, b) => conv(a, b).sum())([x2, w2]));
const dy = tf.randomNormal([384, 9, 9, 48]);
time('conv2 dW only', () => tf.transpose(tf.conv2d(tf.transpose(x2, [3, 1, 2, 0]), tf.transpose(dy, [1, 2, 0, 3]), 1, 'valid'), [1, 2, 0, 3]));
time('conv2 dx transpose kernel', () => tf.conv2dTranspose(dy, w2, [384, 11, 11, 28], 1, 'valid'));
time('prelu grad', () => tf.grad((t) => tf.prelu(t, tf.fill([28], 0.25)).sum())(x));
