import { request, formatSeconds, confirmDeletion, checkSummary, finished, languages, fillLanguages } from './api.js';
import { ResultPlayer } from './player.js';

const $ = id => document.getElementById(id);
const list = $('generation-list');
const pageSize = 20;
const live = new Map(); // generation id -> EventSource of an item still being made
let page = 0;

function say(message, kind) {
  $('status').textContent = message;
  $('status').className = `banner ${kind}`;
}

function filters() {
  return { q: $('search').value.trim(), status: $('state-filter').value, language: $('language-filter').value };
}

async function load(reset) {
  if (reset) {
    page = 0;
    live.forEach(source => source.close());
    live.clear();
    list.querySelectorAll('.generation').forEach(item => item.player?.pause());
    list.replaceChildren();
  }
  const chosen = filters();
  try {
    const result = await request(`/api/v1/generations?${new URLSearchParams({ page, size: pageSize, ...chosen })}`);
    result.items.forEach(g => list.append(render(g)));
    const filtered = Object.values(chosen).some(Boolean);
    $('empty').hidden = result.total > 0 || filtered;
    $('no-match').hidden = result.total > 0 || !filtered;
    $('more').hidden = (page + 1) * pageSize >= result.total;
  } catch (error) {
    say(error.message, 'error');
  }
}

function render(g) {
  const item = $('generation-template').content.firstElementChild.cloneNode(true);
  item.dataset.generationId = g.id;
  fill(item, g);
  item.querySelector('[data-action="delete"]').addEventListener('click', () => confirmDelete(item));
  item.querySelector('[data-action="retry"]').addEventListener('click', () => again(item, item.generation.links.retry));
  item.querySelector('[data-action="regenerate"]').addEventListener('click', () => again(item, null));
  if (!finished(g)) followLive(item, g);
  return item;
}

const stateWords = { queued: 'waiting', running: 'speaking', failed: 'failed', cancelled: 'cancelled' };

function fill(item, g) {
  item.generation = g;
  item.querySelector('.voice-name').textContent = g.voice_name;
  const when = new Date(g.created_at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  const facts = [g.language, `${g.text.length.toLocaleString('en')} characters`, when];
  if (g.status === 'succeeded') {
    facts.splice(1, 0, formatSeconds(g.duration_seconds), `made in ${g.generation_seconds.toFixed(1)} s`);
  } else if (g.status === 'running') {
    facts.push(`speaking: ${g.progress.chunks_done} of ${g.progress.chunks_total} parts ready`);
  } else {
    facts.push(stateWords[g.status]);
  }
  if (g.instructions) facts.push(`spoken “${g.instructions}”`);
  item.querySelector('.meta').textContent = facts.join(' · ');
  item.querySelector('.transcript').textContent = g.text.length > 280 ? `${g.text.slice(0, 280)}…` : g.text;
  item.querySelector('.error-text').textContent = g.error ?? '';
  const done = g.status === 'succeeded';
  if (!item.player) {
    item.player = new ResultPlayer(item.querySelector('.player'), { lazy: true, label: `Speech in ${g.voice_name}'s voice` });
    item.player.show(g);
  } else {
    item.player.update(g);
  }
  item.querySelector('.player').hidden = ['failed', 'cancelled'].includes(g.status);
  item.querySelectorAll('a[data-format]').forEach(a => {
    a.hidden = !done;
    if (done) {
      a.href = `${g.links.audio}?format=${a.dataset.format}&download=true`;
      a.setAttribute('download', '');
    }
  });
  item.querySelectorAll('a[data-captions]').forEach(a => {
    a.hidden = !g.links.captions;
    if (g.links.captions) a.href = `${g.links.captions}?format=${a.dataset.captions}&download=true`;
  });
  item.querySelector('.check-note').replaceChildren(...(done && g.checks?.checked ? checkSummary(g.checks) : []));
  item.querySelector('[data-action="retry"]').hidden = !g.links.retry;
  item.querySelector('[data-action="settings"]').href = `/generate?from=${encodeURIComponent(g.id)}`;
}

/** Keeps an item that is still being made up to date, after a reload too. */
function followLive(item, g) {
  const source = new EventSource(g.links.events);
  live.set(g.id, source);
  source.addEventListener('progress', e => {
    const now = JSON.parse(e.data);
    fill(item, now);
    if (finished(now)) {
      source.close();
      live.delete(g.id);
    }
  });
}

/** Retry (in place of a failed or cancelled item) or regenerate (the same settings, a new take), then follow it. */
async function again(item, retryLink) {
  const g = item.generation;
  try {
    const made = retryLink ? await request(retryLink, { method: 'POST' })
      : await request('/api/v1/generations', {
        method: 'POST', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ voice_id: g.voice_id, text: g.text, language: g.language, sampling: g.sampling,
          self_check: g.self_check, instructions: g.instructions }),
      });
    location.assign(`/generate?generation=${encodeURIComponent(made.id)}`);
  } catch (error) {
    say(error.message, 'error');
  }
}

async function confirmDelete(item) {
  if (!await confirmDeletion($('confirm'))) return;
  try {
    await request(`/api/v1/generations/${item.generation.id}`, { method: 'DELETE' });
    live.get(item.generation.id)?.close();
    item.player?.pause();
    item.remove();
    say('Generation deleted.', 'ok');
    $('empty').hidden = list.children.length > 0;
  } catch (error) {
    say(error.message, 'error');
  }
}

let searchTimer;
$('search').addEventListener('input', () => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => load(true), 200);
});
$('state-filter').addEventListener('change', () => load(true));
$('language-filter').addEventListener('change', () => load(true));
$('more').addEventListener('click', () => { page += 1; load(false); });
fillLanguages($('language-filter'), [{ name: '', native_name: '' }, ...await languages()], '');
$('language-filter').options[0].text = 'Any language';
load(true);
