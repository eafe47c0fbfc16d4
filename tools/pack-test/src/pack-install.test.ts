// The packed-install test (issue 15, "Build"): every publishable package packed as a release would, installed
// with npm in scratch projects outside the workspace exactly as the README's Install section says, then run.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { onnxNodeBackend } from '@mtcnn/backend-onnx/node';
import { createDetector, type Face } from '@mtcnn/core/node';
import { loadGolden, samplePath } from '@mtcnn/fixtures';
import { serveStatic } from '@mtcnn/fixtures/static-server';
import { pnet } from '@mtcnn/pnet';
import { chromium } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FaceLike, goldenBox, matchedIous } from './faces.js';
import { pack, publishablePackages, type Tarball } from './pack.js';
import { type InstallReport, RESULTS_FILE, type Results } from './results.js';
import { diskBytes, installedCopies, makeProject, makeTempRoot, type Project, runOk } from './scratch.js';

const APP = new URL('../app/', import.meta.url).pathname;
const PHOTO = 'sample1.jpg';
const golden = loadGolden().results[PHOTO]!;
const goldenBoxes = golden.faces.map(goldenBox);
/** The README's install flag: onnxruntime-node's install script then downloads nothing (no CUDA from NuGet). */
const SKIP_CUDA = { ONNXRUNTIME_NODE_INSTALL: 'skip' };
/** The README's browser tooling; pinned to the workspace's versions so that a new release cannot break CI. */
const BROWSER_DEV_TOOLS = ['vite@8.3.8', 'typescript@7.0.2'];
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Different onnxruntime versions (the workspace's and the registry's newest) may differ in the last bits of a
// float; a box that moves by that keeps an IoU far above this.
const MIN_IOU = 0.99;

let root: ReturnType<typeof makeTempRoot>;
const tarballs = new Map<string, Tarball>();
const installs: InstallReport[] = [];
let bundle: Results['bundle'] | undefined;

function tarballsOf(...names: string[]): string[] {
  return names.map((name) => {
    const tarball = tarballs.get(name);
    if (!tarball) throw new Error(`no tarball for ${name}`);
    return tarball.file;
  });
}

/** `npm i <args>` as `command` (the README's) says, timed, with node_modules measured afterwards. */
function npmInstall(
  project: Project,
  scenario: string,
  command: string,
  args: string[],
  dev: string[] = [],
): void {
  // The variable only where the README's command sets it.
  const env = command.startsWith('ONNXRUNTIME_NODE_INSTALL=skip ') ? SKIP_CUDA : {};
  const install = runOk(project, 'npm', ['install', '--no-audit', '--no-fund', ...args], env);
  let seconds = install.seconds;
  if (dev.length > 0)
    seconds += runOk(project, 'npm', ['install', '--no-audit', '--no-fund', '-D', ...dev]).seconds;
  const nodeModules = join(project.dir, 'node_modules');
  const copies = (name: string) => installedCopies(nodeModules, name).length;
  installs.push({
    scenario,
    command,
    seconds: Math.round(seconds * 10) / 10,
    nodeModulesBytes: diskBytes(nodeModules),
    onnxruntimeNodeBytes: copies('onnxruntime-node') ? diskBytes(join(nodeModules, 'onnxruntime-node')) : 0,
  });
}

function facesOf(json: string): FaceLike[] {
  return JSON.parse(json) as FaceLike[];
}

beforeAll(() => {
  root = makeTempRoot('mtcnn-pack-test-');
  const destination = join(root.path, 'tarballs');
  mkdirSync(destination);
  for (const pkg of publishablePackages()) tarballs.set(pkg.name, pack(pkg, destination));
});

afterAll(() => {
  root?.remove();
  if (tarballs.size === 0 || installs.length === 0) return;
  const results: Results = {
    node: process.version,
    npm: execFileSync('npm', ['--version'], { encoding: 'utf8' }).trim(),
    tarballs: [...tarballs.values()].map(({ name, version, bytes, unpackedBytes, paths }) => ({
      name,
      version,
      bytes,
      unpackedBytes,
      files: paths.length,
    })),
    installs,
    bundle,
  };
  mkdirSync(dirname(RESULTS_FILE), { recursive: true });
  writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, 2)}\n`);
});

describe('the tarballs', () => {
  it('hold dist, types, models, the sources their maps point at, LICENSE and README; no workspace: ranges, devDependencies or scripts', () => {
    const names = publishablePackages().map((p) => p.name);
    expect(names.sort()).toEqual(
      [
        '@mtcnn/backend-onnx',
        '@mtcnn/core',
        '@mtcnn/dlib-resnet',
        '@mtcnn/mobilefacenet',
        '@mtcnn/onet',
        '@mtcnn/pnet',
        '@mtcnn/queue',
        '@mtcnn/recognition',
        '@mtcnn/rnet',
        'mtcnn',
      ].sort(),
    );
    const versions = new Map([...tarballs.values()].map((t) => [t.name, t.version]));
    for (const tarball of tarballs.values()) {
      const paths = new Set(tarball.paths);
      for (const file of ['package.json', 'LICENSE', 'README.md'])
        expect(paths, `${tarball.name} ${file}`).toContain(file);
      expect(
        [...paths].some((p) => p.endsWith('.test.ts')),
        `${tarball.name} ships tests`,
      ).toBe(false);
      const manifest = JSON.parse(
        execFileSync('tar', ['-xOzf', tarball.file, 'package/package.json'], { encoding: 'utf8' }),
      );
      expect(JSON.stringify(manifest), tarball.name).not.toContain('workspace:');
      expect(manifest.devDependencies, tarball.name).toBeUndefined();
      expect(manifest.scripts, tarball.name).toBeUndefined();
      for (const field of ['repository', 'homepage', 'bugs', 'keywords', 'license', 'engines']) {
        expect(manifest[field], `${tarball.name} ${field}`).toBeTruthy();
      }
      // Every exports entry loads from require() too (a default condition), and its types are shipped.
      for (const [entry, target] of Object.entries(manifest.exports as Record<string, unknown>)) {
        if (typeof target === 'string') {
          expect(paths, `${tarball.name} ${entry}`).toContain(target.slice(2));
          continue;
        }
        const { types, default: main } = target as { types: string; default: string };
        expect(paths, `${tarball.name} ${entry} types`).toContain(types.slice(2));
        expect(paths, `${tarball.name} ${entry} default`).toContain(main.slice(2));
      }
      // Internal dependencies name the released versions, so a release publishes them together.
      for (const [dep, range] of Object.entries((manifest.dependencies ?? {}) as Record<string, string>)) {
        if (versions.has(dep)) expect(range, `${tarball.name} → ${dep}`).toBe(versions.get(dep));
      }
      // Source maps point at files in the tarball.
      const extracted = join(root.path, 'extracted', tarball.name);
      mkdirSync(extracted, { recursive: true });
      execFileSync('tar', ['-xzf', tarball.file, '-C', extracted]);
      for (const map of [...paths].filter((p) => p.endsWith('.map'))) {
        const { sources } = JSON.parse(readFileSync(join(extracted, 'package', map), 'utf8')) as {
          sources: string[];
        };
        for (const source of sources) {
          const target = relative(
            join(extracted, 'package'),
            join(extracted, 'package', dirname(map), source),
          );
          expect(paths, `${tarball.name} ${map} → ${source}`).toContain(target);
        }
      }
    }
    for (const stage of ['pnet', 'rnet', 'onet']) {
      const paths = tarballs.get(`@mtcnn/${stage}`)!.paths;
      expect(paths).toEqual(
        expect.arrayContaining([`model/${stage}.onnx`, `model/${stage}.nchwc.onnx`, 'model/model-info.json']),
      );
    }
  });
});

describe('scenario (a): npm i mtcnn', () => {
  let project: Project;
  beforeAll(() => {
    project = makeProject(root.path, 'a-umbrella');
    npmInstall(
      project,
      '(a) the umbrella',
      'ONNXRUNTIME_NODE_INSTALL=skip npm i mtcnn',
      tarballsOf(...tarballs.keys()),
    );
    cpSync(samplePath(PHOTO), join(project.dir, 'photo.jpg'));
    cpSync(join(APP, 'node'), project.dir, { recursive: true });
  });

  it("runs the README's library example, npx mtcnn detect and require('mtcnn') from CommonJS, finding the reference faces", () => {
    const library = facesOf(runOk(project, 'node', ['readme-example.mjs']).stdout);
    const ious = matchedIous(library, goldenBoxes);
    expect(library).toHaveLength(golden.faces.length);
    for (const value of ious) expect(value).toBeGreaterThanOrEqual(MIN_IOU);

    const cli = JSON.parse(runOk(project, 'npx', ['mtcnn', 'detect', 'photo.jpg', '--json', '-']).stdout) as {
      faces: FaceLike[];
    }[];
    expect(cli).toHaveLength(1);
    expect(cli[0]!.faces).toEqual(library);

    const required = facesOf(runOk(project, 'node', ['require.cjs']).stdout);
    expect(required).toEqual(library);
  });

  it('shares the runtime with a user who installs the newest onnxruntime-node: one copy', () => {
    npmInstall(
      project,
      '(a) then the newest runtime',
      'ONNXRUNTIME_NODE_INSTALL=skip npm i onnxruntime-node@latest',
      ['onnxruntime-node@latest'],
    );
    expect(installedCopies(join(project.dir, 'node_modules'), 'onnxruntime-node')).toHaveLength(1);
    expect(installedCopies(join(project.dir, 'node_modules'), 'sharp')).toHaveLength(1);
    const library = facesOf(runOk(project, 'node', ['readme-example.mjs']).stdout);
    expect(library).toHaveLength(golden.faces.length);
  });
});

describe('scenario (b): P-Net only, without sharp', () => {
  it('detects on raw pixels as the workspace does; a file path fails with MISSING_DEPENDENCY in one line', async () => {
    const project = makeProject(root.path, 'b-pnet-only');
    npmInstall(
      project,
      '(b) P-Net only, no sharp',
      'ONNXRUNTIME_NODE_INSTALL=skip npm i @mtcnn/core @mtcnn/pnet @mtcnn/backend-onnx onnxruntime-node',
      [...tarballsOf('@mtcnn/core', '@mtcnn/pnet', '@mtcnn/backend-onnx'), 'onnxruntime-node'],
    );
    expect(installedCopies(join(project.dir, 'node_modules'), 'sharp')).toEqual([]);
    const { data, info } = await sharp(samplePath(PHOTO))
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    writeFileSync(join(project.dir, 'photo.rgb'), data);
    writeFileSync(
      join(project.dir, 'photo.json'),
      JSON.stringify({ width: info.width, height: info.height }),
    );
    cpSync(samplePath(PHOTO), join(project.dir, 'photo.jpg'));
    cpSync(join(APP, 'pnet-only'), project.dir, { recursive: true });

    const { faces, fileError } = JSON.parse(runOk(project, 'node', ['pnet-only.mjs']).stdout) as {
      faces: FaceLike[];
      fileError?: { name: string; code: string; message: string };
    };
    const detector = await createDetector({ backend: onnxNodeBackend(), stages: [pnet()] });
    let expected: readonly Face[];
    try {
      expected = await detector.detect({ data, width: info.width, height: info.height, channels: 3 });
    } finally {
      await detector.dispose();
    }
    expect(expected.length).toBeGreaterThan(golden.faces.length);
    expect(faces).toHaveLength(expected.length);
    for (const value of matchedIous(
      faces,
      expected.map((f) => f.box),
    ))
      expect(value).toBeGreaterThanOrEqual(MIN_IOU);

    expect(fileError?.name).toBe('MtcnnError');
    expect(fileError?.code).toBe('MISSING_DEPENDENCY');
    expect(fileError?.message).toMatch(/sharp/);
    expect(fileError?.message).not.toMatch(/\n/);
  });
});

describe('scenario (c): a browser app built with Vite from the tarballs', () => {
  it('typechecks without @types/node and with skipLibCheck false, bundles only the portable models, and finds the faces in Chromium', async () => {
    if (!existsSync(CHROMIUM_PATH)) {
      throw new Error(
        `no Chromium at ${CHROMIUM_PATH}: apt-get install -y chromium (.ci/run does), or set CHROMIUM_PATH`,
      );
    }
    const project = makeProject(root.path, 'c-browser');
    npmInstall(
      project,
      '(c) browser app, with Vite and TypeScript',
      'npm i @mtcnn/core @mtcnn/pnet @mtcnn/rnet @mtcnn/onet @mtcnn/backend-onnx onnxruntime-web; npm i -D vite typescript',
      [
        ...tarballsOf('@mtcnn/core', '@mtcnn/pnet', '@mtcnn/rnet', '@mtcnn/onet', '@mtcnn/backend-onnx'),
        'onnxruntime-web',
      ],
      BROWSER_DEV_TOOLS,
    );
    cpSync(join(APP, 'browser'), project.dir, { recursive: true });
    mkdirSync(join(project.dir, 'public'), { recursive: true });
    cpSync(samplePath(PHOTO), join(project.dir, 'public', 'photo.jpg'));
    const tsconfig = JSON.parse(readFileSync(join(project.dir, 'tsconfig.json'), 'utf8'));
    expect(tsconfig.compilerOptions).toMatchObject({ skipLibCheck: false, types: ['vite/client'] });

    runOk(project, 'npx', ['tsc', '-p', '.']);
    runOk(project, 'npx', ['vite', 'build']);
    const assets = readdirSync(join(project.dir, 'dist', 'assets'));
    const models = assets.filter((a) => a.endsWith('.onnx')).map((a) => a.replace(/-[\w-]+\.onnx$/, '.onnx'));
    expect(models.sort()).toEqual(['onet.onnx', 'pnet.onnx', 'rnet.onnx']);
    // The same app with package.json's "browser" field ignored: what the nchwc forms would add.
    writeFileSync(
      join(project.dir, 'no-browser-field.config.js'),
      "export default { resolve: { mainFields: ['module', 'jsnext:main', 'jsnext'] } };\n",
    );
    runOk(project, 'npx', [
      'vite',
      'build',
      '--config',
      'no-browser-field.config.js',
      '--outDir',
      'dist-without',
    ]);
    const without = readdirSync(join(project.dir, 'dist-without', 'assets')).filter((a) =>
      a.includes('.nchwc'),
    );
    expect(without).toHaveLength(3);
    bundle = {
      bytes: diskBytes(join(project.dir, 'dist')),
      wasmBytes: assets
        .filter((a) => a.endsWith('.wasm'))
        .reduce((sum, a) => sum + diskBytes(join(project.dir, 'dist', 'assets', a)), 0),
      bytesWithNchwc: diskBytes(join(project.dir, 'dist-without')),
    };

    const server = await serveStatic(join(project.dir, 'dist'));
    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: [
        '--headless=new',
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    });
    try {
      const page = await browser.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(String(error)));
      await page.goto(server.url);
      await page.waitForFunction(() => window.mtcnnResult !== undefined, undefined, { timeout: 300_000 });
      const result = await page.evaluate(() => window.mtcnnResult!);
      expect(result.error).toBeUndefined();
      expect(pageErrors).toEqual([]);
      expect(result.crossOriginIsolated).toBe(true);
      const faces = result.faces as FaceLike[];
      expect(faces).toHaveLength(golden.faces.length);
      for (const value of matchedIous(faces, goldenBoxes)) expect(value).toBeGreaterThanOrEqual(MIN_IOU);
      expect(server.requested.some((p) => p.endsWith('.wasm'))).toBe(true);
    } finally {
      await browser.close();
      await server.close();
    }
  });
});

declare global {
  interface Window {
    mtcnnResult?: { faces?: unknown; error?: string; crossOriginIsolated: boolean };
  }
}
