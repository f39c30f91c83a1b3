// One player for a whole generation. While it is being made, its parts play back to back as one timeline
// (Web Audio, so without gaps) and the length is estimated; once it is done the stitched whole takes their place
// and the length is exact. It seeks anywhere audio is ready, draws the waveform, and shows what is still to come.
import { finished, formatSeconds } from './api.js';
import { drawWaveform } from './waveform.js';

export class ResultPlayer {
  /** {@code lazy}: fetch the finished audio only when first played (history lists many). */
  constructor(root, { lazy = false, label = 'Speech' } = {}) {
    this.root = root;
    this.lazy = lazy;
    this.timeListeners = [];
    root.classList.add('result-player');
    root.innerHTML = `<button type="button" class="play" aria-label="Play">▶</button>
      <canvas class="wave" tabindex="0" role="slider" aria-valuemin="0"></canvas>
      <span class="time" aria-live="off">0:00</span>`;
    this.button = root.querySelector('.play');
    this.canvas = root.querySelector('.wave');
    this.canvas.setAttribute('aria-label', `${label}: position`);
    this.clock = root.querySelector('.time');
    this.button.addEventListener('click', () => (this.playing ? this.pause() : this.play()));
    this.canvas.addEventListener('click', e => {
      const box = this.canvas.getBoundingClientRect();
      this.seek((e.clientX - box.left) / box.width * this.duration());
    });
    this.canvas.addEventListener('keydown', e => this.key(e));
    new ResizeObserver(() => this.draw()).observe(this.canvas);
    this.reset(null);
  }

  /** A new generation in this player: the old one stops here. {@code autoplay}: play as soon as audio is ready. */
  show(g, { autoplay = false } = {}) {
    this.reset(g);
    this.autoplay = autoplay;
    this.update(g);
  }

  /** The generation's latest state: parts that became playable are fetched, the whole once it is done. */
  update(g) {
    if (!this.generation || g.id !== this.generation.id) return;
    this.generation = g;
    if (g.status === 'succeeded') {
      if (!this.lazy || this.wanted) this.loadWhole();
    } else {
      for (let i = this.requested; i < g.progress.chunks_playable; i++) this.loadPart(i);
      this.requested = Math.max(this.requested, g.progress.chunks_playable);
    }
    this.render();
  }

  /** Seconds into the result. */
  currentTime() {
    return this.playing ? Math.min(this.context.currentTime - this.origin, this.readyEnd()) : this.position;
  }

  /** The exact length once the whole is here, else an estimate from what is ready and what is left. */
  duration() {
    if (this.whole) return this.whole.duration;
    const g = this.generation;
    if (!g) return 0;
    if (g.status === 'succeeded' && g.duration_seconds) return g.duration_seconds;
    const ready = this.parts.filter(Boolean);
    const made = ready.reduce((sum, part) => sum + part.duration, 0);
    const estimate = ready.length ? made * g.progress.chunks_total / ready.length : this.estimate;
    return Math.max(estimate, this.readyEnd());
  }

  /** Whether the length shown is the real one. */
  exact() {
    return Boolean(this.whole);
  }

  onTime(listener) {
    this.timeListeners.push(listener);
  }

  async play() {
    if (!this.generation) return;
    this.wanted = true;
    await this.audio().resume();
    if (this.generation.status === 'succeeded' && !this.whole && this.readyEnd() === 0) {
      this.autoplay = true; // as soon as the whole is here
      this.loadWhole();
      return;
    }
    if (this.position >= this.duration() - 0.05 && !this.more()) this.position = 0;
    this.start(this.position);
  }

  pause() {
    this.position = this.currentTime();
    this.stopSources();
    this.playing = false;
    this.waiting = false;
    this.swapInWhole();
    this.render();
  }

  seek(seconds) {
    const to = Math.max(0, Math.min(seconds, this.readyEnd()));
    if (this.playing) {
      this.start(to);
    } else {
      this.position = to;
      this.swapInWhole();
      this.render();
    }
  }

  // --- inside ------------------------------------------------------------------------------------------------

  reset(g) {
    this.stopSources?.();
    this.generation = g;
    this.parts = [];        // AudioBuffer of each part, in order, while the generation is being made
    this.pendingWhole = null;
    this.whole = null;      // the stitched whole, once done
    this.requested = 0;
    this.position = 0;
    this.playing = false;
    this.waiting = false;
    this.wanted = !this.lazy;
    this.autoplay = false;
    this.loadingWhole = false;
    this.sources = [];
    this.peaks = null;
    this.estimate = g ? estimatedSeconds(g.text) : 0;
    this.render();
  }

  audio() {
    this.context ??= new AudioContext();
    return this.context;
  }

  /** The parts (or the whole) as [start, buffer] on the result's timeline. */
  segments() {
    if (this.whole) return [[0, this.whole]];
    const out = [];
    let at = 0;
    for (const part of this.parts) {
      if (!part) break; // only parts ready from the start on can be played
      out.push([at, part]);
      at += part.duration;
    }
    return out;
  }

  /** How far from the start audio is ready without a hole. */
  readyEnd() {
    return this.segments().reduce((end, [start, buffer]) => Math.max(end, start + buffer.duration), 0);
  }

  /** Whether audio past what is ready is on its way: later parts, or the whole. */
  more() {
    return !this.whole && ['queued', 'running', 'succeeded'].includes(this.generation?.status);
  }

  /** Whether the length is known: the whole is here or done, or every part of a stopped one is. */
  complete() {
    return Boolean(this.whole) || this.generation?.status === 'succeeded' || (this.generation && finished(this.generation)
      && this.parts.filter(Boolean).length >= this.generation.progress.chunks_total);
  }

  async loadPart(index) {
    const g = this.generation;
    const buffer = await this.decode(`/api/v1/generations/${g.id}/chunks/${index}`);
    if (!buffer || this.generation?.id !== g.id || this.whole || this.pendingWhole) return;
    const before = this.segments().length;
    this.parts[index] = buffer;
    this.peaks = null;
    if (this.playing) this.schedule(this.segments().slice(before), 0); // joins the timeline, no restart
    else if (this.waiting) this.start(this.position);
    else if (this.autoplay) this.play(); // playback starts with the first part
    this.render();
  }

  async loadWhole() {
    if (this.loadingWhole || this.whole) return;
    this.loadingWhole = true;
    const g = this.generation;
    const format = g.duration_seconds > 120 ? 'opus' : 'wav'; // a long result comes compressed
    const buffer = await this.decode(`${g.links.audio}?format=${format}`);
    if (!buffer || this.generation?.id !== g.id) return;
    this.pendingWhole = buffer;
    if (this.playing && g.part_ends) {
      this.swapWhilePlaying(g.part_ends);
    } else if (!this.playing) {
      this.swapInWhole();
      if (this.waiting || this.autoplay) this.play();
    }
    this.render();
  }

  /**
   * The whole takes over from the parts at the same word: a moment from now, each source hands over to the other
   * at the place the parts had reached, found from where each part ends in the whole.
   */
  swapWhilePlaying(partEnds) {
    const context = this.audio();
    const at = context.currentTime + 0.1;
    const reached = at - this.origin;
    if (reached >= this.readyEnd()) return; // the parts end before the hand-over: the whole comes in when they do
    const offset = Math.min(this.toWhole(reached, partEnds), this.pendingWhole.duration);
    for (const source of this.sources) source.stop(at);
    this.whole = this.pendingWhole;
    this.pendingWhole = null;
    this.parts = [];
    this.peaks = null;
    this.origin = at - offset;
    this.sources = [];
    const source = context.createBufferSource();
    source.buffer = this.whole;
    source.connect(context.destination);
    source.start(at, offset);
    this.sources.push(source);
  }

  /** Where a time on the parts' timeline falls in the whole, which has pauses between the parts. */
  toWhole(seconds, partEnds) {
    const segments = this.segments();
    const index = segments.findIndex(([start, buffer]) => seconds < start + buffer.duration);
    if (partEnds && index >= 0) return (index ? partEnds[index - 1] : 0) + seconds - segments[index][0];
    if (partEnds && segments.length) return partEnds[segments.length - 1];
    const end = this.readyEnd();
    return end > 0 ? seconds / end * this.pendingWhole.duration : seconds; // same proportion of the way through
  }

  /** The whole replaces the parts while nothing plays, so that what is heard never jumps. */
  swapInWhole() {
    if (!this.pendingWhole || this.playing) return;
    const whole = this.pendingWhole;
    this.position = this.parts.length ? Math.min(this.toWhole(this.position, this.generation?.part_ends),
      whole.duration) : this.position;
    this.pendingWhole = null;
    this.whole = whole;
    this.parts = [];
    this.peaks = null;
    this.render();
  }

  async decode(url) {
    try {
      const response = await fetch(url, { headers: { Accept: 'audio/*' } });
      if (!response.ok) return null;
      return await this.audio().decodeAudioData(await response.arrayBuffer());
    } catch {
      return null; // the part is fetched again with the next progress, or the whole on the next play
    }
  }

  /** Plays from {@code from} seconds: every ready segment scheduled back to back, so that there is no gap. */
  start(from) {
    this.stopSources();
    this.autoplay = false;
    const context = this.audio();
    const end = this.readyEnd();
    if (from >= end - 0.01) {
      this.position = Math.min(from, end);
      this.playing = false;
      this.waiting = this.more(); // the next part, or the whole, is on its way
      this.render();
      return;
    }
    this.origin = context.currentTime + 0.05 - from;
    this.schedule(this.segments(), from);
    this.playing = true;
    this.waiting = false;
    this.tick();
  }

  /** Starts each segment at its place on the timeline, from {@code from} seconds on. */
  schedule(segments, from) {
    const context = this.audio();
    for (const [start, buffer] of segments) {
      if (start + buffer.duration <= from) continue;
      const source = context.createBufferSource();
      source.buffer = buffer;
      source.connect(context.destination);
      const offset = Math.max(0, from - start);
      source.start(Math.max(context.currentTime, this.origin + start + offset), offset);
      this.sources.push(source);
    }
  }

  stopSources() {
    for (const source of this.sources ?? []) {
      try { source.stop(); } catch { /* never started */ }
    }
    this.sources = [];
  }

  tick() {
    if (!this.playing) return;
    const now = this.context.currentTime - this.origin;
    if (now >= this.readyEnd()) {
      this.position = this.readyEnd();
      this.stopSources();
      this.playing = false;
      this.waiting = this.more();
      const wasWaiting = this.waiting;
      this.swapInWhole();
      if (wasWaiting && this.whole) {
        this.start(this.position); // the rest comes with the whole
        return;
      }
      if (!this.waiting) this.position = this.duration(); // the end
    }
    this.render();
    if (this.playing) requestAnimationFrame(() => this.tick());
  }

  key(e) {
    const steps = { ArrowLeft: -5, ArrowRight: 5, Home: -Infinity, End: Infinity };
    if (e.key === ' ' || e.key === 'Enter') {
      e.preventDefault();
      this.button.click();
    } else if (e.key in steps) {
      e.preventDefault();
      this.seek(this.currentTime() + steps[e.key]);
    }
  }

  render() {
    const t = this.currentTime();
    const total = this.duration();
    const state = this.playing ? 'playing' : this.waiting ? 'waiting' : this.generation ? 'paused' : 'empty';
    Object.assign(this.root.dataset, { state, time: t.toFixed(2), duration: total.toFixed(2),
      ready: this.readyEnd().toFixed(2), generation: this.generation?.id ?? '',
      source: this.whole ? 'whole' : 'parts', exact: String(this.exact()) });
    this.button.textContent = this.playing ? '❚❚' : '▶';
    this.button.setAttribute('aria-label', this.playing ? 'Pause' : 'Play');
    this.button.disabled = !this.generation || (this.readyEnd() === 0 && !(this.lazy && this.generation.status === 'succeeded'));
    const made = this.complete() ? '' : ` · ${this.readyEnd() > 0 ? 'still being made' : 'being made'}`;
    this.clock.textContent = `${formatSeconds(t)} / ${this.exact() || this.complete() ? '' : '~'}${formatSeconds(total)}${made}`;
    this.canvas.setAttribute('aria-valuemax', total.toFixed(1));
    this.canvas.setAttribute('aria-valuenow', t.toFixed(1));
    this.canvas.setAttribute('aria-valuetext', this.clock.textContent);
    this.draw();
    this.timeListeners.forEach(listener => listener(t, this.exact()));
  }

  draw() {
    const total = this.duration() || 1;
    this.peaks = drawWaveform(this.canvas, getComputedStyle(this.root), {
      segments: this.segments(), total, heard: this.currentTime(), ready: this.readyEnd(), peaks: this.peaks,
    });
  }
}

/** Speech length from the text: about 12 letters a second, 4.5 characters in Chinese, Japanese or Korean. */
export function estimatedSeconds(text) {
  const syllabic = (text.match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/gu) || []).length;
  const letters = (text.match(/[\p{L}\p{N}]/gu) || []).length - syllabic;
  return letters / 12 + syllabic / 4.5;
}
