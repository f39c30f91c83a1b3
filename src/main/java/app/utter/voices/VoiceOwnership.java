package app.utter.voices;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import app.utter.accounts.AdminSetUp;
import app.utter.accounts.Owner;
import app.utter.accounts.UsageCounter;

/** Voices as part of an account: counted in its usage, and handed to the first admin if made before accounts. */
@Component
class VoiceOwnership implements UsageCounter {

    private final VoiceRepository repository;

    VoiceOwnership(VoiceRepository repository) {
        this.repository = repository;
    }

    @Override
    public String usage() {
        return "voices";
    }

    @Override
    public long count(Owner owner) {
        return repository.count(owner.id(), app.utter.web.Search.ANY);
    }

    @EventListener
    void claimForAdmin(AdminSetUp setUp) {
        repository.claimUnowned(setUp.admin().id());
    }
}
