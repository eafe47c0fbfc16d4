import { loadTf } from './dist/tf.js';
const tf = await loadTf();
const S = [384, 46, 46, 32]; const M = 384 * 46 * 46; const C = 32;
function time(name, f, n = 3) {
  let total = 0;
  for (let i = 0; i <= n; i++) { const x = tf.randomNormal(S); const y = tf.randomNormal(S); const t = performance.now(); tf.tidy(() => f(x, y).dataSync()); if (i) total += performance.now() - t; tf.dispose([x, y]); }
  console.log(name, (total / n).toFixed(1), 'ms');
}
const onesM = tf.ones([M, 1]);
const onesRow = tf.ones([1, M]);
time('sum012', (x) => tf.sum(x, [0, 1, 2]));
time('matmul onesRow·x', (x) => tf.matMul(onesRow, tf.reshape(x, [M, C])));
time('matmul xT·onesM', (x) => tf.matMul(tf.reshape(x, [M, C]), onesM, true, false));
time('two-stage', (x) => tf.sum(tf.sum(tf.reshape(x, [384 * 46, 46, C]), 1), 0));
time('minimum0', (x) => tf.minimum(x, 0));
time('relu', (x) => tf.relu(x));
time('x-relu', (x) => tf.sub(x, tf.relu(x)));
time('mul same', (x, y) => tf.mul(x, y));
time('mul bcast C', (x) => tf.mul(x, tf.fill([C], 0.25)));
time('greater0', (x) => tf.greater(x, 0));
time('where', (x, y) => tf.where(tf.greater(x, 0), y, x));
time('prelu', (x) => tf.prelu(x, tf.fill([C], 0.25)));
time('add bias', (x) => tf.add(x, tf.fill([C], 0.25)));
