import { request, languages, fillLanguages, formatSeconds, formatDate, confirmDeletion, ApiError } from './api.js';

const $ = id => document.getElementById(id);
const list = $('voice-list');
const template = $('voice-template');
const pageSize = 20;
const [languageList, listening] = await Promise.all([languages(),
  request('/api/v1/listening').catch(() => ({ transcription: false }))]);
let page = 0;
let query = '';

const created = new URLSearchParams(location.search).get('created');
if (created) {
  say('Voice created. Play it below to check the reference clip.', 'ok');
  history.replaceState(null, '', '/voices');
}

function say(message, kind) {
  $('status').textContent = message;
  $('status').className = `banner ${kind}`;
}

async function load(reset) {
  if (reset) { page = 0; list.replaceChildren(); }
  try {
    const params = new URLSearchParams({ page, size: pageSize, q: query, sort: $('sort').value });
    const result = await request(`/api/v1/voices?${params}`);
    result.items.forEach(voice => list.append(render(voice)));
    $('empty').hidden = result.total > 0 || query !== '';
    $('no-match').hidden = result.total > 0 || query === '';
    $('no-match').textContent = `No voice has “${query}” in its name. Clear the search to see them all.`;
    $('more').hidden = (page + 1) * pageSize >= result.total;
  } catch (error) {
    say(error.message, 'error');
  }
}

function render(voice) {
  const item = template.content.firstElementChild.cloneNode(true);
  item.dataset.voiceId = voice.id;
  fill(item, voice);
  item.querySelector('[data-action="edit"]').addEventListener('click', () => openEditor(item));
  item.querySelector('[data-action="cancel"]').addEventListener('click', () => closeEditor(item));
  item.querySelector('[data-action="delete"]').addEventListener('click', () => confirmDelete(item));
  item.querySelector('[data-action="transcribe"]').addEventListener('click', () => transcribe(item));
  item.querySelector('[data-action="favourite"]').addEventListener('click', () => toggleFavourite(item));
  item.querySelector('[data-action="sample"]').addEventListener('click', () => playSample(item));
  item.querySelector('[data-action="transcribe"]').hidden = !listening.transcription;
  item.querySelector('form.edit').addEventListener('submit', e => { e.preventDefault(); save(item); });
  return item;
}

function fill(item, voice) {
  item.voice = voice;
  item.querySelector('.voice-name').textContent = voice.name;
  const star = item.querySelector('[data-action="favourite"]');
  star.setAttribute('aria-pressed', String(voice.favourite));
  star.textContent = voice.favourite ? '★ Favourite' : '☆ Favourite';
  star.setAttribute('aria-label', `Favourite: ${voice.name}`);
  const heard = voice.transcript_source === 'heard' ? ' · transcript heard automatically' : '';
  item.querySelector('.meta').textContent = `${voice.language} · ${formatSeconds(voice.duration_seconds)} · created ${formatDate(voice.created_at)}${heard}`;
  item.querySelector('.consent').textContent = consentText(voice.consent);
  item.querySelector('.transcript').textContent = voice.transcript;
  const designed = item.querySelector('.designed');
  designed.hidden = !voice.description;
  designed.textContent = voice.description ? `Designed from: “${voice.description}”` : '';
  const audio = item.querySelector('audio');
  audio.src = voice.links.audio;
  audio.setAttribute('aria-label', `Reference clip of ${voice.name}`);
  item.querySelector('[data-action="use"]').href = `/generate?voice=${encodeURIComponent(voice.id)}`;
}

/** Who vouched for the right to clone this voice, and when; voices from before accounts have no name. */
function consentText(consent) {
  if (!consent) return '';
  if (consent.method === 'designed') return `Designed in Utter on ${formatDate(consent.accepted_at)}: nobody's own voice.`;
  const by = consent.accepted_by ? ` by ${consent.accepted_by}` : '';
  return `Consent: “${consent.statement}” — accepted${by} on ${formatDate(consent.accepted_at)}`;
}

function openEditor(item) {
  const form = item.querySelector('form.edit');
  form.elements.name.value = item.voice.name;
  form.elements.transcript.value = item.voice.transcript;
  fillLanguages(form.elements.language, languageList, item.voice.language);
  form.hidden = false;
  form.elements.name.focus();
}

function closeEditor(item) {
  item.querySelector('form.edit').hidden = true;
  item.querySelector('[data-action="edit"]').focus();
}

async function save(item) {
  const form = item.querySelector('form.edit');
  form.querySelectorAll('[data-error]').forEach(p => { p.textContent = ''; });
  const changes = {
    name: form.elements.name.value,
    transcript: form.elements.transcript.value,
    language: form.elements.language.value,
  };
  try {
    const voice = await request(`/api/v1/voices/${item.voice.id}`, {
      method: 'PATCH', headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(changes),
    });
    fill(item, voice);
    closeEditor(item);
    say(`Saved “${voice.name}”.`, 'ok');
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const entries = Object.entries(error.fieldErrors);
    if (error.problem.type?.endsWith('/voice-name-taken')) entries.push(['name', error.message]);
    entries.forEach(([field, message]) => { form.querySelector(`[data-error="${field}"]`).textContent = message; });
    if (!entries.length) say(error.message, 'error');
  }
}

/** A short line in the voice, made by the worker the first time (a few seconds), then kept. */
async function playSample(item) {
  const button = item.querySelector('[data-action="sample"]');
  button.disabled = true;
  button.textContent = 'Making a sample…';
  try {
    const response = await fetch(item.voice.links.sample, { headers: { Accept: 'audio/wav' } });
    if (!response.ok) {
      const problem = await response.json().catch(() => ({}));
      say(problem.detail ?? 'No sample could be made now; try again in a minute.', 'error');
      return;
    }
    const audio = document.createElement('audio'); // added only now: until then the card has one player
    audio.className = 'sample';
    audio.controls = true;
    audio.src = URL.createObjectURL(await response.blob());
    audio.setAttribute('aria-label', `A sample of ${item.voice.name}`);
    button.replaceWith(audio);
    await audio.play().catch(() => {});
  } finally {
    button.disabled = false;
    button.textContent = 'Hear a sample';
  }
}

/** Marks the voice a favourite (listed first everywhere), or not. */
async function toggleFavourite(item) {
  try {
    const voice = await request(`/api/v1/voices/${item.voice.id}`, {
      method: 'PATCH', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ favourite: !item.voice.favourite }),
    });
    fill(item, voice);
  } catch (error) {
    say(error.message, 'error');
  }
}

/** Replaces the transcript and language with what the speech worker hears in the clip. */
async function transcribe(item) {
  const button = item.querySelector('[data-action="transcribe"]');
  button.disabled = true;
  say(`Listening to the clip of “${item.voice.name}”…`, 'ok');
  try {
    const voice = await request(`/api/v1/voices/${item.voice.id}/transcription`, { method: 'POST' });
    fill(item, voice);
    say(`The transcript of “${voice.name}” is now what was heard in its clip. Check it against the clip.`, 'ok');
  } catch (error) {
    say(error.message, 'error');
  } finally {
    button.disabled = false;
  }
}

async function confirmDelete(item) {
  $('confirm-text').textContent = `“${item.voice.name}” and its reference clip will be deleted. This cannot be undone.`;
  if (!await confirmDeletion($('confirm'))) return;
  try {
    await request(`/api/v1/voices/${item.voice.id}`, { method: 'DELETE' });
    item.remove();
    say(`Deleted “${item.voice.name}”.`, 'ok');
    $('empty').hidden = list.children.length > 0 || query !== '';
  } catch (error) {
    say(error.message, 'error');
  }
}

let searchTimer;
$('search').addEventListener('input', e => {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => { query = e.target.value.trim(); load(true); }, 200);
});
$('sort').addEventListener('change', () => load(true));
$('more').addEventListener('click', () => { page += 1; load(false); });

load(true);
