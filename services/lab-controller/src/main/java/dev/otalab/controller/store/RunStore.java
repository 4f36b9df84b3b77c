package dev.otalab.controller.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otalab.controller.report.RunView;
import dev.otalab.controller.run.Run;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Runs in PostgreSQL (schema {@code lab}): the run row when it is queued, and at the end its final
 * status, cases, steps and log (UART lines included). Methods block: call them from worker
 * threads (run workers, {@code @Blocking} resources); each runs its Hibernate Reactive session on
 * a fresh Vert.x context through {@link VertxContextSupport#subscribeAndAwait}.
 */
@ApplicationScoped
public class RunStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Mutiny.SessionFactory sf;

    /** Runs that were queued or running when the controller stopped can never finish: mark them. */
    void markInterrupted(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent ev) {
        Integer n = await(() -> sf.withTransaction(s -> s.createMutationQuery(
                "update RunRow set status = 'ERROR', message = 'the controller stopped while the run was queued or running'"
                        + " where status in ('QUEUED', 'RUNNING')").executeUpdate()));
        if (n != null && n > 0) {
            org.jboss.logging.Logger.getLogger(RunStore.class).warnf("%d interrupted run(s) marked ERROR", n);
        }
    }

    private static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (Throwable e) {
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e);
        }
    }

    /** Records a queued run. */
    public void insert(Run run) {
        RunRow row = row(run);
        await(() -> sf.withTransaction(s -> s.persist(row)));
    }

    /** Records a finished run: final status, cases, steps and the log. */
    public void saveFinished(Run run, Run.Status status, String message, java.time.Instant endedAt) {
        RunView v = RunView.of(run, false);
        List<Run.LogEvent> log = run.allLog();
        UUID runId = UUID.fromString(v.id());
        List<Object> rows = new ArrayList<>();
        for (int i = 0; i < v.cases().size(); i++) {
            RunView.CaseView c = v.cases().get(i);
            CaseRow cr = new CaseRow();
            cr.id = UUID.randomUUID();
            cr.runId = runId;
            cr.position = i;
            cr.name = c.name();
            cr.status = c.status();
            cr.message = c.message();
            cr.startedAt = c.startedAt();
            cr.endedAt = c.endedAt();
            cr.durationMs = c.durationMs();
            try {
                cr.variables = c.variables() == null ? null : JSON.writeValueAsString(c.variables());
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            rows.add(cr);
            for (RunView.StepView s : c.steps()) {
                StepRow sr = new StepRow();
                sr.id = UUID.randomUUID();
                sr.caseId = cr.id;
                sr.position = s.index();
                sr.kind = s.kind();
                sr.description = s.description();
                sr.status = s.status();
                sr.startedAt = s.startedAt();
                sr.endedAt = s.endedAt();
                sr.durationMs = s.durationMs();
                sr.attempts = s.attempts();
                sr.message = s.message();
                sr.expected = s.expected();
                sr.actual = s.actual();
                rows.add(sr);
            }
        }
        for (Run.LogEvent e : log) {
            LogLineRow l = new LogLineRow();
            l.runId = runId;
            l.seq = e.id();
            l.at = e.at();
            l.type = e.type();
            l.caseName = e.caseName();
            l.text = e.text();
            rows.add(l);
        }
        RunRow row = row(run);
        row.status = status.name();
        row.message = message;
        row.endedAt = endedAt;
        await(() -> sf.withTransaction(s -> s.merge(row).chain(() -> s.persistAll(rows.toArray()))));
    }

    private static RunRow row(Run run) {
        RunView v = RunView.of(run, false);
        RunRow row = new RunRow();
        row.id = UUID.fromString(v.id());
        row.plan = v.plan();
        row.boardUrl = v.boardUrl();
        row.boardId = v.boardId();
        row.status = v.status();
        row.message = v.message();
        row.createdAt = v.createdAt();
        row.startedAt = v.startedAt();
        row.endedAt = v.endedAt();
        return row;
    }

    /** Every stored run, oldest first. */
    public List<RunRow> list() {
        return await(() -> sf.withSession(s -> s.createSelectionQuery("from RunRow order by createdAt", RunRow.class)
                .getResultList()));
    }

    /** A stored run with its cases, steps and UART lines. */
    public Optional<RunView> find(String id) {
        UUID runId;
        try {
            runId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        RunRow run = await(() -> sf.withSession(s -> s.find(RunRow.class, runId)));
        if (run == null) {
            return Optional.empty();
        }
        List<CaseRow> cases = await(() -> sf.withSession(s -> s.createSelectionQuery(
                "from CaseRow where runId = :r order by position", CaseRow.class).setParameter("r", runId).getResultList()));
        List<StepRow> steps = await(() -> sf.withSession(s -> s.createSelectionQuery(
                "select st from StepRow st, CaseRow c where st.caseId = c.id and c.runId = :r order by st.position",
                StepRow.class).setParameter("r", runId).getResultList()));
        List<LogLineRow> uart = await(() -> sf.withSession(s -> s.createSelectionQuery(
                "from LogLineRow where runId = :r and type = 'uart' order by seq", LogLineRow.class)
                .setParameter("r", runId).getResultList()));
        Map<String, Integer> totals = new LinkedHashMap<>();
        for (Run.CaseStatus st : Run.CaseStatus.values()) {
            int n = (int) cases.stream().filter(c -> c.status.equals(st.name())).count();
            if (n > 0) {
                totals.put(st.name(), n);
            }
        }
        List<RunView.CaseView> cv = new ArrayList<>();
        for (CaseRow c : cases) {
            Map<String, String> vars = null;
            if (c.variables != null) {
                try {
                    vars = JSON.readValue(c.variables, new TypeReference<LinkedHashMap<String, String>>() { });
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            }
            cv.add(new RunView.CaseView(c.name, c.status, c.message, c.startedAt, c.endedAt, c.durationMs, vars,
                    steps.stream().filter(s -> s.caseId.equals(c.id)).map(s -> new RunView.StepView(s.position, s.kind,
                            s.description, s.status, s.startedAt, s.endedAt, s.durationMs, s.attempts, s.message,
                            s.expected, s.actual)).toList(),
                    uart.stream().filter(l -> c.name.equals(l.caseName)).map(l -> l.text).toList()));
        }
        Long duration = run.startedAt != null && run.endedAt != null
                ? java.time.Duration.between(run.startedAt, run.endedAt).toMillis() : null;
        return Optional.of(new RunView(run.id.toString(), run.plan, run.boardUrl, run.boardId, run.status, run.message,
                run.createdAt, run.startedAt, run.endedAt, duration, totals, cv));
    }

    /** Stored log events after {@code after}. */
    public List<Run.LogEvent> log(String id, long after) {
        UUID runId = UUID.fromString(id);
        return await(() -> sf.withSession(s -> s.createSelectionQuery(
                "from LogLineRow where runId = :r and seq > :a order by seq", LogLineRow.class)
                .setParameter("r", runId).setParameter("a", after).getResultList()))
                .stream().map(l -> new Run.LogEvent(l.seq, l.at, l.type, l.caseName, l.text)).toList();
    }
}
