package dev.otalab.controller.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Row of {@code lab.steps}. */
@Entity
@Table(name = "steps")
public class StepRow {
    @Id
    public UUID id;
    @Column(name = "case_id")
    public UUID caseId;
    public int position;
    public String kind;
    public String description;
    public String status;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "ended_at")
    public Instant endedAt;
    @Column(name = "duration_ms")
    public Long durationMs;
    public Integer attempts;
    public String message;
    public String expected;
    public String actual;
}
