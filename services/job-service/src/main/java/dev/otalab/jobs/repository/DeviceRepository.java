package dev.otalab.jobs.repository;

import dev.otalab.jobs.model.Decision;
import dev.otalab.jobs.model.Device;
import dev.otalab.jobs.model.DeviceReport;
import dev.otalab.jobs.model.OtaResult;
import dev.otalab.jobs.model.OtaSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;

/** Devices, their reports, sessions and results (reads for the API; the upsert for every check). */
@ApplicationScoped
public class DeviceRepository {

    /**
     * One statement ({@code {h-schema}} = Hibernate's default schema), so two replicas recording the same device at once cannot collide: insert the
     * device, or update its last state and count the check.
     */
    private static final String UPSERT = """
            insert into {h-schema}device as d (device_key, board, serial_number, manufacturer, manufacturer_id, product_id,
                                board_name, last_version, last_unique_topic, last_decision, first_seen, last_seen, checks)
            values (:key, :board, :serial, :manufacturer, :manufacturerId, :productId,
                    :boardName, :version, :topic, :decision, :now, :now, 1)
            on conflict (device_key) do update set
                serial_number = excluded.serial_number, manufacturer = excluded.manufacturer,
                manufacturer_id = excluded.manufacturer_id, product_id = excluded.product_id,
                board_name = excluded.board_name, last_version = excluded.last_version,
                last_unique_topic = excluded.last_unique_topic, last_decision = excluded.last_decision,
                last_seen = greatest(d.last_seen, excluded.last_seen), checks = d.checks + 1
            """;

    private final Mutiny.SessionFactory sessions;

    public DeviceRepository(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    /** Records a check in the caller's transaction: the device's last state from {@code report}. */
    public Uni<Integer> upsert(Mutiny.Session session, DeviceReport report, Decision decision, OffsetDateTime now) {
        return session.createNativeQuery(UPSERT)
                .setParameter("key", report.deviceKey)
                .setParameter("board", report.board)
                .setParameter("serial", report.serialNumber)
                .setParameter("manufacturer", report.manufacturer)
                .setParameter("manufacturerId", report.manufacturerId)
                .setParameter("productId", report.productId)
                .setParameter("boardName", report.boardName)
                .setParameter("version", report.reportedVersion)
                .setParameter("topic", report.uniqueTopic)
                .setParameter("decision", decision.name())
                .setParameter("now", now)
                .executeUpdate();
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
