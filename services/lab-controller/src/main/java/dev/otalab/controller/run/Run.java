package dev.otalab.controller.run;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One run (plan × board) and everything recorded about it. Mutated only by its executor thread and
 * by {@link #cancel()}; readers get consistent views through the synchronized accessors and
 * {@link #snapshot()}.
 */
public final class Run {

    public enum Status { QUEUED, RUNNING, PASSED, FAILED, ERROR, CANCELLED;
        public boolean finished() { return this != QUEUED && this != RUNNING; }
    }

    public enum CaseStatus { PENDING, RUNNING, PASSED, FAILURE, ERROR, SKIPPED, CANCELLED }

    public enum StepStatus { PENDING, RUNNING, PASSED, FAILED, ERROR, SKIPPED }

    /** One step's record. */
    public static final class StepRecord {
        public final int index;
        public final String kind;
        public final String description;
        public StepStatus status = StepStatus.PENDING;
        public Instant startedAt;
        public Instant endedAt;
        public Long durationMs;
        public String message;
        public String expected;
        public String actual;
        public int attempts;

        StepRecord(int index, String kind, String description) {
            this.index = index;
            this.kind = kind;
            this.description = description;
        }
    }

    /** One case's record. */
    public static final class CaseRecord {
        public final String name;
        public CaseStatus status = CaseStatus.PENDING;
        public Instant startedAt;
        public Instant endedAt;
        public Long durationMs;
        public String message;
        public final List<StepRecord> steps = new ArrayList<>();
        public final List<String> uart = new ArrayList<>();
        public Map<String, String> variables = Map.of();

        CaseRecord(String name) {
            this.name = name;
        }
    }

    /** A line of the run log (the SSE stream), numbered from 1. */
    public record LogEvent(long id, Instant at, String type, String caseName, String text) {
    }

    public final String id;
    public final String plan;
    public String boardUrl;
    public String boardId;
    public final Instant createdAt = Instant.now();
    public Status status = Status.QUEUED;
    public Instant startedAt;
    public Instant endedAt;
    public String message;
    public final List<CaseRecord> cases = new ArrayList<>();
    @JsonIgnore
    private final List<LogEvent> log = new ArrayList<>();
    @JsonIgnore
    private volatile boolean cancelRequested;
    /** Board calls that failed for infrastructure reasons after their retries (a pooled board turns BAD after too many). */
    @JsonIgnore
    private final java.util.concurrent.atomic.AtomicInteger infraErrors = new java.util.concurrent.atomic.AtomicInteger();

    public Run(String id, String plan, String boardUrl, String boardId, List<dev.otalab.controller.plan.Plan.TestCase> planCases) {
        this.id = id;
        this.plan = plan;
        this.boardUrl = boardUrl;
        this.boardId = boardId;
        for (var c : planCases) {
            CaseRecord cr = new CaseRecord(c.name());
            for (int i = 0; i < c.steps().size(); i++) {
                cr.steps.add(new StepRecord(i, c.steps().get(i).kind(), c.steps().get(i).describe()));
            }
            cases.add(cr);
        }
    }

    /** Asks the executor to stop; false when the run had already finished. */
    public synchronized boolean cancel() {
        if (status.finished()) {
            return false;
        }
        cancelRequested = true;
        if (status == Status.QUEUED) {
            finish(Status.CANCELLED, "cancelled before start");
        }
        notifyAll();
        return true;
    }

    void infraError() {
        infraErrors.incrementAndGet();
    }

    public int infraErrors() {
        return infraErrors.get();
    }

    public boolean cancelRequested() {
        return cancelRequested;
    }

    public synchronized void log(String type, String text) {
        log(type, null, text);
    }

    /** Appends a log event; UART lines name their case. */
    public synchronized void log(String type, String caseName, String text) {
        log.add(new LogEvent(log.size() + 1, Instant.now(), type, caseName, text));
        notifyAll();
    }

    public synchronized List<LogEvent> allLog() {
        return List.copyOf(log);
    }

    /** Log events with id greater than {@code after}, waiting up to {@code waitMs} for some unless finished. */
    public synchronized List<LogEvent> logAfter(long after, long waitMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + waitMs;
        while (log.size() <= after && !status.finished()) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                break;
            }
            wait(left);
        }
        return after >= log.size() ? List.of() : List.copyOf(log.subList((int) Math.max(0, after), log.size()));
    }

    public synchronized boolean finished() {
        return status.finished();
    }

    synchronized void start() {
        status = Status.RUNNING;
        startedAt = Instant.now();
        log("run", "run " + id + " started: plan " + plan + " on " + boardId + " at " + boardUrl);
    }

    /** Called once, before a run's final status becomes visible (stores it). */
    public interface FinishListener {
        void finishing(Run run, Status status, String message, Instant endedAt);
    }

    @JsonIgnore
    private FinishListener finishListener;

    public synchronized void onFinish(FinishListener l) {
        finishListener = l;
    }

    synchronized void finish(Status s, String msg) {
        if (status.finished()) {
            return;
        }
        Instant end = Instant.now();
        log("run", "run " + id + " finished: " + s + (msg != null ? " (" + msg + ")" : ""));
        if (finishListener != null) {
            try {
                finishListener.finishing(this, s, msg, end);
            } catch (RuntimeException e) {
                log("run", "run could not be stored: " + e);
            }
        }
        status = s;
        message = msg;
        endedAt = end;
        notifyAll();
    }

    static long millis(Instant a, Instant b) {
        return Duration.between(a, b).toMillis();
    }

    /** Waits until finished or the timeout passes. */
    public synchronized boolean await(long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!status.finished()) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }
}
