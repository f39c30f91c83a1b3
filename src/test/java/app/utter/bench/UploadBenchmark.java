package app.utter.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import app.utter.UtterApplication;
import app.utter.audio.PcmAudio;
import app.utter.accounts.Accounts;
import app.utter.support.ApiClient;
import app.utter.support.TestAccounts;
import app.utter.support.AudioFixtures;

/**
 * Time to accept a 30 s reference upload over HTTP (receive, decode, validate, normalize, store, insert),
 * median of many runs against a real Utter on H2, with peak process memory. Run with {@code ./utter bench}.
 */
public final class UploadBenchmark {

    private static final int WARMUP = 15;
    private static final int RUNS = 100;

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("utter-bench-");
        Path clip = thirtySecondWav(work);
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(UtterApplication.class)
                // Arguments, not default properties: application.yaml would override those (port 8080, ./data).
                .run("--server.port=0", "--utter.data-dir=" + work.resolve("data"), "--logging.level.root=WARN",
                        "--utter.accounts.limits.voices=" + Integer.MAX_VALUE)) {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            ApiClient api = new TestAccounts(app.getBean(Accounts.class), port).admin().api();
            for (int i = 0; i < WARMUP; i++) {
                upload(api, clip);
            }
            double[] millis = new double[RUNS];
            for (int i = 0; i < RUNS; i++) {
                millis[i] = upload(api, clip);
            }
            Arrays.sort(millis);
            System.out.printf("Upload of a 30 s WAV (%,d KB), %d runs after %d warm-up, H2 + local folder:%n",
                    Files.size(clip) / 1024, RUNS, WARMUP);
            System.out.printf("  median %.1f ms   p90 %.1f ms   min %.1f ms   max %.1f ms   (target: median < 300 ms)%n",
                    percentile(millis, 50), percentile(millis, 90), millis[0], millis[RUNS - 1]);
            System.out.printf("  peak resident memory (app and client share this JVM): %s%n", peakRss());
        }
    }

    /** Posts the clip, checks it was accepted, deletes the voice again; returns the upload's wall time. */
    private static double upload(ApiClient api, Path clip) {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("name", "Benchmark");
        form.put("transcript", "Printing, in the only sense with which we are at present concerned.");
        form.put("language", "English");
        form.put("consent", "true");
        form.put("audio", clip);
        long started = System.nanoTime();
        ApiClient.Response response = api.postMultipart("/api/v1/voices", form);
        double elapsed = (System.nanoTime() - started) / 1e6;
        if (response.status() != 201) {
            throw new IllegalStateException("Upload refused: " + response.text());
        }
        api.delete("/api/v1/voices/" + response.json().get("id").asString());
        return elapsed;
    }

    /** 30 s of real speech at 22.05 kHz: the LJ Speech fixtures joined end to end. */
    static Path thirtySecondWav(Path folder) throws Exception {
        List<short[]> parts = new ArrayList<>();
        int rate = 0;
        int total = 0;
        while (total < 30 * 22_050) {
            for (String name : List.of("LJ001-0001.wav", "LJ001-0003.wav")) {
                PcmAudio clip = PcmAudio.readWav(AudioFixtures.DIR.resolve(name));
                rate = clip.sampleRate();
                parts.add(clip.samples());
                total += clip.samples().length;
            }
        }
        short[] joined = new short[30 * rate];
        int at = 0;
        for (short[] part : parts) {
            int n = Math.min(part.length, joined.length - at);
            System.arraycopy(part, 0, joined, at, n);
            at += n;
        }
        Path wav = folder.resolve("thirty-seconds.wav");
        new PcmAudio(rate, joined).writeWav(wav);
        return wav;
    }

    static double percentile(double[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    static String peakRss() throws Exception {
        return Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(line -> line.startsWith("VmHWM")).map(line -> line.substring(6).strip())
                .findFirst().orElse("unknown");
    }
}
