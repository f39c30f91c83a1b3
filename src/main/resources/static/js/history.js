import { request, formatSeconds, confirmDeletion, checkSummary } from './api.js';

const $ = id => document.getElementById(id);
const list = $('generation-list');
const pageSize = 20;
let page = 0;

function say(message, kind) {
  $('status').textContent = message;
  $('status').className = `banner ${kind}`;
}

async function load() {
  try {
    const result = await request(`/api/v1/generations?page=${page}&size=${pageSize}`);
    result.items.forEach(g => list.append(render(g)));
    $('empty').hidden = result.total > 0;
    $('more').hidden = (page + 1) * pageSize >= result.total;
  } catch (error) {
    say(error.message, 'error');
  }
}

function render(g) {
  const item = $('generation-template').content.firstElementChild.cloneNode(true);
  item.dataset.generationId = g.id;
  item.querySelector('.voice-name').textContent = g.voice_name;
  const when = new Date(g.created_at).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  const facts = [g.language, when];
  if (g.status === 'succeeded') {
    facts.splice(1, 0, formatSeconds(g.duration_seconds), `made in ${g.generation_seconds.toFixed(1)} s`);
  } else {
    facts.push(g.status);
  }
  item.querySelector('.meta').textContent = facts.join(' · ');
  item.querySelector('.transcript').textContent = g.text.length > 280 ? `${g.text.slice(0, 280)}…` : g.text;
  item.querySelector('.error-text').textContent = g.error ?? '';
  const audio = item.querySelector('audio');
  const links = item.querySelectorAll('a[data-format]');
  if (g.status === 'succeeded') {
    audio.src = g.links.audio;
    audio.hidden = false;
    audio.setAttribute('aria-label', `Speech in ${g.voice_name}'s voice`);
    links.forEach(a => { a.href = `${g.links.audio}?format=${a.dataset.format}&download=true`; a.setAttribute('download', ''); });
    item.querySelectorAll('a[data-captions]').forEach(a => {
      a.hidden = !g.links.captions;
      if (g.links.captions) a.href = `${g.links.captions}?format=${a.dataset.captions}&download=true`;
    });
    item.querySelector('.check-note').replaceChildren(...checkSummary(g.checks));
  } else {
    links.forEach(a => a.remove());
  }
  item.querySelector('[data-action="delete"]').addEventListener('click', () => confirmDelete(item, g));
  return item;
}

async function confirmDelete(item, g) {
  if (!await confirmDeletion($('confirm'))) return;
  try {
    await request(`/api/v1/generations/${g.id}`, { method: 'DELETE' });
    item.remove();
    say('Generation deleted.', 'ok');
    $('empty').hidden = list.children.length > 0;
  } catch (error) {
    say(error.message, 'error');
  }
}

$('more').addEventListener('click', () => { page += 1; load(); });
load();
