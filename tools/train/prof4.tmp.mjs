import { loadTf, GraphNet, stageGraph, multiTaskLoss, STAGE_LOSS_WEIGHTS } from './dist/index.js';
const tf = await loadTf();
const stage = process.argv[2] ?? 'rnet'; const S = { pnet: 12, rnet: 24, onet: 48 }[stage];
const net = new GraphNet(tf, stageGraph(stage));
const x = tf.randomNormal([384, S, S, 3]);
const labels = Int8Array.from({ length: 384 }, (_, i) => [0, 0, 0, 1, -1, -2, -2][i % 7]);
const batch = { labels, boxes: new Float32Array(384 * 4), landmarks: new Float32Array(3840) };
const vars = net.params.map((p) => p.variable);
const step = () => { const { value, grads } = tf.variableGrads(() => multiTaskLoss(tf, net.heads(x), batch, STAGE_LOSS_WEIGHTS[stage]).total, vars); tf.dispose([value, ...Object.values(grads)]); };
step();
let t = performance.now(); tf.tidy(() => net.heads(x).face.dataSync()); console.log('forward', performance.now() - t);
t = performance.now(); step(); console.log('step', performance.now() - t);
const info = await tf.profile(() => { step(); });
const by = {};
for (const k of info.kernels) { by[k.name] = (by[k.name] ?? 0) + (k.kernelTimeMs ?? 0); }
console.log(Object.entries(by).sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, v]) => `${k} ${v.toFixed(0)}`).join('\n'));
