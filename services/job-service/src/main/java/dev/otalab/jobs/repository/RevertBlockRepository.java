package dev.otalab.jobs.repository;

import dev.otalab.jobs.model.RevertBlock;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/** {@code jobs.revert_block}: versions a device reverted from (native SQL; the key is composite). */
@ApplicationScoped
public class RevertBlockRepository {

    private static final String COLUMNS = "device_key, version, board, campaign_id, reverted_to, reason, blocked_at";

    private final Mutiny.SessionFactory sessions;

    public RevertBlockRepository(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    /** Adds the block in the caller's transaction; the first block of a version is kept. */
    public Uni<Integer> add(Mutiny.Session session, RevertBlock b) {
        return session.createNativeQuery("insert into {h-schema}revert_block (" + COLUMNS + ")"
                        + " values (:key, :version, :board, :campaign, :to, :reason, :at)"
                        + " on conflict (device_key, version) do nothing")
                .setParameter("key", b.deviceKey()).setParameter("version", b.version())
                .setParameter("board", b.board()).setParameter("campaign", b.campaignId())
                .setParameter("to", b.revertedTo()).setParameter("reason", b.reason())
                .setParameter("at", b.blockedAt())
                .executeUpdate();
    }

    public Uni<Boolean> isBlocked(Mutiny.Session session, String deviceKey, String version) {
        return session.createNativeQuery("select count(*) from {h-schema}revert_block where device_key = :key"
                        + " and version = :version", Long.class)
                .setParameter("key", deviceKey).setParameter("version", version)
                .getSingleResult().map(n -> n > 0);
    }

    public Uni<List<RevertBlock>> list(String deviceKey) {
        return sessions.withSession(session -> session
                .createNativeQuery("select " + COLUMNS + " from {h-schema}revert_block where device_key = :key"
                        + " order by blocked_at, version", Object[].class)
                .setParameter("key", deviceKey).getResultList()
                .map(rows -> rows.stream().map(RevertBlockRepository::row).toList()));
    }

    /** @return whether a block was removed */
    public Uni<Boolean> delete(String deviceKey, String version) {
        return sessions.withTransaction(session -> session
                .createNativeQuery("delete from {h-schema}revert_block where device_key = :key and version = :version")
                .setParameter("key", deviceKey).setParameter("version", version)
                .executeUpdate().map(n -> n > 0));
    }

    private static RevertBlock row(Object[] r) {
        return new RevertBlock((String) r[0], (String) r[1], (String) r[2], (UUID) r[3], (String) r[4], (String) r[5],
                toOffset(r[6]));
    }

    private static OffsetDateTime toOffset(Object o) {
        if (o instanceof OffsetDateTime t) {
            return t;
        }
        if (o instanceof java.time.Instant i) {
            return i.atOffset(java.time.ZoneOffset.UTC);
        }
        if (o instanceof java.time.LocalDateTime l) {
            return l.atOffset(java.time.ZoneOffset.UTC);
        }
        return o instanceof java.sql.Timestamp ts ? ts.toInstant().atOffset(java.time.ZoneOffset.UTC) : null;
    }
}
