#!/usr/bin/env node
// Command line: `cli.js <pnet|rnet|onet|mobilefacenet> <outDir>` builds a model; `cli.js dump <name>` lists
// the source TFLite graph; `cli.js dlib-resnet <outDir>` builds dlib's face descriptor.
import { resolve } from 'node:path';
import { writeModel } from './build.js';
import { writeDlibResnet } from './dlib-resnet.js';
import { dumpGraph } from './dump.js';
import { writeEmbedderModel } from './embedders.js';
import { embedders, isEmbedder, isSourceName, isStage, loadSource, stages } from './source.js';

const names = [...stages, ...embedders].join('|');
const usage = `usage: node tools/weights/dist/cli.js <${names}> <outDir>
       node tools/weights/dist/cli.js dump <${names}>
       node tools/weights/dist/cli.js dlib-resnet <outDir>`;

function main(args: string[]): number {
  const [a, b] = args;
  if (args.length === 2 && a === 'dump' && b !== undefined && isSourceName(b)) {
    console.log(dumpGraph(loadSource(b).model));
    return 0;
  }
  if (args.length === 2 && a !== undefined && b !== undefined && (isStage(a) || isEmbedder(a))) {
    const info = isStage(a) ? writeModel(a, resolve(b)) : writeEmbedderModel(a, resolve(b));
    console.log(`${a}: wrote ${resolve(b, info.file)} (${info.bytes} bytes, sha256 ${info.sha256})`);
    return 0;
  }
  if (args.length === 2 && a === 'dlib-resnet' && b !== undefined) {
    const info = writeDlibResnet(resolve(b));
    console.log(`${a}: wrote ${resolve(b, info.file)} (${info.bytes} bytes, sha256 ${info.sha256})`);
    return 0;
  }
  console.error(usage);
  return 2;
}

process.exitCode = main(process.argv.slice(2));
