package app.utter.tts;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** Keeps everything a synthesis streamed, in arrival order; optionally opens a gate on the first audio. */
final class RecordingListener implements SpeechListener {

    record Chunk(int item, byte[] pcm) {
    }

    final List<Chunk> chunks = new ArrayList<>();
    final List<Integer> done = new ArrayList<>();
    StreamStart start;
    private final CountDownLatch firstAudio;

    RecordingListener() {
        this(new CountDownLatch(1));
    }

    RecordingListener(CountDownLatch firstAudio) {
        this.firstAudio = firstAudio;
    }

    @Override
    public void started(StreamStart start) {
        this.start = start;
    }

    @Override
    public void audio(int item, byte[] pcm) {
        chunks.add(new Chunk(item, pcm));
        firstAudio.countDown();
    }

    @Override
    public void itemDone(int item, long samples) {
        done.add(item);
    }

    byte[] pcm(int item) {
        return FakeWorker.concat(chunks.stream().filter(c -> c.item() == item).map(Chunk::pcm).toList());
    }

    List<Integer> itemOrder() {
        return chunks.stream().map(Chunk::item).toList();
    }
}
