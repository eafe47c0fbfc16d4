// Writes the packed-install test's measurements (results/latest.json) into the README's Install section,
// between its install-sizes markers: the figures there come from a run, never from a hand edit.
import { readFileSync, writeFileSync } from 'node:fs';

const README = new URL('../../../README.md', import.meta.url);
const results = JSON.parse(readFileSync(new URL('../results/latest.json', import.meta.url), 'utf8'));
const START = '<!-- install-sizes:start (pnpm --filter @mtcnn/pack-test readme) -->';
const END = '<!-- install-sizes:end -->';

const mb = (bytes) => (bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.round(bytes / 1e3)} kB`);

const lines = [
  START,
  `Measured by \`tools/pack-test\` (\`pnpm pack\` tarballs installed with npm ${results.npm}, Node ${results.node}, linux-x64):`,
  '',
  '| package | tarball | unpacked | files |',
  '| --- | ---: | ---: | ---: |',
  ...results.tarballs.map((t) => `| \`${t.name}\` | ${mb(t.bytes)} | ${mb(t.unpackedBytes)} | ${t.files} |`),
  '',
  '| scenario | install | node_modules | of which onnxruntime-node |',
  '| --- | --- | ---: | ---: |',
  ...results.installs.map(
    (i) =>
      `| ${i.scenario} | \`${i.command}\` | ${mb(i.nodeModulesBytes)} | ${i.onnxruntimeNodeBytes ? mb(i.onnxruntimeNodeBytes) : '–'} |`,
  ),
];
if (results.bundle) {
  lines.push(
    '',
    `The browser app of (c), built by Vite: ${mb(results.bundle.bytes)}, of which ${mb(results.bundle.wasmBytes)} is onnxruntime-web's .wasm; ` +
      `${mb(results.bundle.bytesWithNchwc)} if a bundler ignored the packages' \`browser\` field and copied the nchwc model forms too.`,
  );
}
lines.push(END);

const readme = readFileSync(README, 'utf8');
const from = readme.indexOf(START);
const to = readme.indexOf(END);
if (from < 0 || to < from) throw new Error(`README.md has no ${START} … ${END} block`);
writeFileSync(README, readme.slice(0, from) + lines.join('\n') + readme.slice(to + END.length));
console.log(
  `README.md: install sizes from ${results.installs.length} installs and ${results.tarballs.length} tarballs`,
);
