package dev.otalab.jobs.repository;

import dev.otalab.jobs.model.OtaSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import org.hibernate.reactive.mutiny.Mutiny;

/** OTA sessions by unique topic, and the history clean-up. */
@ApplicationScoped
public class SessionRepository {

    private final Mutiny.SessionFactory sessions;

    public SessionRepository(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    /** The newest session of {@code topic} that has not expired at {@code now}, or null. */
    public Uni<OtaSession> active(String topic, OffsetDateTime now) {
        return sessions.withSession(session -> session
                .createSelectionQuery("from OtaSession s where s.uniqueTopic = :topic and s.expiresAt > :now"
                        + " order by s.createdAt desc, s.id", OtaSession.class)
                .setParameter("topic", topic).setParameter("now", now)
                .setMaxResults(1).getResultList()
                .map(list -> list.isEmpty() ? null : list.get(0)));
    }

    /** The newest session of {@code topic}, expired or not (a result may come after the expiry), or null. */
    public Uni<OtaSession> newest(Mutiny.Session session, String topic) {
        return session
                .createSelectionQuery("from OtaSession s where s.uniqueTopic = :topic order by s.createdAt desc, s.id",
                        OtaSession.class)
                .setParameter("topic", topic)
                .setMaxResults(1).getResultList()
                .map(list -> list.isEmpty() ? null : list.get(0));
    }

    /** The device's newest offer (index {@code ota_session_device_idx}), or null. */
    public Uni<OtaSession> newestOfDevice(Mutiny.Session session, String deviceKey) {
        return session
                .createSelectionQuery("from OtaSession s where s.deviceKey = :key order by s.createdAt desc, s.id",
                        OtaSession.class)
                .setParameter("key", deviceKey)
                .setMaxResults(1).getResultList()
                .map(list -> list.isEmpty() ? null : list.get(0));
    }

    /** Records that a revert after {@code sessionId} was blocked (once per offer, README "Revert block"). */
    public Uni<Integer> markRevertSeen(Mutiny.Session session, java.util.UUID sessionId, OffsetDateTime now) {
        return session.createMutationQuery(
                        "update OtaSession s set s.revertSeenAt = :now where s.id = :id and s.revertSeenAt is null")
                .setParameter("now", now).setParameter("id", sessionId).executeUpdate();
    }

    /**
     * image-store resolved {@code resolved}: the device started downloading. Records the first
     * resolution and moves the execution that made the offer (if any, and if this is its newest
     * offer) from OFFERED to DOWNLOADING; both are single conditional updates.
     */
    public Uni<Void> resolved(OtaSession resolved, OffsetDateTime now) {
        return sessions.withTransaction(session -> session
                .createMutationQuery("update OtaSession s set s.resolvedAt = :now where s.id = :id and s.resolvedAt is null")
                .setParameter("now", now).setParameter("id", resolved.id).executeUpdate()
                .chain(() -> resolved.executionId == null ? Uni.createFrom().item(0) : session
                        .createMutationQuery("update Execution e set e.state = :downloading, e.updatedAt = :now"
                                + " where e.id = :id and e.sessionId = :sid and e.state = :offered")
                        .setParameter("downloading", dev.otalab.jobs.model.ExecutionState.DOWNLOADING)
                        .setParameter("now", now).setParameter("id", resolved.executionId)
                        .setParameter("sid", resolved.id)
                        .setParameter("offered", dev.otalab.jobs.model.ExecutionState.OFFERED).executeUpdate()))
                .replaceWithVoid();
    }

    /**
     * Adds {@code created} in the caller's transaction and ends every other active session of its
     * topic (a 16-bit suffix recurs; only the newest offer on a topic may resolve).
     */
    public Uni<Void> create(Mutiny.Session session, OtaSession created) {
        return session.createMutationQuery(
                        "update OtaSession s set s.expiresAt = :now where s.uniqueTopic = :topic and s.expiresAt > :now")
                .setParameter("now", created.createdAt).setParameter("topic", created.uniqueTopic)
                .executeUpdate()
                .chain(() -> session.persist(created));
    }

    /** Rows removed by {@link #deleteHistory}. */
    public record Deleted(int reports, int results, int sessions) {
    }

    /**
     * Deletes reports and results received before {@code before}, and sessions that expired before
     * it (their reports and results keep a null session id). Device rows are kept.
     */
    public Uni<Deleted> deleteHistory(OffsetDateTime before) {
        return sessions.withTransaction(session -> session
                .createMutationQuery("delete from DeviceReport r where r.reportedAt < :before")
                .setParameter("before", before).executeUpdate()
                .chain(reports -> session
                        .createMutationQuery("delete from OtaResult r where r.receivedAt < :before")
                        .setParameter("before", before).executeUpdate()
                        .chain(results -> session
                                .createMutationQuery("update DeviceReport r set r.sessionId = null where r.sessionId in"
                                        + " (select s.id from OtaSession s where s.expiresAt < :before)")
                                .setParameter("before", before).executeUpdate()
                                .chain(() -> session
                                        .createMutationQuery("update OtaResult r set r.sessionId = null where r.sessionId in"
                                                + " (select s.id from OtaSession s where s.expiresAt < :before)")
                                        .setParameter("before", before).executeUpdate())
                                .chain(() -> session
                                        .createMutationQuery("delete from OtaSession s where s.expiresAt < :before")
                                        .setParameter("before", before).executeUpdate())
                                .map(deletedSessions -> new Deleted(reports, results, deletedSessions)))));
    }
}
