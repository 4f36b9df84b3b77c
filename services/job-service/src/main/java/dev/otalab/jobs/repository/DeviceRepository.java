package dev.otalab.jobs.repository;

import dev.otalab.jobs.model.Device;
import dev.otalab.jobs.model.DeviceReport;
import dev.otalab.jobs.model.OtaResult;
import dev.otalab.jobs.model.OtaSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;

/** Devices, their reports, sessions and results (reads for the API; the writes of every check). */
@ApplicationScoped
public class DeviceRepository {

    /**
     * A check's writes as one statement ({@code {h-schema}} = Hibernate's default schema): the device
     * upsert (insert it, or update its last state and count the check; two replicas recording the same
     * device at once cannot collide) and the report row. The foreign keys to the device are checked at
     * the end of the statement, when the upsert has happened.
     */
    private static final String UPSERT = """
            with upserted as (
                insert into {h-schema}device as d (device_key, board, serial_number, manufacturer, manufacturer_id,
                                    product_id, board_name, last_version, last_unique_topic, last_decision,
                                    first_seen, last_seen, checks)
                values (:key, :board, :serial, :manufacturer, :manufacturerId, :productId,
                        :boardName, :version, :topic, :decision, :now, :now, 1)
                on conflict (device_key) do update set
                    serial_number = excluded.serial_number, manufacturer = excluded.manufacturer,
                    manufacturer_id = excluded.manufacturer_id, product_id = excluded.product_id,
                    board_name = excluded.board_name, last_version = excluded.last_version,
                    last_unique_topic = excluded.last_unique_topic, last_decision = excluded.last_decision,
                    last_seen = greatest(d.last_seen, excluded.last_seen), checks = d.checks + 1)
            """;

    private static final String REPORT = """
            insert into {h-schema}device_report (id, device_key, board, serial_number, manufacturer, manufacturer_id,
                                product_id, board_name, reported_version, unique_topic, decision, reason,
                                session_id, reported_at)
            values (:reportId, :key, :board, :serial, :manufacturer, :manufacturerId, :productId, :boardName,
                    :version, :topic, :decision, :reason, %s, :now)
            """;

    /**
     * With an offer: the device's other active session of the unique topic ends (a 16-bit suffix
     * recurs; only its newest offer on a topic may resolve) and the new session is added; this update
     * does not see the row inserted by the same statement. Other devices' sessions on the topic stay:
     * stock agents that check on the same uptime tick share a topic, and each resolves its own.
     */
    private static final String OFFER = """
            , ended as (
                update {h-schema}ota_session set expires_at = :now
                where unique_topic = :topic and device_key = :key and expires_at > :now),
            offered as (
                insert into {h-schema}ota_session (id, unique_topic, board, device_key, serial_number, image_digest,
                                    version, image_size, job_revision, reported_version, created_at, expires_at,
                                    execution_id)
                values (:sessionId, :topic, :board, :key, :serial, :digest, :offeredVersion, :size, :revision,
                        :version, :now, :expires, %s))
            """;

    private static final String RECORD = UPSERT + REPORT.formatted("null");
    private static final String RECORD_JOB_OFFER = UPSERT + OFFER.formatted("null") + REPORT.formatted(":sessionId");
    private static final String RECORD_CAMPAIGN_OFFER = UPSERT + OFFER.formatted(":executionId")
            + REPORT.formatted(":sessionId");

    private final Mutiny.SessionFactory sessions;

    public DeviceRepository(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    /**
     * Records a check in the caller's transaction, in one round trip: the device's last state and the
     * report, both from {@code report}, and {@code offer} (null: none) with the end of older sessions
     * on its unique topic.
     */
    public Uni<Integer> record(Mutiny.Session session, DeviceReport report, OtaSession offer) {
        String sql = offer == null ? RECORD : offer.executionId == null ? RECORD_JOB_OFFER : RECORD_CAMPAIGN_OFFER;
        Mutiny.Query<?> q = session.createNativeQuery(sql)
                .setParameter("key", report.deviceKey)
                .setParameter("board", report.board)
                .setParameter("serial", report.serialNumber)
                .setParameter("manufacturer", report.manufacturer)
                .setParameter("manufacturerId", report.manufacturerId)
                .setParameter("productId", report.productId)
                .setParameter("boardName", report.boardName)
                .setParameter("version", report.reportedVersion)
                .setParameter("topic", report.uniqueTopic)
                .setParameter("decision", report.decision.name())
                .setParameter("reason", report.reason)
                .setParameter("reportId", report.id)
                .setParameter("now", report.reportedAt);
        if (offer != null) {
            q.setParameter("sessionId", offer.id)
                    .setParameter("digest", offer.imageDigest)
                    .setParameter("offeredVersion", offer.version)
                    .setParameter("size", offer.imageSize)
                    .setParameter("revision", offer.jobRevision)
                    .setParameter("expires", offer.expiresAt);
            if (offer.executionId != null) {
                q.setParameter("executionId", offer.executionId);
            }
        }
        return q.executeUpdate();
    }

    public Uni<Device> find(String key) {
        return sessions.withSession(session -> session.find(Device.class, key));
    }

    /** Devices, most recently seen first; {@code board} null = all. */
    public Uni<List<Device>> list(String board, int limit) {
        String hql = "from Device d" + (board == null ? "" : " where d.board = :board")
                + " order by d.lastSeen desc, d.key";
        return sessions.withSession(session -> {
            Mutiny.SelectionQuery<Device> q = session.createSelectionQuery(hql, Device.class);
            if (board != null) {
                q.setParameter("board", board);
            }
            return q.setMaxResults(limit).getResultList();
        });
    }

    /** The device's history, newest first. */
    public record History(List<DeviceReport> reports, List<OtaSession> sessions, List<OtaResult> results) {
    }

    public Uni<History> history(String key, int limit) {
        return sessions.withSession(session -> session
                .createSelectionQuery("from DeviceReport r where r.deviceKey = :key order by r.reportedAt desc, r.id",
                        DeviceReport.class)
                .setParameter("key", key).setMaxResults(limit).getResultList()
                .chain(reports -> session
                        .createSelectionQuery("from OtaSession s where s.deviceKey = :key order by s.createdAt desc, s.id",
                                OtaSession.class)
                        .setParameter("key", key).setMaxResults(limit).getResultList()
                        .chain(offers -> session
                                .createSelectionQuery(
                                        "from OtaResult r where r.deviceKey = :key order by r.receivedAt desc, r.id",
                                        OtaResult.class)
                                .setParameter("key", key).setMaxResults(limit).getResultList()
                                .map(results -> new History(reports, offers, results)))));
    }
}
