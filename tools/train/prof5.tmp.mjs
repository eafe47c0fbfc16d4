import { loadTf } from './dist/tf.js';
const tf = await loadTf();
function time(name, f, n = 3) {
  tf.tidy(() => f().dataSync()); const t = performance.now(); for (let i = 0; i < n; i++) tf.tidy(() => f().dataSync());
  console.log(name, ((performance.now() - t) / n).toFixed(1), 'ms');
}
const x = tf.randomNormal([384, 46, 46, 32]);
const M = 384 * 46 * 46;
time('sum012', () => tf.sum(x, [0, 1, 2]));
time('matmul ones', () => tf.matMul(tf.ones([1, M]), tf.reshape(x, [M, 32])));
time('matmul ones T', () => tf.matMul(tf.reshape(x, [M, 32]), tf.ones([M, 1]), true, false));
time('sum last after reshape [M/32? no]', () => tf.sum(tf.reshape(x, [M, 32]), 0));
time('conv1x1 trick', () => tf.sum(tf.reshape(x, [384, 46*46*32]), 0));
time('two-stage', () => tf.sum(tf.sum(tf.reshape(x, [384 * 46, 46, 32]), 1), 0));
time('mul', () => tf.mul(x, x));
time('where', () => tf.where(tf.greater(x, 0), x, tf.mul(x, 0.25)));
