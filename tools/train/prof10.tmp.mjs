import { loadTf } from './dist/tf.js';
const tf = await loadTf();
const S = [384, 46, 46, 32]; const M = 384 * 46 * 46; const C = 32;
const xs = [tf.randomNormal(S), tf.randomNormal(S), tf.randomNormal(S)];
const onesM = tf.ones([M, 1]);
function time(name, f) {
  let total = 0;
  for (let i = 0; i < 3; i++) { const x = tf.add(xs[i], 0); const t = performance.now(); const y = f(x); y.dataSync(); total += performance.now() - t; tf.dispose([x, y]); }
  console.log(name, (total / 3).toFixed(1), 'ms', tf.memory().numTensors);
}
time('sum012', (x) => tf.sum(x, [0, 1, 2]));
time('xT·ones fresh', (x) => tf.tidy(() => tf.matMul(tf.reshape(x, [M, C]), tf.ones([M, 1]), true, false)));
time('xT·ones cached', (x) => tf.tidy(() => tf.matMul(tf.reshape(x, [M, C]), onesM, true, false)));
time('ones·x fresh', (x) => tf.tidy(() => tf.matMul(tf.ones([1, M]), tf.reshape(x, [M, C]))));
time('two-stage', (x) => tf.tidy(() => tf.sum(tf.sum(tf.reshape(x, [384 * 46, 46, C]), 1), 0)));
time('min0', (x) => tf.minimum(x, 0));
time('x-relu', (x) => tf.tidy(() => tf.sub(x, tf.relu(x))));
time('mul same', (x) => tf.mul(x, xs[0]));
time('mul bcast', (x) => tf.tidy(() => tf.mul(x, tf.fill([C], 0.25))));
time('where', (x) => tf.tidy(() => tf.where(tf.greater(x, 0), x, xs[0])));
time('prelu', (x) => tf.tidy(() => tf.prelu(x, tf.fill([C], 0.25))));
time('add bias', (x) => tf.tidy(() => tf.add(x, tf.fill([C], 0.25))));
