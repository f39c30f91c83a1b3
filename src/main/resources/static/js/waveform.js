// The result player's waveform: bars of loudness where audio is ready (the accent colour where already heard),
// a dotted line where it is still to come.

const BAR = 3; // pixels per column: a 2-pixel bar and a gap

/**
 * Draws on {@code canvas}; {@code segments} are [start seconds, AudioBuffer] on a timeline {@code total} seconds
 * long. Returns the columns' peaks, to pass back as {@code peaks} while the audio and the size stay the same.
 */
export function drawWaveform(canvas, style, { segments, total, heard, ready, peaks }) {
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  if (!width || !height) return peaks;
  const ratio = window.devicePixelRatio || 1;
  const columns = Math.floor(width / BAR);
  if (canvas.width !== Math.round(width * ratio) || peaks?.length !== columns) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    peaks = null;
  }
  peaks ??= peaksOf(segments, total, columns);
  const g = canvas.getContext('2d');
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.clearRect(0, 0, width, height);
  const heardColumns = heard / total * columns;
  const readyColumns = ready / total * columns;
  for (let i = 0; i < columns; i++) {
    const x = i * BAR;
    if (i >= readyColumns) {
      g.fillStyle = style.getPropertyValue('--border') || '#ccc';
      if (i % 2 === 0) g.fillRect(x, height / 2 - 1, 2, 2);
      continue;
    }
    const bar = Math.max(2, peaks[i] * (height - 4));
    g.fillStyle = i < heardColumns ? (style.getPropertyValue('--accent') || '#4f46e5')
      : (style.getPropertyValue('--muted') || '#888');
    g.fillRect(x, (height - bar) / 2, 2, bar);
  }
  return peaks;
}

/** The loudest sample of each column of the timeline, 0 to 1. */
function peaksOf(segments, total, columns) {
  const peaks = new Float32Array(columns);
  for (const [start, buffer] of segments) {
    const data = buffer.getChannelData(0);
    const perColumn = total / columns * buffer.sampleRate;
    const first = Math.floor(start / total * columns);
    for (let i = first; i < columns; i++) {
      const from = Math.floor((i - start / total * columns) * perColumn);
      if (from >= data.length) break;
      const to = Math.min(data.length, from + perColumn);
      let peak = 0;
      for (let j = Math.max(0, from); j < to; j += 16) peak = Math.max(peak, Math.abs(data[j]));
      peaks[i] = Math.max(peaks[i], Math.min(1, peak * 1.4));
    }
  }
  return peaks;
}
