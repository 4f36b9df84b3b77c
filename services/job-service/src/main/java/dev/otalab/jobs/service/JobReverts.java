package dev.otalab.jobs.service;

import dev.otalab.jobs.model.RevertBlock;
import dev.otalab.jobs.repository.RevertBlockRepository;
import dev.otalab.jobs.repository.SessionRepository;
import dev.otalab.ota.OtaVersion;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Reverts after a board job's offer, by the same rule as a campaign's execution: the device's
 * newest offer was resolved by image-store (it started downloading) and the device now reports a
 * version older than the one offered. The offered version is then blocked for the device
 * ({@link RevertBlockVeto}). One indexed lookup per check (newest session of the device).
 */
@ApplicationScoped
public class JobReverts {

    private final SessionRepository sessions;
    private final RevertBlockRepository blocks;

    public JobReverts(SessionRepository sessions, RevertBlockRepository blocks) {
        this.sessions = sessions;
        this.blocks = blocks;
    }

    public Uni<Void> detect(Mutiny.Session session, String key, String board, OtaVersion reported, OffsetDateTime now) {
        return sessions.newestOfDevice(session, key).chain(offer -> {
            if (offer == null || offer.executionId != null || offer.resolvedAt == null
                    || !now.isAfter(offer.resolvedAt) || reported.compareTo(OtaVersion.parse(offer.version)) >= 0) {
                return Uni.createFrom().voidItem();
            }
            String why = "after downloading " + offer.version + " (board job offer " + offer.id + ") the device reports "
                    + reported + ": reverted; " + offer.version + " is blocked for it";
            return blocks.add(session, new RevertBlock(key, offer.version, board, null, reported.toString(), why, now))
                    .replaceWithVoid();
        });
    }
}
