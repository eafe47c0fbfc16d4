import { loadTf } from './dist/tf.js';
const tf = await loadTf();
const n = 38;
const x = tf.randomNormal([n, 46, 46, 32]);
for (const [name, f] of [['relu', (x) => tf.relu(x)], ['neg', (x) => tf.neg(x)], ['mul', (x) => tf.mul(x, x)]]) {
  for (let r = 0; r < 2; r++) {
  let t = performance.now(); const y = f(x); const a = performance.now() - t;
  t = performance.now(); const d = y.dataSync(); const b = performance.now() - t;
  t = performance.now(); let s = 0; for (let i = 0; i < d.length; i++) s += d[i]; const c = performance.now() - t;
  console.log(name, a.toFixed(1), b.toFixed(1), c.toFixed(1), d.constructor.name, d.length);
  y.dispose();
  }
}
