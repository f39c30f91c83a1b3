import { request, languages, fillLanguages, counterText, formatSeconds, checkSummary, finished, ApiError } from './api.js';
import { ResultPlayer, estimatedSeconds } from './player.js';

const $ = id => document.getElementById(id);
const player = new ResultPlayer($('player'), { label: 'Generated speech' });
const fields = ['voice', 'text', 'language', 'seed', 'instructions'];
let generation = null;   // the generation being followed
let events = null;       // its EventSource
let captionsOf = null;   // the generation whose captions are shown
let spokenWords = [];    // { span, start, end } of each word of the whole audio
let presetInstructions = false; // whether this Utter's preset speakers take instructions

const MAX_TEXT = 10000;
$('text').addEventListener('input', describeText);

/** The counter, how long the speech will be, and a warning before the limit rather than a cut. */
function describeText() {
  const text = $('text').value;
  $('text-counter').textContent = counterText(text.length, MAX_TEXT);
  $('text-counter').classList.toggle('over', text.length > MAX_TEXT);
  const seconds = estimatedSeconds(text);
  let note = text.trim() ? `About ${formatSeconds(seconds)} of speech.` : '';
  if (text.length > MAX_TEXT) {
    note += ` One generation takes at most ${MAX_TEXT.toLocaleString('en')} characters; this text has `
      + `${(text.length - MAX_TEXT).toLocaleString('en')} too many. Split it and generate each part in turn.`;
  } else if (text.length > MAX_TEXT * 0.9) {
    note += ` ${(MAX_TEXT - text.length).toLocaleString('en')} characters left in this generation.`;
  }
  $('text-estimate').textContent = note;
}

$('voice').addEventListener('change', showVoice);
$('generate-form').addEventListener('submit', e => { e.preventDefault(); generate(); });
$('cancel').addEventListener('click', cancel);
player.onTime(highlight);

$('retry').addEventListener('click', retry);
for (const choice of ['download-speed', 'download-quality']) {
  $(choice).addEventListener('change', () => { if (generation?.status === 'succeeded') linkDownloads(generation); });
}

wakeWorker();
await loadChoices();
await resume();

/** A generation named in the address is followed again (after a reload), or its settings filled in ("from"). */
async function resume() {
  const params = new URLSearchParams(location.search);
  const id = params.get('generation') || params.get('from');
  if (!id) return;
  try {
    const g = await request(`/api/v1/generations/${encodeURIComponent(id)}`);
    useSettings(g);
    if (params.has('generation')) follow(g);
  } catch (error) {
    $('form-error').textContent = error.message;
  }
}

/** Fills the form with a generation's voice, text, language, seed, sampling and check. */
function useSettings(g) {
  if ([...$('voice').options].some(o => o.value === g.voice_id)) $('voice').value = g.voice_id;
  showVoice();
  $('instructions').value = g.instructions ?? '';
  $('text').value = g.text;
  describeText();
  $('language').value = g.language;
  $('seed').value = g.seed ?? '';
  for (const [id, key] of [['temperature', 'temperature'], ['top_p', 'top_p'], ['top_k', 'top_k'],
    ['repetition_penalty', 'repetition_penalty']]) $(id).value = g.sampling?.[key] ?? '';
  $('self-check').checked = g.self_check;
}

/** A serverless worker may need a while to start: ask for it now, while the person types. */
async function wakeWorker() {
  const state = $('worker-state');
  state.textContent = 'Connecting to the speech worker…';
  await request('/api/v1/worker/wake', { method: 'POST' }).catch(() => {});
  await showWorker();
}

/** Says where the worker stands, and looks again every 10 s until it is ready. */
async function showWorker() {
  const state = $('worker-state');
  const status = await request('/api/v1/worker').catch(() => ({ state: 'unavailable' }));
  state.textContent = status.state === 'ready' ? `Speech worker ready (${status.model?.id ?? 'model'})${pace(status.speed)}`
    : status.detail ?? 'The speech worker is not answering yet; generation will wait for it.';
  if (status.setup_url) {
    const link = document.createElement('a');
    link.href = status.setup_url;
    link.textContent = 'Set up speech';
    state.append(' ', link);
  }
  if (status.state !== 'ready') setTimeout(showWorker, 10_000);
}

/** What to expect from a worker measured to be slower than speech (a CPU). */
function pace(speed) {
  if (!speed || speed >= 1) return '.';
  return `: on this machine each second of speech takes about ${(1 / speed).toFixed(1)} seconds to make, `
    + 'so a sentence or two is ready in well under a minute.';
}

async function loadChoices() {
  const [voices, speakers, languageList] = await Promise.all([request('/api/v1/voices?size=200'),
    request('/api/v1/speakers').catch(() => ({ available: false, items: [] })), languages()]);
  const select = $('voice');
  const own = voices.items.map(v => {
    const option = new Option(`${v.name} · ${v.language}`, v.id);
    option.dataset.language = v.language;
    option.dataset.audio = v.links.audio;
    if (v.description) option.dataset.description = v.description;
    return option;
  });
  const presets = speakers.items.map(s => {
    const option = new Option(`${s.label} · ${s.languages.join(', ') || 'any language'}`, s.id);
    option.dataset.audio = s.sample;
    option.dataset.preset = s.instructions ? 'instructions' : 'plain';
    option.dataset.description = s.description + (s.dialect ? ` (speaks the ${s.dialect} dialect in Chinese)` : '');
    return option;
  });
  select.replaceChildren(...[['Your voices', own], ['Preset speakers', presets]].filter(([, options]) => options.length)
    .map(([label, options]) => {
      const group = document.createElement('optgroup');
      group.label = label;
      group.append(...options);
      return group;
    }));
  const wanted = new URLSearchParams(location.search).get('voice');
  if (wanted) select.value = wanted;
  $('no-voices').hidden = own.length > 0;
  $('generate').disabled = own.length + presets.length === 0;
  $('presets-note').hidden = speakers.available || !speakers.note;
  $('presets-note').textContent = speakers.note ?? '';
  presetInstructions = speakers.instructions;
  fillLanguages($('language'), [{ name: '', native_name: '' }, ...languageList], '');
  $('language').options[0].text = "The voice's language";
  showVoice();
}

/** The chosen voice's clip or sample, what it was designed from, and whether it takes instructions. */
function showVoice() {
  const option = $('voice').selectedOptions[0];
  $('voice-preview').hidden = !option;
  if (option) $('voice-preview').src = option.dataset.audio;
  const description = option?.dataset.description;
  $('voice-description').hidden = !description;
  $('voice-description').textContent = !description ? '' : option.dataset.preset ? description
    : `Designed from: “${description}”`;
  const takesInstructions = option?.dataset.preset === 'instructions';
  $('instructions-field').hidden = !takesInstructions;
  const note = !option ? '' : option.dataset.preset === 'plain'
    ? "This Utter's preset speakers take no instructions on how to speak."
    : !option.dataset.preset && presetInstructions
      ? 'Cloned voices speak as their clip does and take no instructions; a preset speaker can be told how to speak.'
      : '';
  $('instructions-note').hidden = !note;
  $('instructions-note').textContent = note;
}

function showError(field, message) {
  const error = $(`${field}-error`);
  if (error) error.textContent = message;
  $(field)?.setAttribute('aria-invalid', String(Boolean(message)));
}

function number(id) {
  const value = $(id).value.trim();
  return value === '' ? null : Number(value);
}

async function generate() {
  fields.forEach(f => showError(f, ''));
  $('form-error').textContent = '';
  const sampling = { temperature: number('temperature'), top_p: number('top_p'), top_k: number('top_k'),
    repetition_penalty: number('repetition_penalty') };
  const instructions = $('instructions-field').hidden ? null : $('instructions').value.trim() || null;
  const body = { voice_id: $('voice').value, text: $('text').value, language: $('language').value || null, instructions,
    seed: number('seed'), self_check: $('self-check').checked, sampling: Object.values(sampling).some(v => v !== null) ? sampling : null };
  $('generate').disabled = true;
  try {
    follow(await request('/api/v1/generations', {
      method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
    }), true);
  } catch (error) {
    $('generate').disabled = false;
    if (!(error instanceof ApiError)) throw error;
    const known = Object.entries(error.fieldErrors);
    known.forEach(([field, message]) => showError(field.replace('voice_id', 'voice').replace(/^sampling\..*/, 'seed'), message));
    if (!known.length) $('form-error').textContent = error.message;
  }
}

/** Shows a generation and follows its progress; {@code autoplay} when the person just asked for it. */
function follow(started, autoplay = false) {
  generation = started;
  history.replaceState(null, '', `/generate?generation=${encodeURIComponent(started.id)}`);
  player.show(started, { autoplay }); // the previous result stops here
  $('result').hidden = false;
  $('downloads').hidden = true;
  $('caption-downloads').hidden = true;
  $('spoken-text').hidden = true;
  $('check-note').replaceChildren();
  $('cancel').hidden = finished(started);
  $('retry').hidden = true;
  render(started);
  events?.close();
  events = new EventSource(started.links.events);
  events.addEventListener('progress', e => render(JSON.parse(e.data)));
  events.onerror = () => { if (generation && finished(generation)) events.close(); };
}


function render(g) {
  generation = g;
  const { chunks_done: done, chunks_total: total } = g.progress;
  $('progress').max = total;
  $('progress').value = done;
  $('progress-text').textContent = describe(g, done, total);
  player.update(g);
  if (finished(g)) {
    events?.close();
    $('cancel').hidden = true;
    $('retry').hidden = !g.links.retry;
    $('generate').disabled = false;
  }
  if (g.status === 'succeeded') {
    linkDownloads(g);
    $('downloads').hidden = false;
    $('check-note').replaceChildren(...checkSummary(g.checks));
    if (captionsOf !== g.id) showCaptions(g);
  }
}

/** Download links in each format, at the speed chosen (faster or slower at the same pitch). */
function linkDownloads(g) {
  const speed = $('download-speed').value;
  const quality = $('download-quality').value;
  for (const link of $('downloads').querySelectorAll('a')) {
    link.href = `${g.links.audio}?format=${link.dataset.format}${speed === '1' ? '' : `&speed=${speed}`}`
      + `${quality === 'standard' ? '' : `&quality=${quality}`}&download=true`;
    link.setAttribute('download', '');
  }
}

/** Caption downloads, and the text word by word so that the word being said is highlighted as the audio plays. */
async function showCaptions(g) {
  captionsOf = g.id;
  spokenWords = [];
  if (!g.links.captions) return;
  for (const link of $('caption-downloads').querySelectorAll('a')) {
    link.href = `${g.links.captions}?format=${link.dataset.captions}&download=true`;
    link.setAttribute('download', '');
  }
  $('caption-downloads').hidden = false;
  try {
    const captions = await request(`${g.links.captions}?format=json`);
    if (captionsOf !== g.id) return;
    const words = captions.cues.flatMap(cue => cue.words);
    spokenWords = words.map(word => {
      const span = document.createElement('span');
      span.textContent = word.text;
      return { span, start: word.start, end: word.end };
    });
    $('spoken-text').replaceChildren(...spokenWords.flatMap((w, i) => (i ? [' ', w.span] : [w.span])));
    $('spoken-text').hidden = false;
  } catch {
    // Captions could not be made now; the downloads say why when followed.
  }
}

/** Marks the word being said; word times are those of the stitched whole, so only it is followed. */
function highlight(t, exact) {
  for (const word of spokenWords) word.span.classList.toggle('now', exact && t >= word.start && t < word.end);
}

function describe(g, done, total) {
  switch (g.status) {
    case 'queued': return g.error ?? 'Waiting for the speech worker…';
    case 'running': return `Speaking… ${done} of ${total} part${total === 1 ? '' : 's'} ready`;
    case 'succeeded': return `Done: ${formatSeconds(g.duration_seconds)} of speech in ${g.generation_seconds.toFixed(1)} s`;
    case 'failed': return `Failed: ${g.error}`;
    default: return 'Cancelled.';
  }
}


/** Asks again for the failed or cancelled generation shown, and follows the new one. */
async function retry() {
  $('form-error').textContent = '';
  try {
    follow(await request(generation.links.retry, { method: 'POST' }), true);
  } catch (error) {
    $('form-error').textContent = error.message;
  }
}

async function cancel() {
  try {
    render(await request(`/api/v1/generations/${generation.id}/cancel`, { method: 'POST' }));
  } catch (error) {
    $('form-error').textContent = error.message;
  }
}
