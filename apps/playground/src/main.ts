import './styles.css';
import { AppState } from './app-state.js';
import { type BackendOption, probeBackends } from './backends.js';
import { byId } from './dom.js';
import { TIMING_EXPLANATION } from './results/timing-parts.js';
import { CompareView } from './views/compare-view.js';
import { DetectView } from './views/detect-view.js';
import { RecogniseView } from './views/recognise-view.js';
import { setUpTabs } from './views/tabs.js';

function describeEnvironment(backends: readonly BackendOption[]): string {
  const isolated = globalThis.crossOriginIsolated ? 'cross-origin isolated' : 'not cross-origin isolated';
  const cores = `${navigator.hardwareConcurrency || 1} logical cores`;
  const available = backends.filter((b) => b.available).map((b) => b.label);
  const missing = backends.filter((b) => !b.available).map((b) => `${b.label} (${b.note})`);
  return (
    `This page is ${isolated}, ${cores}. Available: ${available.join(', ')}.` +
    (missing.length ? ` Unavailable: ${missing.join('; ')}.` : '')
  );
}

async function main(): Promise<void> {
  const backends = await probeBackends();
  const environment = byId('environment');
  environment.textContent = describeEnvironment(backends);
  const state = new AppState(backends);
  const detect = new DetectView(state);
  new CompareView(state, () => detect.currentOptions());
  const recognise = new RecogniseView(state);
  setUpTabs(byId('tablist'), (panel) => {
    if (panel !== 'view-recognise') recognise.hidden();
  });
  for (const hint of document.querySelectorAll('.timing-explanation')) hint.textContent = TIMING_EXPLANATION;
  await recognise.start();
  document.body.dataset.ready = 'true';
  await detect.start();
}

main().catch((error: unknown) => {
  const environment = document.getElementById('environment');
  if (environment) {
    environment.textContent = `The playground could not start: ${error instanceof Error ? error.message : String(error)}`;
    environment.classList.add('error');
  }
});
