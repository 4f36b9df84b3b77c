package dev.otalab.jobs.service;

import dev.otalab.jobs.config.JobsConfig;
import dev.otalab.jobs.repository.CampaignRepository;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Every {@code otalab.jobs.campaign-timeout-check-interval}: executions in flight past their
 * deadline become TIMED_OUT (or QUEUED again while retries are left). Found by the index on the
 * deadline (only executions in flight have one); each is handled in its own transaction under its row lock, so a device message for
 * the same execution either comes first (and the deadline no longer applies) or after (and finds a
 * terminal execution). Replicas may run it at once: the lock and the re-check make it idempotent.
 */
@ApplicationScoped
public class CampaignTimeouts {

    private static final Logger LOG = Logger.getLogger(CampaignTimeouts.class);
    static final int BATCH = 500;

    private final Vertx vertx;
    private final SafeContexts contexts;
    private final Mutiny.SessionFactory sessions;
    private final CampaignRepository campaigns;
    private final CampaignTracker tracker;
    private final CampaignEnds ends;
    private final JobsConfig config;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile long timer = -1;

    public CampaignTimeouts(Vertx vertx, SafeContexts contexts, Mutiny.SessionFactory sessions,
            CampaignRepository campaigns, CampaignTracker tracker, CampaignEnds ends, JobsConfig config) {
        this.vertx = vertx;
        this.contexts = contexts;
        this.sessions = sessions;
        this.campaigns = campaigns;
        this.tracker = tracker;
        this.ends = ends;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        long period = Math.max(100, config.campaignTimeoutCheckInterval().toMillis());
        timer = vertx.setPeriodic(period, period, id -> {
            if (running.compareAndSet(false, true)) {
                contexts.run(this::check).onTermination().invoke(() -> running.set(false)).subscribe().with(
                        n -> { },
                        failure -> LOG.warnf("campaign timeout check failed: %s", failure.toString()));
            }
        });
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** One pass; returns how many overdue executions were looked at. */
    Uni<Integer> check() {
        OffsetDateTime now = DeviceChecks.now();
        return campaigns.overdue(now, BATCH).chain(ids -> Multi.createFrom().iterable(ids)
                .onItem().transformToUniAndConcatenate(this::expire)
                .collect().last().replaceWith(ids.size()));
    }

    private Uni<Void> expire(UUID id) {
        Set<UUID> ended = new HashSet<>();
        return sessions.withTransaction(session -> tracker.onDeadline(session, id, DeviceChecks.now(), ended))
                .call(() -> ends.sweep(ended));
    }
}
