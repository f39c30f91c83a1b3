package app.utter.accounts;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpSession;

/** The signed-in person's own account: who they are, their usage and limits, password, and API keys. */
@RestController
@RequestMapping("/api/v1/account")
@Tag(name = "Account", description = "Your account, usage, password and API keys")
class AccountController {

    private final Accounts accounts;
    private final ApiKeys keys;
    private final UsageLimits limits;
    private final List<UsageCounter> counters;

    AccountController(Accounts accounts, ApiKeys keys, UsageLimits limits, List<UsageCounter> counters) {
        this.accounts = accounts;
        this.keys = keys;
        this.limits = limits;
        this.counters = counters;
    }

    record AccountView(String id, String username, String role, Instant createdAt, Map<String, Integer> limits,
                       Map<String, Long> usage) {
    }

    @GetMapping
    AccountView account(Owner owner) {
        Account account = accounts.get(owner);
        AccountsProperties.Limits allowed = limits.limits();
        Map<String, Long> usage = new TreeMap<>();
        counters.forEach(counter -> usage.put(counter.usage(), counter.count(owner)));
        usage.put("characters_last_24h", limits.charactersLastDay(owner));
        return new AccountView(account.id(), account.username(), account.role().name().toLowerCase(),
                account.createdAt(), Map.of("voices", allowed.voices(), "characters_per_day", allowed.charactersPerDay(),
                        "concurrent_jobs", allowed.concurrentJobs()), usage);
    }

    record PasswordChange(String currentPassword, String newPassword) {
    }

    @Operation(summary = "Change your password", description = "Your other signed-in sessions end; API keys keep working.")
    @PostMapping("/password")
    ResponseEntity<Void> changePassword(Owner owner, @RequestBody PasswordChange change, HttpSession session) {
        accounts.changePassword(owner, change.currentPassword(), change.newPassword(), session.getId());
        return ResponseEntity.noContent().build();
    }

    record KeyList(List<ApiKey> items) {
    }

    record NewKey(String name) {
    }

    record CreatedKeyView(String id, String name, String prefix, Instant createdAt, String key) {
    }

    @GetMapping("/api-keys")
    KeyList apiKeys(Owner owner) {
        return new KeyList(keys.list(owner));
    }

    @Operation(summary = "Create an API key", description = "The key is in this response only; Utter keeps just a hash of it.")
    @PostMapping("/api-keys")
    ResponseEntity<CreatedKeyView> createKey(Owner owner, @RequestBody(required = false) NewKey request) {
        ApiKeys.CreatedKey created = keys.create(owner, request == null ? null : request.name());
        ApiKey key = created.key();
        return ResponseEntity.created(URI.create("/api/v1/account/api-keys/" + key.id()))
                .body(new CreatedKeyView(key.id(), key.name(), key.prefix(), key.createdAt(), created.secret()));
    }

    @Operation(summary = "Revoke an API key", description = "Requests with it are refused from now on.")
    @DeleteMapping("/api-keys/{id}")
    ResponseEntity<Void> revokeKey(Owner owner, @PathVariable String id) {
        keys.revoke(owner, id);
        return ResponseEntity.noContent().build();
    }
}
