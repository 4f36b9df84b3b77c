package dev.otalab.controller.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** Row of {@code lab.log_lines}: one run log event; UART lines carry their case. */
@Entity
@Table(name = "log_lines")
@IdClass(LogLineRow.Key.class)
public class LogLineRow {
    @Id
    @Column(name = "run_id")
    public UUID runId;
    @Id
    public long seq;
    public Instant at;
    public String type;
    @Column(name = "case_name")
    public String caseName;
    public String text;

    public static class Key implements Serializable {
        public UUID runId;
        public long seq;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.seq == seq && Objects.equals(k.runId, runId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(runId, seq);
        }
    }
}
