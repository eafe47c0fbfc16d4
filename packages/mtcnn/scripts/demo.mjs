// `pnpm demo`: runs the mtcnn command on a photo that the test fixtures install (sample1.jpg of
// @vladmandic/face-api@1.7.15, MIT), printing its faces and writing an annotated copy.
import { spawnSync } from 'node:child_process';
import { basename, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { samplePath } from '@mtcnn/fixtures';

const PHOTO = 'sample1.jpg';
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const outDir = fileURLToPath(new URL('../demo-output/', import.meta.url));
const photo = samplePath(PHOTO);

console.log(`mtcnn demo: detecting faces in ${PHOTO} (from @vladmandic/face-api, MIT)\n`);
// Run from the photo's folder so that the table shows its plain name.
const result = spawnSync(process.execPath, [cli, 'detect', basename(photo), '--draw', outDir], {
  cwd: dirname(photo),
  stdio: 'inherit',
});
if (result.status !== 0) {
  console.error(`\nmtcnn demo: the command failed (exit status ${result.status ?? result.signal})`);
  process.exit(result.status ?? 1);
}
// A JPEG input is drawn as a JPEG.
const annotated = `${outDir}${PHOTO}`;
console.log(
  `\nAnnotated copy (boxes, scores, landmarks): ${relative(process.cwd(), annotated) || annotated}`,
);
console.log(`Try it on your photos: pnpm mtcnn detect <files|directories> --draw <dir>  (pnpm mtcnn --help)`);
