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
     * image-store resolves the device's {@code Request Update}: the newest session of {@code topic}
     * that has not expired at {@code now}, or null; among those, the one offered to {@code serial}
     * first when the request named one. Stock agents number their unique topic by an uptime tick, so
     * two devices can share a topic: a request is attributed only to its own device's offer.
     *
     * <p>When the session is the requesting device's (or the request named no serial), records its
     * first resolution (the device started downloading) and moves the execution that made the offer,
     * if this is its newest offer, from OFFERED to DOWNLOADING. Another device's session is returned
     * without either: the image is the same to serve, and that device's execution stays OFFERED until
     * it asks itself. One statement, so one round trip and no explicit transaction: a lookup holds a
     * pooled connection for as short as possible (image-store waits at most 5 s).
     */
    public Uni<OtaSession> resolve(String topic, String serial, OffsetDateTime now) {
        return sessions.withSession(session -> session.createNativeQuery(RESOLVE, OtaSession.class)
                .setParameter("topic", topic).setParameter("serial", serial).setParameter("now", now)
                .getResultList()
                .map(list -> list.isEmpty() ? null : list.get(0)));
    }

    private static final String RESOLVE = """
            with asked as (select cast(:serial as varchar) as serial),
            found as (
                select s.*, (asked.serial is null or s.serial_number = asked.serial) as own
                from {h-schema}ota_session s, asked
                where s.unique_topic = :topic and s.expires_at > :now
                order by own desc, s.created_at desc, s.id limit 1),
            first_resolution as (
                update {h-schema}ota_session s set resolved_at = :now
                from found where s.id = found.id and found.own and s.resolved_at is null),
            downloading as (
                update {h-schema}execution e set state = 'DOWNLOADING', updated_at = :now
                from found where found.own and e.id = found.execution_id and e.session_id = found.id
                    and e.state = 'OFFERED')
            select s.* from {h-schema}ota_session s join found on s.id = found.id
            """;

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
