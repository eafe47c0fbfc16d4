import { loadTf } from './dist/tf.js';
const tf = await loadTf();
for (const n of [4, 38, 96]) {
  const x = tf.randomNormal([n, 46, 46, 32]);
  for (const [name, f] of [['relu', (x) => tf.relu(x)], ['neg', (x) => tf.neg(x)], ['mul', (x) => tf.mul(x, x)], ['min0', (x) => tf.minimum(x, 0)], ['sum', (x) => tf.sum(x, [0,1,2])], ['mm', (x) => tf.matMul(tf.reshape(x, [-1, 32]), tf.ones([n*46*46, 1]), true, false)]]) {
    tf.tidy(() => f(x).dataSync());
    const t = performance.now(); tf.tidy(() => f(x).dataSync()); console.log(n, name, (performance.now() - t).toFixed(1));
  }
  x.dispose();
}
