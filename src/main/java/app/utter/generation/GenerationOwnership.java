package app.utter.generation;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import app.utter.accounts.AdminSetUp;
import app.utter.accounts.Owner;
import app.utter.accounts.UsageCounter;

/** Generations as part of an account: running ones counted in its usage, old ones handed to the first admin. */
@Component
class GenerationOwnership implements UsageCounter {

    private final GenerationRepository repository;

    GenerationOwnership(GenerationRepository repository) {
        this.repository = repository;
    }

    @Override
    public String usage() {
        return "active_jobs";
    }

    @Override
    public long count(Owner owner) {
        return repository.countActive(owner.id());
    }

    @EventListener
    void claimForAdmin(AdminSetUp setUp) {
        repository.claimUnowned(setUp.admin().id());
    }
}
