package dev.otalab.jobs.service;

import dev.otalab.jobs.repository.CampaignRepository;
import dev.otalab.jobs.repository.JobRepository;
import dev.otalab.jobs.repository.RevertBlockRepository;
import dev.otalab.jobs.repository.SessionRepository;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Runs the device path's queries once at startup, for a device key that cannot exist. The first run
 * of a query translates it and loads Hibernate's classes, seconds on a busy machine, and on the event
 * loop: done here, before devices and image-store call, that block does not hit the first checks,
 * lookups and campaign timeout pass (it showed as a 2 s blocked-thread warning).
 */
@ApplicationScoped
public class QueryWarmUp {

    private static final Logger LOG = Logger.getLogger(QueryWarmUp.class);
    /** Boards never contain a slash ({@code JobDocuments.isUsableBoard}): no device has this key. */
    private static final String NO_DEVICE = "warm/up:";

    private final SafeContexts contexts;
    private final Mutiny.SessionFactory sessions;
    private final SessionRepository offers;
    private final CampaignRepository campaigns;
    private final JobRepository jobs;
    private final RevertBlockRepository blocks;

    public QueryWarmUp(SafeContexts contexts, Mutiny.SessionFactory sessions, SessionRepository offers,
            CampaignRepository campaigns, JobRepository jobs, RevertBlockRepository blocks) {
        this.contexts = contexts;
        this.sessions = sessions;
        this.offers = offers;
        this.campaigns = campaigns;
        this.jobs = jobs;
        this.blocks = blocks;
    }

    void warmUp(@Observes StartupEvent event) {
        long start = System.nanoTime();
        OffsetDateTime now = DeviceChecks.now();
        try {
            contexts.run(() -> sessions.withSession(session -> offers.newestOfDevice(session, NO_DEVICE)
                            .chain(() -> offers.newest(session, NO_DEVICE))
                            .chain(() -> campaigns.openLocked(session, NO_DEVICE))
                            .chain(() -> campaigns.active(session, NO_DEVICE))
                            .chain(() -> jobs.find(session, NO_DEVICE))
                            .chain(() -> blocks.isBlocked(session, NO_DEVICE, "0.0.0"))))
                    .chain(() -> contexts.run(() -> campaigns.overdue(now, 1)))
                    .chain(() -> contexts.run(() -> offers.resolve(NO_DEVICE, NO_DEVICE, now)))
                    .await().atMost(Duration.ofSeconds(30));
            LOG.debugf("device path queries warmed up in %d ms", (System.nanoTime() - start) / 1_000_000);
        } catch (RuntimeException e) {
            // Only a head start: the queries work cold too.
            LOG.warnf("warming up the device path queries failed: %s", e.toString());
        }
    }
}
