package app.utter.speech;

import java.util.Optional;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import app.utter.tts.WorkerAddressSource;

/**
 * Where speech comes from when the configuration names no worker: the remote worker the admin connected, or the
 * one this app runs itself once the admin chose it (or it starts by itself). Each TTS call asks it first.
 */
@Component
class SpeechSource implements WorkerAddressSource {

    static final String NOT_SET_UP = "No speech worker is set up yet: on the Speech page (/admin/speech) an admin can "
            + "install one on this machine or connect a remote one.";

    private final SpeechSettings settings;
    private final LocalWorker local;
    private final boolean configured;

    SpeechSource(SpeechSettings settings, LocalWorker local,
            @Value("${utter.tts.worker.base-url:}") String configuredWorker) {
        this.settings = settings;
        this.local = local;
        this.configured = !configuredWorker.isBlank();
    }

    /** The server's configuration names the worker: nothing here applies. */
    boolean configured() {
        return configured;
    }

    /** Starts the local worker again after a restart of the app, if that is the choice. */
    @EventListener(ApplicationReadyEvent.class)
    void resume() {
        if (localChosen()) {
            local.begin();
        }
    }

    @Override
    public Availability availability() {
        Optional<SpeechSettings.Saved> saved = settings.current();
        if (saved.isPresent() && saved.get().choice() == SpeechSettings.Choice.REMOTE) {
            return new Ready(saved.get().remote());
        }
        if (!localChosen()) {
            return new Unavailable(NOT_SET_UP);
        }
        LocalWorker.Status status = local.status();
        return switch (status.phase()) {
            case READY -> new Ready(local.address());
            case FAILED -> new Unavailable("The local speech worker could not be set up: " + status.detail()
                    + " Try again on the Speech page (/admin/speech).");
            case OFFERED -> new Preparing("The local speech worker is about to start.");
            default -> new Preparing(status.detail());
        };
    }

    boolean localChosen() {
        if (configured || !local.properties().enabled()) {
            return false;
        }
        Optional<SpeechSettings.Saved> saved = settings.current();
        return saved.map(s -> s.choice() == SpeechSettings.Choice.LOCAL).orElse(local.properties().autoStart());
    }
}
