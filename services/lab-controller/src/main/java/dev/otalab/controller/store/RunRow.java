package dev.otalab.controller.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** Row of {@code lab.runs}. */
@Entity
@Table(name = "runs")
public class RunRow {
    @Id
    public UUID id;
    public String plan;
    @Column(name = "board_url")
    public String boardUrl;
    @Column(name = "board_id")
    public String boardId;
    public String status;
    public String message;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "ended_at")
    public Instant endedAt;
}
