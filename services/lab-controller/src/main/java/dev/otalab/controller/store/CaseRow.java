package dev.otalab.controller.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Row of {@code lab.cases}. */
@Entity
@Table(name = "cases")
public class CaseRow {
    @Id
    public UUID id;
    @Column(name = "run_id")
    public UUID runId;
    public int position;
    public String name;
    public String status;
    public String message;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "ended_at")
    public Instant endedAt;
    @Column(name = "duration_ms")
    public Long durationMs;
    /** Captured variables as a JSON object. */
    public String variables;
}
