package dev.otalab.jobs.repository;

import dev.otalab.jobs.model.Job;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Job documents ({@code jobs.job}, {@code jobs.job_target}). Methods taking a {@link Mutiny.Session}
 * join the caller's transaction; the others open their own. Subscribe on a safe Vert.x context.
 */
@ApplicationScoped
public class JobRepository {

    private final Mutiny.SessionFactory sessions;

    public JobRepository(Mutiny.SessionFactory sessions) {
        this.sessions = sessions;
    }

    /** The job of {@code board} with its target serial numbers, or null. */
    public Uni<Job> find(Mutiny.Session session, String board) {
        return session.find(Job.class, board);
    }

    public Uni<Job> find(String board) {
        return sessions.withSession(session -> find(session, board));
    }

    /** Every job, by board. */
    public Uni<List<Job>> list() {
        return sessions.withSession(session -> session
                .createSelectionQuery("select distinct j from Job j left join fetch j.serialNumbers order by j.board",
                        Job.class)
                .getResultList());
    }

    /** What a write changed. */
    public record Written(Job job, boolean created) {
    }

    /**
     * Creates or replaces the job of {@code values.board} in one transaction: every field and the
     * target list are taken from {@code values}; {@code createdAt} survives a replacement.
     */
    public Uni<Written> put(Job values) {
        // Two first PUTs of a board at once: the loser's insert hits the primary key; it retries
        // once and then finds the winner's row to replace.
        return putOnce(copy(values)).onFailure(JobRepository::isUniqueViolation).retry().atMost(1);
    }

    private Uni<Written> putOnce(Job values) {
        return sessions.withTransaction(session -> session.find(Job.class, values.board).chain(existing -> {
            if (existing == null) {
                Job fresh = copy(values);
                return session.persist(fresh).replaceWith(new Written(fresh, true));
            }
            existing.revision = values.revision;
            existing.imageDigest = values.imageDigest;
            existing.version = values.version;
            existing.imageSize = values.imageSize;
            existing.broker = values.broker;
            existing.port = values.port;
            existing.updatedAt = values.updatedAt;
            existing.serialNumbers.clear();
            existing.serialNumbers.addAll(values.serialNumbers);
            return session.flush().replaceWith(new Written(existing, false));
        }));
    }

    private static Job copy(Job v) {
        Job j = new Job();
        j.board = v.board;
        j.revision = v.revision;
        j.imageDigest = v.imageDigest;
        j.version = v.version;
        j.imageSize = v.imageSize;
        j.broker = v.broker;
        j.port = v.port;
        j.serialNumbers = new java.util.TreeSet<>(v.serialNumbers);
        j.createdAt = v.createdAt;
        j.updatedAt = v.updatedAt;
        return j;
    }

    public static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.hibernate.exception.ConstraintViolationException c
                    && c.getKind() == org.hibernate.exception.ConstraintViolationException.ConstraintKind.UNIQUE) {
                return true;
            }
            if (t.getMessage() != null && t.getMessage().contains("23505")) { // PostgreSQL unique_violation
                return true;
            }
        }
        return false;
    }

    /** Deletes the job and its targets; false when there was none. */
    public Uni<Boolean> delete(String board) {
        return sessions.withTransaction(session -> session.find(Job.class, board).chain(job -> job == null
                ? Uni.createFrom().item(false)
                : session.remove(job).replaceWith(true)));
    }
}
