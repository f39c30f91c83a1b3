// Records from the microphone with MediaRecorder and reports the input level for a meter.

export class Recorder {
  constructor({ onLevel, onTick }) {
    this.onLevel = onLevel;
    this.onTick = onTick;
  }

  async start() {
    this.stream = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: false, noiseSuppression: false } });
    const type = ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'audio/mp4'].find(t => MediaRecorder.isTypeSupported(t));
    this.recorder = new MediaRecorder(this.stream, type ? { mimeType: type } : undefined);
    this.chunks = [];
    this.recorder.ondataavailable = e => e.data.size && this.chunks.push(e.data);
    this.recorder.start(250);
    this.startedAt = performance.now();
    this.watchLevel();
  }

  watchLevel() {
    this.context = new AudioContext();
    const analyser = this.context.createAnalyser();
    analyser.fftSize = 1024;
    this.context.createMediaStreamSource(this.stream).connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    const tick = () => {
      analyser.getFloatTimeDomainData(samples);
      const peak = samples.reduce((max, v) => Math.max(max, Math.abs(v)), 0);
      this.onLevel(Math.min(100, Math.round(peak * 100)));
      this.onTick((performance.now() - this.startedAt) / 1000);
      this.frame = requestAnimationFrame(tick);
    };
    tick();
  }

  /** Stops recording and resolves to a File holding what was recorded. */
  stop() {
    cancelAnimationFrame(this.frame);
    this.onLevel(0);
    return new Promise(resolve => {
      this.recorder.onstop = () => {
        this.stream.getTracks().forEach(t => t.stop());
        this.context.close();
        const type = this.recorder.mimeType || 'audio/webm';
        const extension = type.includes('ogg') ? 'ogg' : type.includes('mp4') ? 'm4a' : 'webm';
        resolve(new File(this.chunks, `recording.${extension}`, { type }));
      };
      this.recorder.stop();
    });
  }
}
