import { request, sendJson } from './api.js';

const $ = id => document.getElementById(id);
const phases = {
  offered: 'The worker on this machine is not running.',
  installing: 'Installing the worker’s Python packages…',
  downloading: 'Downloading the speech model…',
  starting: 'Starting the worker…',
  ready: 'The worker on this machine makes speech.',
  restarting: 'The worker stopped; starting it again…',
  failed: 'Setting up the worker failed.',
};
let polling = null;

$('use-local').addEventListener('click', () => act(() => request('/api/v1/admin/speech/local', { method: 'POST' })));
$('stop-local').addEventListener('click', () => act(() => request('/api/v1/admin/speech/local/stop', { method: 'POST' })));
$('remote-form').addEventListener('submit', e => { e.preventDefault(); useRemote(); });
await refresh();

async function act(call) {
  say('', '');
  try {
    show(await call());
    watch();
  } catch (error) {
    say(error.message, 'error');
  }
}

async function useRemote() {
  const form = new FormData($('remote-form'));
  $('base_url-error').textContent = '';
  $('remote-form-error').textContent = '';
  $('use-remote').disabled = true;
  try {
    show(await sendJson('/api/v1/admin/speech/remote', 'POST', Object.fromEntries(form)));
    $('remote-form').reset();
    say('The remote worker answers; speech comes from it now.', 'ok');
  } catch (error) {
    if (error.fieldErrors.base_url) $('base_url-error').textContent = error.fieldErrors.base_url;
    else $('remote-form-error').textContent = error.message;
  } finally {
    $('use-remote').disabled = false;
  }
}

async function refresh() {
  try {
    show(await request('/api/v1/admin/speech'));
  } catch (error) {
    say(error.message, 'error');
  }
}

/** Follows the local worker while it is on its way. */
function watch() {
  clearInterval(polling);
  polling = setInterval(refresh, 1000);
}

function show(status) {
  const local = status.local;
  $('local-section').hidden = !local || status.configured_by_server;
  $('remote-section').hidden = status.configured_by_server;
  if (status.configured_by_server) {
    $('now').textContent = 'This Utter’s settings name its speech worker (utter.tts.worker.base-url); change it there.';
  } else if (status.choice === 'remote') {
    $('now').textContent = `Speech comes from the remote worker at ${status.remote.base_url}.`;
  } else if (status.choice === 'local' && local) {
    $('now').textContent = `${phases[local.phase]} ${local.phase === 'failed' ? local.detail : ''}`.trim()
      + (local.phase === 'ready' ? ` It runs on ${deviceName(local.device)}${local.speed ? ` and ${speedText(local.speed)}` : ''}.` : '')
      + (local.restarts ? ` It has been started again ${local.restarts} time(s).` : '');
  } else {
    $('now').textContent = 'Nothing makes speech yet: install the worker on this machine, or connect a remote one.';
  }
  showProgress(local?.progress);
  if (local) showPlan(local, status.choice);
  const busy = local && !['offered', 'ready', 'failed'].includes(local.phase) && status.choice === 'local';
  if (!busy && local?.phase !== 'ready') clearInterval(polling);
  if (busy) watch();
}

function showPlan(local, choice) {
  const plan = local.plan;
  $('plan-model').textContent = plan.engine === 'fake' ? 'the fake engine (a tone instead of speech: for working on Utter)'
    : `${plan.model}${plan.gpu ? ', on the NVIDIA GPU' : ', on the CPU'}`;
  $('plan-packages').textContent = plan.packages;
  $('plan-weights').textContent = plan.weights;
  $('plan-disk').textContent = plan.free_disk_gb == null ? 'unknown' : `${plan.free_disk_gb} GB`;
  $('plan-speed').textContent = local.speed ? `Measured here: it ${speedText(local.speed)}.` : plan.speed_hint;
  const running = choice === 'local' && local.phase !== 'offered';
  $('use-local').hidden = running && local.phase !== 'failed';
  $('use-local').textContent = local.phase === 'failed' ? 'Try again' : 'Install and start';
  $('stop-local').hidden = !running;
}

function showProgress(progress) {
  $('progress-box').hidden = !progress;
  if (!progress) return;
  $('progress').value = progress.total ? Math.round(100 * progress.done / progress.total) : 0;
  const eta = progress.eta_seconds == null ? '' : `, about ${formatEta(progress.eta_seconds)} left`;
  $('progress-text').textContent = `${formatBytes(progress.done)} of ${formatBytes(progress.total)}${eta}`;
}

/** How fast the worker speaks, after "it": seconds of speech made per second of work, measured here. */
function speedText(speed) {
  return speed >= 1 ? `makes speech ${speed.toFixed(1)} times as fast as it is spoken`
    : `takes about ${(1 / speed).toFixed(1)} seconds to make each second of speech`;
}

function deviceName(device) {
  return device?.startsWith('cuda') ? 'the GPU' : device === 'cpu' ? 'the CPU' : (device ?? 'this machine');
}

function formatBytes(bytes) {
  return bytes >= 1 << 30 ? `${(bytes / (1 << 30)).toFixed(1)} GB` : `${Math.round(bytes / (1 << 20))} MB`;
}

function formatEta(seconds) {
  return seconds >= 90 ? `${Math.round(seconds / 60)} minutes` : `${seconds} seconds`;
}

function say(message, kind) {
  $('status').textContent = message;
  $('status').className = `banner ${kind}`;
}
