package dev.otalab.controller.pool;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Plain JDBC transactions for the pool tables. The pool needs row locks and
 * {@code FOR UPDATE SKIP LOCKED} so that two controllers never lease one board; that is simplest
 * to say in SQL. Blocking: call from worker threads only.
 */
@ApplicationScoped
public class Tx {

    /** Work inside one transaction. */
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** A database failure; the message names what was being done. */
    public static class PoolDbException extends RuntimeException {
        PoolDbException(SQLException e) {
            super("pool database: " + e.getMessage(), e);
        }
    }

    @Inject
    DataSource ds;

    public <T> T run(Work<T> work) {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                T t = work.run(c);
                c.commit();
                return t;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new PoolDbException(e);
        }
    }

    /** Whether {@code e} (or its cause) is a unique-key violation. */
    public static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && "23505".equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
