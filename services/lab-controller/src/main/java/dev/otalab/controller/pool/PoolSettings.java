package dev.otalab.controller.pool;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The pool's rules, from {@code otalab.controller.pool.*}. */
@ApplicationScoped
public class PoolSettings {

    /** An agent silent for this many heartbeat intervals is lost: its boards are UNKNOWN. */
    @ConfigProperty(name = "otalab.controller.pool.missed-heartbeats", defaultValue = "3")
    int missedHeartbeats;

    /** Runs in a row ending in infrastructure errors after which a board is BAD (until an operator sets GOOD). */
    @ConfigProperty(name = "otalab.controller.pool.bad-after-infra-errors", defaultValue = "3")
    int badAfterInfraErrors;

    /** TTL of the lease a run takes; the run renews it every third of it. */
    @ConfigProperty(name = "otalab.controller.pool.run-lease-ttl-seconds", defaultValue = "120")
    int runLeaseTtlSeconds;

    /** Longest TTL a client may ask for. */
    @ConfigProperty(name = "otalab.controller.pool.max-lease-ttl-seconds", defaultValue = "86400")
    int maxLeaseTtlSeconds;

    /** How long a queued run waits for a free GOOD board before it ends ERROR. */
    @ConfigProperty(name = "otalab.controller.pool.run-wait-seconds", defaultValue = "3600")
    int runWaitSeconds;

    /** How often a waiting run tries to take a board. */
    @ConfigProperty(name = "otalab.controller.pool.run-wait-poll-ms", defaultValue = "1000")
    long runWaitPollMs;

    public int missedHeartbeats() {
        return Math.max(1, missedHeartbeats);
    }

    public int badAfterInfraErrors() {
        return Math.max(1, badAfterInfraErrors);
    }

    public int runLeaseTtlSeconds() {
        return Math.max(3, runLeaseTtlSeconds);
    }

    public int maxLeaseTtlSeconds() {
        return maxLeaseTtlSeconds;
    }

    public int runWaitSeconds() {
        return runWaitSeconds;
    }

    public long runWaitPollMs() {
        return Math.max(50, runWaitPollMs);
    }
}
