package app.utter.speech;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import app.utter.accounts.Owner;
import app.utter.tts.WorkerAddress;
import app.utter.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The admin's Speech page's API: what makes speech, what installing it here takes, and the choice between them. */
@RestController
@RequestMapping("/api/v1/admin/speech")
@Tag(name = "Admin")
class SpeechSetupController {

    /** A remote worker's address and credentials, as the admin types them. */
    record RemoteWorker(String baseUrl, String bearerToken, String modalKey, String modalSecret) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long GB = 1L << 30;

    private final SpeechSettings settings;
    private final SpeechSource source;
    private final LocalWorker local;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    SpeechSetupController(SpeechSettings settings, SpeechSource source, LocalWorker local) {
        this.settings = settings;
        this.source = source;
        this.local = local;
    }

    @Operation(summary = "What makes speech now, the local worker's state and what installing it takes")
    @GetMapping
    Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("configured_by_server", source.configured());
        SpeechSettings.Saved saved = settings.current().orElse(null);
        status.put("choice", source.configured() ? "server" : saved != null ? saved.choice().name().toLowerCase()
                : source.localChosen() ? "local" : "none");
        if (saved != null) {
            status.put("chosen_by", saved.updatedBy());
            status.put("chosen_at", saved.updatedAt());
            if (saved.remote() != null) {
                status.put("remote", Map.of("base_url", saved.remote().baseUrl(),
                        "modal", saved.remote().modalKey() != null, "bearer", saved.remote().bearerToken() != null));
            }
        }
        status.put("local", local.properties().enabled() ? localStatus() : null);
        return status;
    }

    @Operation(summary = "Install and run the local speech worker on this machine")
    @PostMapping("/local")
    ResponseEntity<Map<String, Object>> useLocal(Owner admin) {
        requireNoServerSetting();
        if (!local.properties().enabled()) {
            throw new ApiProblem(HttpStatus.CONFLICT, "local-worker-disabled", "Local worker switched off",
                    "This Utter's settings switch the local speech worker off (utter.local-worker.enabled=false); "
                            + "connect a remote worker instead.");
        }
        settings.choose(SpeechSettings.Choice.LOCAL, null, admin.username());
        local.begin();
        return ResponseEntity.accepted().body(status());
    }

    @Operation(summary = "Connect a remote speech worker (Modal or another machine) and stop the local one")
    @PostMapping("/remote")
    Map<String, Object> useRemote(Owner admin, @RequestBody RemoteWorker remote) {
        requireNoServerSetting();
        WorkerAddress address = checked(remote);
        settings.choose(SpeechSettings.Choice.REMOTE, address, admin.username());
        local.end();
        return status();
    }

    @Operation(summary = "Stop the local speech worker; nothing makes speech until a worker is chosen again")
    @PostMapping("/local/stop")
    Map<String, Object> stopLocal() {
        requireNoServerSetting();
        settings.forget();
        local.end();
        return status();
    }

    @Operation(summary = "The last 64 KB of the local speech worker's log")
    @GetMapping(value = "/log", produces = MediaType.TEXT_PLAIN_VALUE)
    String log() {
        return local.log();
    }

    private Map<String, Object> localStatus() {
        LocalWorker.Status now = local.status();
        LocalWorkerProperties properties = local.properties();
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("phase", now.phase().name().toLowerCase());
        status.put("detail", now.detail());
        status.put("progress", now.progress());
        status.put("restarts", now.restarts());
        status.put("device", now.device());
        status.put("speed", now.speed());
        status.put("pid", now.pid());
        status.put("plan", plan(properties));
        return status;
    }

    /** What installing the local worker takes here, said before it starts. */
    private Map<String, Object> plan(LocalWorkerProperties properties) {
        boolean gpu = Files.isExecutable(Path.of("/usr/bin/nvidia-smi"));
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("engine", properties.fake() ? "fake" : "qwen3-tts");
        plan.put("model", properties.fake() ? null : properties.model());
        plan.put("gpu", gpu);
        plan.put("packages", properties.fake() ? "about 50 MB to download, 150 MB on disk"
                : gpu ? "about 4 GB to download (torch with NVIDIA's CUDA libraries), 7.5 GB on disk"
                : "up to 4 GB to download and 7.5 GB on disk; with torch's CPU build, when its index can be reached, "
                        + "about a quarter of that");
        plan.put("weights", properties.fake() || properties.model().startsWith("random:") ? "none"
                : properties.model().contains("1.7B") ? "3.9 GB" : properties.model().contains("0.6B") ? "1.8 GB"
                : "the size of " + properties.model());
        long free = freeSpace(properties.home());
        plan.put("free_disk_gb", free < 0 ? null : Math.round(free * 10.0 / GB) / 10.0);
        plan.put("speed_hint", gpu ? "On an NVIDIA GPU, speech is made faster than it is spoken."
                : "On a CPU, speech takes several times as long to make as to hear; short texts stay usable. "
                        + "The speed measured here is shown once it runs.");
        return plan;
    }

    private WorkerAddress checked(RemoteWorker remote) {
        String url = remote == null || remote.baseUrl() == null ? "" : remote.baseUrl().strip();
        if (!url.matches("https?://[^\\s/]+.*")) {
            throw ApiProblem.invalidFields("invalid-worker", Map.of("base_url",
                    "Give the worker's address, starting with https:// (or http:// on a private network)."));
        }
        WorkerAddress address = new WorkerAddress(url.replaceAll("/+$", ""), blankToNull(remote.bearerToken()),
                blankToNull(remote.modalKey()), blankToNull(remote.modalSecret()));
        String problem = answerOf(address);
        if (problem != null) {
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "worker-not-answering", "No worker answers there",
                    problem);
        }
        return address;
    }

    /** Null when a speech worker answers at the address with these credentials, else what went wrong. */
    private String answerOf(WorkerAddress address) {
        HttpRequest.Builder health = HttpRequest.newBuilder(URI.create(address.baseUrl() + "/health"))
                .timeout(Duration.ofSeconds(60));
        if (address.modalKey() != null && address.modalSecret() != null) {
            health.header("Modal-Key", address.modalKey()).header("Modal-Secret", address.modalSecret());
        }
        try {
            HttpResponse<String> answer = http.send(health.build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 401) {
                return "The worker at " + address.baseUrl() + " refused the credentials: check the Modal key and secret.";
            }
            JsonNode body = JSON.readTree(answer.body());
            if (answer.statusCode() != 200 || body.path("protocol_version").asInt() != 1) {
                return "What answers at " + address.baseUrl() + " is not an Utter speech worker (status "
                        + answer.statusCode() + ").";
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return "Nothing answers at " + address.baseUrl() + ": check the address and that the worker runs.";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "Checking the worker was interrupted; try again.";
        }
    }

    private void requireNoServerSetting() {
        if (source.configured()) {
            throw new ApiProblem(HttpStatus.CONFLICT, "set-by-server", "Set in the server's settings",
                    "This Utter's settings name its speech worker (utter.tts.worker.base-url); change it there.");
        }
    }

    private static long freeSpace(Path folder) {
        try {
            Path existing = folder.toAbsolutePath();
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            return existing == null ? -1 : Files.getFileStore(existing).getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
