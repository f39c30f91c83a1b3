import { request, sendJson, languages, ApiError, formatSeconds } from './api.js';
import { voiceChoices, voiceSelect, takesInstructions } from './script-voices.js';

const $ = id => document.getElementById(id);
const id = location.pathname.split('/').pop();
const base = `/api/v1/scripts/${id}`;
const [choices, languageList] = await Promise.all([voiceChoices(), languages()]);
const items = new Map(); // segment id → its list item
let shown = '';          // the segment ids in order, as last drawn
let polling = null;

$('title-form').addEventListener('submit', e => { e.preventDefault(); act(() => sendJson(base, 'PATCH', { title: $('title').value }), 'Renamed.'); });
$('title').addEventListener('input', () => { $('rename').hidden = false; });
$('render').addEventListener('click', () => render(false));
$('render-all').addEventListener('click', () => render(true));
$('format').addEventListener('change', () => exportLinks());
$('add').addEventListener('click', () => addAfter(null));
await load();

function say(text, kind = 'ok') {
  $('message').className = `banner ${kind}`;
  $('message').textContent = text;
}

/** Runs a change, says how it went, and draws the script again. */
async function act(change, done) {
  try {
    await change();
    if (done) say(done);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    say(error.message, 'error');
  }
  await load();
}

async function load() {
  const script = await request(base);
  document.title = `${script.title} · Utter`;
  if (document.activeElement !== $('title')) $('title').value = script.title;
  showProgress(script.progress);
  drawCast(script);
  const order = script.segments.map(s => s.id).join();
  if (order !== shown) {
    $('segments').replaceChildren(...script.segments.map(drawSegment));
    shown = order;
  } else {
    script.segments.forEach(updateSegment);
  }
  const c = script.progress.segments;
  clearTimeout(polling);
  if (c.waiting + c.queued + c.running > 0) polling = setTimeout(load, 1000);
}

function showProgress(progress) {
  const c = progress.segments;
  $('progress').max = Math.max(progress.total, 1);
  $('progress').value = c.done;
  const parts = [`${c.done} of ${progress.total} segments done`];
  for (const state of ['running', 'queued', 'waiting', 'stale', 'failed']) {
    if (c[state]) parts.push(`${c[state]} ${state === 'stale' ? 'to render' : state}`);
  }
  $('progress-text').textContent = parts.join(' · ')
    + (progress.done ? ` · ${formatSeconds(progress.duration_seconds)} in all` : '');
  $('finished').hidden = !progress.done;
  if (progress.done) exportLinks();
}

function exportLinks() {
  const format = $('format').value;
  const whole = `${base}/audio?format=mp3`;
  if ($('whole').getAttribute('src') !== whole) $('whole').src = whole;
  $('download').href = `${base}/audio?format=${format}&download=true`;
  $('chapters').href = `${base}/chapters?format=${format}`;
  $('captions').href = `${base}/captions?format=srt&download=true`;
}

function drawCast(script) {
  if (document.activeElement?.closest('#cast')) return;
  $('cast').replaceChildren(...Object.entries(script.speakers).map(([label, voice]) => {
    const field = document.createElement('label');
    const select = voiceSelect(choices, voice, `Voice for ${label}`);
    select.addEventListener('change', () => act(() => sendJson(base, 'PATCH', { speakers: { [label]: select.value } }),
      `${label} speaks in another voice now; render to hear it.`));
    field.append(label, select);
    return field;
  }));
}

function drawSegment(segment) {
  const item = document.createElement('li');
  item.className = 'card voice segment';
  item.dataset.id = segment.id;
  const who = segment.heading ? 'Heading' : (segment.speaker ?? 'Segment');
  const head = document.createElement('p');
  head.className = 'actions';
  const badge = Object.assign(document.createElement('span'), { className: 'badge state' });
  const voice = voiceSelect(choices, segment.voice_id, `Voice of segment ${segment.position + 1}`);
  const language = document.createElement('select');
  language.setAttribute('aria-label', `Language of segment ${segment.position + 1}`);
  language.append(new Option("The voice's language", ''), ...languageList.filter(l => l.name !== 'Auto')
    .map(l => new Option(l.name, l.name, false, l.name === segment.language)));
  head.append(Object.assign(document.createElement('strong'), { textContent: who }), badge, voice, language);
  const how = Object.assign(document.createElement('input'), { type: 'text', maxLength: 500,
    value: segment.instructions ?? '', placeholder: 'How to speak: "whispering", "excited and fast"' });
  how.setAttribute('aria-label', `How segment ${segment.position + 1} is spoken`);
  const showHow = () => { how.hidden = !takesInstructions(choices, voice.value); };
  voice.addEventListener('change', showHow);
  showHow();
  const text = Object.assign(document.createElement('textarea'), { rows: 2, value: segment.text });
  text.setAttribute('aria-label', `Text of segment ${segment.position + 1}`);
  const error = Object.assign(document.createElement('p'), { className: 'error' });
  const audio = Object.assign(document.createElement('audio'), { controls: true, preload: 'none' });
  const tools = document.createElement('p');
  tools.className = 'actions';
  const save = button('Save', () => change(segment, { text: text.value, voice_id: voice.value, language: language.value,
    instructions: how.hidden ? '' : how.value }, 'Saved; render to hear it.'));
  save.classList.add('primary');
  save.hidden = true;
  for (const field of [text, voice, language, how]) field.addEventListener('input', () => { save.hidden = false; });
  const lock = Object.assign(document.createElement('input'), { type: 'checkbox' });
  lock.addEventListener('change', () => change(segment, { locked: lock.checked },
    lock.checked ? 'Locked: this take stays.' : 'Unlocked.'));
  const lockLabel = document.createElement('label');
  lockLabel.append(lock, ' Lock take');
  const takes = document.createElement('select');
  takes.setAttribute('aria-label', `Takes of segment ${segment.position + 1}`);
  takes.append(new Option('Takes…', ''));
  takes.addEventListener('focus', () => listTakes(segment, takes), { once: true });
  takes.addEventListener('change', () => change(segment, { take_id: takes.value }, 'Another take chosen.'));
  tools.append(save,
    button('New take', () => act(() => request(`${base}/segments/${segment.id}/takes`, { method: 'POST' }),
      'Rendering a new take of this segment.')),
    takes, lockLabel,
    button('Split at cursor', () => act(() => sendJson(`${base}/segments/${segment.id}/split`, 'POST',
      { at: text.selectionStart }))),
    button('Merge with next', () => act(() => request(`${base}/segments/${segment.id}/merge`, { method: 'POST' }))),
    button('Move up', () => move(segment, -1)), button('Move down', () => move(segment, 1)),
    button('Add after', () => addAfter(segment)),
    button('Delete', () => act(() => request(`${base}/segments/${segment.id}`, { method: 'DELETE' }), 'Segment deleted.')));
  item.append(head, how, text, audio, tools, error);
  items.set(segment.id, { item, badge, audio, lock, error, takes, text, save, segment });
  updateSegment(segment);
  return item;
}

function updateSegment(segment) {
  const drawn = items.get(segment.id);
  if (!drawn) return;
  drawn.segment = segment;
  drawn.badge.textContent = segment.state === 'stale' ? 'to render' : segment.state;
  drawn.item.dataset.state = segment.state;
  drawn.lock.checked = segment.locked;
  drawn.lock.disabled = !segment.locked && segment.state !== 'done';
  drawn.error.textContent = segment.error ?? '';
  if ((segment.audio_url ?? '') !== (drawn.audio.getAttribute('src') ?? '')) {
    if (segment.audio_url) drawn.audio.src = segment.audio_url; else drawn.audio.removeAttribute('src');
  }
  drawn.audio.hidden = !segment.audio_url;
  if (document.activeElement !== drawn.text && drawn.save.hidden) drawn.text.value = segment.text;
}

async function listTakes(segment, select) {
  const takes = await request(`${base}/segments/${segment.id}/takes`);
  select.replaceChildren(...takes.filter(t => t.current).map((t, i) => new Option(
    `Take ${takes.length - i} · seed ${t.seed} · ${t.status}`, t.id, false, t.chosen)));
}

function button(label, onClick) {
  const b = Object.assign(document.createElement('button'), { type: 'button', textContent: label });
  b.addEventListener('click', onClick);
  return b;
}

function change(segment, body, done) {
  return act(() => sendJson(`${base}/segments/${segment.id}`, 'PATCH', body), done);
}

function move(segment, by) {
  const position = Math.max(0, items.get(segment.id).segment.position + by);
  return act(() => sendJson(`${base}/segments/${segment.id}/move`, 'POST', { position }));
}

function addAfter(segment) {
  const voice = segment?.voice_id ?? choices[0]?.[1][0]?.id;
  const position = segment ? items.get(segment.id).segment.position + 1 : null;
  return act(() => sendJson(`${base}/segments`, 'POST', { text: 'New line.', voice_id: voice, position }),
    'Segment added: write its text and save.');
}

async function render(everything) {
  await act(async () => {
    const { asked } = await sendJson(`${base}/render`, 'POST', { everything });
    say(asked ? `Rendering ${asked} segment${asked === 1 ? '' : 's'}.` : 'Every segment is rendered already.');
  });
}
