import { loadTf } from './dist/tf.js';
import { maxPoolBackward } from './dist/max-pool.js';
const tf = await loadTf();
const x = tf.randomNormal([384, 22, 22, 28]);
const y = tf.maxPool(x, 3, 2, 'valid');
let t = performance.now(); const xd = x.dataSync(); console.log('xsync', performance.now() - t);
const dy = tf.randomNormal(y.shape).dataSync();
for (let r = 0; r < 3; r++) { t = performance.now(); const dx = maxPoolBackward(xd, x.shape, dy, 3, 2); console.log('loop', performance.now() - t);
t = performance.now(); tf.tensor4d(dx, x.shape).dispose(); console.log('make', performance.now() - t); }
t = performance.now(); tf.ones(x.shape).dataSync(); console.log('ones', performance.now() - t);
