package dev.otalab.signing.repository;

import dev.otalab.signing.model.SignatureRecord;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The audit log in {@code signing.signature_record}, through Hibernate Reactive. Each method opens
 * its own session (and transaction for writes) with {@link Mutiny.SessionFactory}; it must be
 * subscribed on a Vert.x event-loop (request) context, never from a worker thread.
 */
@ApplicationScoped
public class SignatureRecordRepository {

    private final Mutiny.SessionFactory sessions;

    public SignatureRecordRepository(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    /** Inserts a new record (the id is assigned by the caller) and commits. */
    public Uni<SignatureRecord> insert(SignatureRecord record) {
        return sessions.withTransaction(session -> session.persist(record)).replaceWith(record);
    }

    /** The record, or null. */
    public Uni<SignatureRecord> find(UUID id) {
        return sessions.withSession(session -> session.find(SignatureRecord.class, id));
    }

    /**
     * Newest first. Null filters are left out of the query rather than compared with
     * {@code :p is null}, which PostgreSQL cannot type.
     */
    public Uni<List<SignatureRecord>> search(String digest, String keyId, String signedBy, int limit) {
        Map<String, Object> params = new LinkedHashMap<>();
        List<String> where = new ArrayList<>();
        if (digest != null) {
            where.add("r.imageDigest = :digest");
            params.put("digest", digest);
        }
        if (keyId != null) {
            where.add("r.keyId = :keyId");
            params.put("keyId", keyId);
        }
        if (signedBy != null) {
            where.add("r.signedBy = :signedBy");
            params.put("signedBy", signedBy);
        }
        String hql = "from SignatureRecord r" + (where.isEmpty() ? "" : " where " + String.join(" and ", where))
                + " order by r.signedAt desc, r.id";
        return sessions.withSession(session -> {
            Mutiny.SelectionQuery<SignatureRecord> query = session.createSelectionQuery(hql, SignatureRecord.class);
            params.forEach(query::setParameter);
            return query.setMaxResults(limit).getResultList();
        });
    }
}
