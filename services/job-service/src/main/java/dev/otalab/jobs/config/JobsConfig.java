package dev.otalab.jobs.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** {@code otalab.jobs.*}: session lifetime and history retention. */
@ConfigMapping(prefix = "otalab.jobs")
public interface JobsConfig {

    /** How long an offered update's OTA session resolves. */
    @WithDefault("30M")
    Duration sessionTtl();

    /** Reports, sessions and results older than this are deleted. */
    @WithDefault("30D")
    Duration historyRetention();

    /** Device messages handled at the same time per replica; more are dropped (the device asks again). */
    @WithDefault("64")
    int maxConcurrentChecks();

    /**
     * Device-message transactions running at once per replica; the others wait their turn (FIFO).
     * Keep it below {@code quarkus.datasource.reactive.max-size}: the rest of the pool stays free for
     * REST, above all image-store's session lookups, which must not queue behind a burst of checks.
     */
    @WithDefault("6")
    int maxCheckTransactions();

    /** How often campaign executions in flight are checked against their per-execution timeout. */
    @WithDefault("5S")
    Duration campaignTimeoutCheckInterval();

    /** Period of the history clean-up. */
    @WithDefault("1H")
    Duration cleanupInterval();
}
