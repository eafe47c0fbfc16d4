import { loadTf } from './dist/tf.js';
const tf = await loadTf();
const S = [384, 46, 46, 32]; const C = 32;
const x = tf.randomNormal(S), y = tf.randomNormal(S);
function time(name, f, n = 2) {
  tf.tidy(() => f(x, y).dataSync());
  const t = performance.now(); for (let i = 0; i < n; i++) tf.tidy(() => f(x, y).dataSync());
  console.log(name, ((performance.now() - t) / n).toFixed(1), 'ms');
}
const which = process.argv[2];
const ops = {
  relu: (x) => tf.relu(x), min0: (x) => tf.minimum(x, 0), xrelu: (x) => tf.sub(x, tf.relu(x)), mul: (x, y) => tf.mul(x, y),
  mulC: (x) => tf.mul(x, tf.fill([C], 0.25)), gt: (x) => tf.greater(x, 0), where: (x, y) => tf.where(tf.greater(x, 0), y, x),
  prelu: (x) => tf.prelu(x, tf.fill([C], 0.25)), addC: (x) => tf.add(x, tf.fill([C], 0.25)), neg: (x) => tf.neg(x), step: (x) => tf.step(x),
};
for (const k of which ? which.split(',') : Object.keys(ops)) time(k, ops[k]);
