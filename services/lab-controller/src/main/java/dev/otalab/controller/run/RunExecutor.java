package dev.otalab.controller.run;

import dev.otalab.controller.board.BoardClients;
import dev.otalab.controller.plan.Plan;
import dev.otalab.controller.plan.Step;
import dev.otalab.labapi.Capabilities;
import dev.otalab.labapi.dto.BoardInfo;
import dev.otalab.labapi.dto.ButtonAction;
import dev.otalab.labapi.dto.ButtonRequest;
import dev.otalab.labapi.dto.ExpectRequest;
import dev.otalab.labapi.dto.ExpectResult;
import dev.otalab.labapi.dto.ExpectStatus;
import dev.otalab.labapi.dto.FaultRequest;
import dev.otalab.labapi.dto.ImageFormat;
import dev.otalab.labapi.dto.LedState;
import dev.otalab.labapi.dto.PowerAction;
import dev.otalab.labapi.dto.PowerRequest;
import dev.otalab.labapi.dto.UartLine;
import dev.otalab.labapi.dto.UartPage;
import dev.otalab.labapi.dto.UartWriteRequest;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Executes one run: the plan's cases in order on one board through the lab-api. A failing step
 * fails its case (FAILURE) and skips the rest of the case; an infrastructure error (connection
 * refused, timeouts, 5xx), after retries with backoff, makes the case ERROR. Between cases that
 * did not pass the board is power-cycled.
 */
public final class RunExecutor {

    /** Retry policy for infrastructure errors. */
    public record Retry(int attempts, long initialBackoffMs) {
    }

    /** A step that did not pass because the board behaved differently than the plan expects. */
    static final class StepFailure extends Exception {
        final String expected;
        final String actual;

        StepFailure(String message, String expected, String actual) {
            super(message);
            this.expected = expected;
            this.actual = actual;
        }
    }

    /** The board or the network failed: not a test failure. */
    static final class InfraError extends Exception {
        InfraError(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z][A-Za-z0-9_]*)}");
    private static final Pattern GROUP_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9]*");

    private final Run run;
    private final Plan plan;
    private final Map<String, byte[]> images;
    private final BoardClients board;
    private final Retry retry;
    private final OtaSteps ota;
    private final Map<String, String> runVariables;
    private String boardId;
    private String boardKit;

    public RunExecutor(Run run, Plan plan, Map<String, byte[]> images, BoardClients board, Retry retry) {
        this(run, plan, images, board, retry, null, Map.of());
    }

    /**
     * @param ota the OTA services for {@code upload}, {@code job}, {@code waitVersion}, {@code campaign} and
     *        {@code blocked} steps (null: those steps are ERROR)
     * @param runVariables variables every case starts with (e.g. {@code otaBoard}, which defaults to the
     *        board string of the board's kit)
     */
    public RunExecutor(Run run, Plan plan, Map<String, byte[]> images, BoardClients board, Retry retry, OtaSteps ota,
            Map<String, String> runVariables) {
        this.run = run;
        this.plan = plan;
        this.images = images;
        this.board = board;
        this.retry = retry;
        this.ota = ota;
        this.runVariables = runVariables;
        this.boardId = run.boardId;
    }

    public void execute() {
        run.start();
        BoardInfo info;
        try {
            info = call("describe board", () -> boardId != null ? board.lab().getBoard(boardId)
                    : board.lab().listBoards().stream().findFirst()
                            .orElseThrow(() -> new ProcessingException("the agent serves no boards")));
        } catch (InfraError e) {
            failAll(Run.CaseStatus.ERROR, "board unavailable: " + e.getMessage());
            run.finish(Run.Status.ERROR, "board unavailable: " + e.getMessage());
            return;
        }
        synchronized (run) {
            boardId = info.id();
            run.boardId = boardId;
        }
        boardKit = info.kit();
        String unmet = unmet(info);
        if (unmet != null) {
            failAll(Run.CaseStatus.ERROR, unmet);
            run.finish(Run.Status.ERROR, unmet);
            return;
        }
        for (int i = 0; i < plan.cases().size(); i++) {
            Plan.TestCase tc = plan.cases().get(i);
            Run.CaseRecord cr = run.cases.get(i);
            if (run.cancelRequested()) {
                endCase(cr, Run.CaseStatus.CANCELLED, "run cancelled");
                continue;
            }
            if (tc.needsFaultInjection() && !info.hasCapability(Capabilities.FAULT_INJECTION)) {
                endCase(cr, Run.CaseStatus.SKIPPED, "needs fault injection (emulated boards only); board "
                        + boardId + " does not advertise '" + Capabilities.FAULT_INJECTION + "'");
                continue;
            }
            runCase(tc, cr);
            if (cr.status != Run.CaseStatus.PASSED && i + 1 < plan.cases().size() && !run.cancelRequested()) {
                try {
                    call("power cycle after case", () -> board.lab().power(boardId, new PowerRequest(PowerAction.CYCLE, 200L)));
                } catch (InfraError e) {
                    run.log("run", "power cycle after " + cr.name + " failed: " + e.getMessage());
                }
            }
        }
        Run.Status s = Run.Status.PASSED;
        synchronized (run) {
            if (run.cancelRequested()) {
                s = Run.Status.CANCELLED;
            } else if (run.cases.stream().anyMatch(c -> c.status == Run.CaseStatus.ERROR)) {
                s = Run.Status.ERROR;
            } else if (run.cases.stream().anyMatch(c -> c.status == Run.CaseStatus.FAILURE)) {
                s = Run.Status.FAILED;
            }
        }
        run.finish(s, null);
    }

    private String unmet(BoardInfo info) {
        Plan.BoardRequirements r = plan.board();
        List<String> problems = new ArrayList<>();
        if (r.kit() != null && !r.kit().equals(info.kit())) {
            problems.add("kit " + r.kit() + " required, board is " + info.kit());
        }
        if (r.flashmap() != null && !r.flashmap().equals(info.flashmap())) {
            problems.add("flashmap " + r.flashmap() + " required, board has " + info.flashmap());
        }
        for (String c : r.capabilities()) {
            if (!info.hasCapability(c)) {
                problems.add("capability '" + c + "' missing");
            }
        }
        return problems.isEmpty() ? null : "board " + info.id() + " does not meet the plan's requirements: "
                + String.join("; ", problems);
    }

    private void failAll(Run.CaseStatus status, String message) {
        for (Run.CaseRecord cr : run.cases) {
            endCase(cr, status, message);
        }
    }

    private void endCase(Run.CaseRecord cr, Run.CaseStatus status, String message) {
        synchronized (run) {
            cr.status = status;
            cr.message = message;
            for (Run.StepRecord s : cr.steps) {
                if (s.status == Run.StepStatus.PENDING) {
                    s.status = Run.StepStatus.SKIPPED;
                }
            }
        }
        run.log("case", cr.name + ": " + status + (message != null ? " — " + message : ""));
    }

    private void runCase(Plan.TestCase tc, Run.CaseRecord cr) {
        synchronized (run) {
            cr.status = Run.CaseStatus.RUNNING;
            cr.startedAt = Instant.now();
        }
        run.log("case", cr.name + ": started");
        Map<String, String> vars = new LinkedHashMap<>();
        if (boardKit != null) {
            // the code example's CY_TARGET_BOARD_STRING for the kit (spec infineon-ota-mqtt.md §3)
            vars.put("otaBoard", "APP_" + boardKit.replace('-', '_'));
        }
        vars.putAll(runVariables);
        long caseStart;
        try {
            caseStart = call("read console position", () -> board.lab().uart(boardId, 0L, 1).latestSeq());
        } catch (InfraError e) {
            finishCase(cr, Run.CaseStatus.ERROR, e.getMessage(), vars, -1);
            return;
        }
        long[] cursor = {caseStart};
        Run.CaseStatus status = Run.CaseStatus.PASSED;
        String message = null;
        for (int j = 0; j < tc.steps().size(); j++) {
            Step step = tc.steps().get(j);
            Run.StepRecord sr = cr.steps.get(j);
            if (run.cancelRequested()) {
                status = Run.CaseStatus.CANCELLED;
                message = "run cancelled";
                break;
            }
            synchronized (run) {
                sr.status = Run.StepStatus.RUNNING;
                sr.startedAt = Instant.now();
            }
            run.log("step", cr.name + " #" + j + " " + sr.description + ": started");
            Run.StepStatus st;
            try {
                String note = step(step, vars, cursor, sr, cr.name);
                st = Run.StepStatus.PASSED;
                synchronized (run) {
                    sr.message = note;
                }
            } catch (StepFailure f) {
                st = Run.StepStatus.FAILED;
                synchronized (run) {
                    sr.message = f.getMessage();
                    sr.expected = f.expected;
                    sr.actual = f.actual;
                }
                status = Run.CaseStatus.FAILURE;
                message = "step " + j + " (" + sr.description + "): " + f.getMessage();
            } catch (InfraError e) {
                st = Run.StepStatus.ERROR;
                synchronized (run) {
                    sr.message = e.getMessage();
                }
                status = Run.CaseStatus.ERROR;
                message = "step " + j + " (" + sr.description + "): " + e.getMessage();
            } catch (InterruptedException e) {
                if (!run.cancelRequested()) {
                    Thread.currentThread().interrupt();
                }
                st = Run.StepStatus.SKIPPED;
                synchronized (run) {
                    sr.message = "run cancelled";
                }
                status = Run.CaseStatus.CANCELLED;
                message = "run cancelled";
            }
            synchronized (run) {
                sr.status = st;
                sr.endedAt = Instant.now();
                sr.durationMs = Run.millis(sr.startedAt, sr.endedAt);
            }
            run.log("step", cr.name + " #" + j + " " + sr.description + ": " + st
                    + (sr.message != null ? " — " + sr.message : "") + " (" + sr.durationMs + " ms)");
            if (st != Run.StepStatus.PASSED) {
                break;
            }
        }
        finishCase(cr, status, message, vars, caseStart);
    }

    private void finishCase(Run.CaseRecord cr, Run.CaseStatus status, String message, Map<String, String> vars,
            long caseStart) {
        List<String> lines = new ArrayList<>();
        if (caseStart >= 0) {
            try {
                long since = caseStart;
                while (true) {
                    long s = since;
                    UartPage page = call("read console", () -> board.lab().uart(boardId, s, UartPage.MAX_LIMIT));
                    for (UartLine l : page.lines()) {
                        lines.add(l.text());
                        run.log("uart", cr.name, l.text());
                    }
                    if (page.lines().isEmpty() || page.nextSince() >= page.latestSeq()) {
                        break;
                    }
                    since = page.nextSince();
                }
            } catch (InfraError e) {
                lines.add("<console not readable: " + e.getMessage() + ">");
            }
        }
        synchronized (run) {
            cr.uart.addAll(lines);
            cr.variables = Map.copyOf(vars);
            cr.endedAt = Instant.now();
            cr.durationMs = Run.millis(cr.startedAt, cr.endedAt);
        }
        endCase(cr, status, message);
    }

    private String step(Step step, Map<String, String> vars, long[] cursor, Run.StepRecord sr, String caseName)
            throws StepFailure, InfraError, InterruptedException {
        String id = boardId;
        if (step instanceof Step.Program p) {
            byte[] image = images.get(p.image());
            var r = counted(sr, "program", () -> board.lab().program(id, p.area(), ImageFormat.BIN, image));
            return "programmed " + image.length + " bytes" + (r != null ? "" : "");
        }
        if (step instanceof Step.Power p) {
            counted(sr, "power", () -> board.lab().power(id, new PowerRequest(PowerAction.fromString(p.action()), p.offMs())));
            return null;
        }
        if (step instanceof Step.Button b) {
            counted(sr, "button", () -> {
                board.lab().button(id, new ButtonRequest(ButtonAction.fromString(b.action()), b.ms()));
                return null;
            });
            return null;
        }
        if (step instanceof Step.Send s) {
            String text = substitute(s.text(), vars);
            counted(sr, "console write", () -> {
                board.lab().writeUart(id, new UartWriteRequest(text));
                return null;
            });
            return null;
        }
        if (step instanceof Step.Upload u) {
            return otaSteps().upload(u, resolved(u.board(), vars, "board"), vars, this::call);
        }
        if (step instanceof Step.Job j) {
            return otaSteps().job(j, resolved(j.board(), vars, "board"),
                    j.delete() ? null : resolved(j.digest(), vars, "digest"), this::call);
        }
        if (step instanceof Step.WaitVersion w) {
            return otaSteps().waitVersion(w, resolved(w.board(), vars, "board"), resolved(w.version(), vars, "version"),
                    w.serialNumber() == null ? null : resolved(w.serialNumber(), vars, "serialNumber"), this::call);
        }
        if (step instanceof Step.Campaign c) {
            List<String> serials = new ArrayList<>();
            for (String serial : c.targets().serialNumbers() == null ? List.<String>of() : c.targets().serialNumbers()) {
                serials.add(resolved(serial, vars, "targets.serialNumbers"));
            }
            // one key per step of this run: a retry after a lost answer gets the same campaign back
            String key = run.id + ":" + caseName + ":" + sr.index;
            return otaSteps().campaigns().start(c, resolved(c.board(), vars, "board"), resolved(c.digest(), vars, "digest"),
                    serials, key, vars, this::call);
        }
        if (step instanceof Step.CampaignCancel c) {
            return otaSteps().campaigns().cancel(resolved(c.board(), vars, "board"), this::call);
        }
        if (step instanceof Step.Blocked b) {
            return otaSteps().campaigns().blocked(b, resolved(b.board(), vars, "board"), resolved(b.version(), vars, "version"),
                    b.serialNumber() == null ? null : resolved(b.serialNumber(), vars, "serialNumber"), this::call);
        }
        if (step instanceof Step.Wait w) {
            long end = System.currentTimeMillis() + w.ms();
            while (System.currentTimeMillis() < end) {
                if (run.cancelRequested()) {
                    throw new InterruptedException("run cancelled");
                }
                Thread.sleep(Math.min(100, Math.max(1, end - System.currentTimeMillis())));
            }
            return null;
        }
        if (step instanceof Step.Fault f) {
            counted(sr, "arm fault", () -> board.emulator().armFault(id, new FaultRequest(f.powerLossAtFlashOp(),
                    f.powerLossAfterMs(), null)));
            return null;
        }
        if (step instanceof Step.Led l) {
            LedState led = counted(sr, "observe LED", () -> board.lab().led(id, l.windowMs()));
            String expected = "LED toggling every " + l.periodMs() + " ms ±" + l.tolerancePct() + "%";
            if (led.periodMs() == null) {
                throw new StepFailure("LED did not toggle", expected, "LED steady " + (led.on() ? "on" : "off")
                        + " over " + led.windowMs() + " ms");
            }
            double dev = Math.abs(led.periodMs() - l.periodMs()) * 100.0 / l.periodMs();
            if (dev > l.tolerancePct()) {
                throw new StepFailure("LED period off by " + Math.round(dev) + "%", expected,
                        "LED toggling every " + led.periodMs() + " ms (" + led.edges() + " edges)");
            }
            return "period " + led.periodMs() + " ms";
        }
        Step.Expect e = (Step.Expect) step;
        String pattern = substitute(e.pattern(), vars);
        List<String> not = e.notMatching().stream().map(n -> substitute(n, vars)).toList();
        long since = cursor[0];
        ExpectResult r = counted(sr, "expect", () -> board.lab().expect(id, new ExpectRequest(pattern, not, since, e.timeoutMs())));
        String expected = "a console line matching /" + pattern + "/ within " + e.timeoutMs() + " ms";
        if (r.status() == ExpectStatus.MATCHED) {
            cursor[0] = r.lastSeq();
            Matcher names = Pattern.compile("\\(\\?<([A-Za-z][A-Za-z0-9]*)>").matcher(pattern);
            while (names.find()) {
                String v = r.groups().get(names.group(1));
                if (v != null && GROUP_NAME.matcher(names.group(1)).matches()) {
                    vars.put(names.group(1), v);
                }
            }
            return "matched line " + r.line().seq() + ": " + r.line().text();
        }
        if (r.status() == ExpectStatus.NOT_MATCHING) {
            cursor[0] = r.lastSeq();
            throw new StepFailure("a forbidden line appeared first", expected,
                    "line " + r.line().seq() + " '" + r.line().text() + "' matched notMatching /" + r.notMatchingPattern() + "/");
        }
        List<String> seen = new ArrayList<>();
        UartPage page = call("read console", () -> board.lab().uart(id, since, UartPage.MAX_LIMIT));
        for (UartLine l : page.lines()) {
            seen.add(l.text());
        }
        List<String> tail = seen.subList(Math.max(0, seen.size() - 5), seen.size());
        throw new StepFailure("no matching line within " + e.timeoutMs() + " ms", expected,
                seen.isEmpty() ? "no console output" : "last lines: " + String.join(" | ", tail));
    }

    private OtaSteps otaSteps() throws InfraError {
        if (ota == null) {
            throw new InfraError("this controller has no OTA services configured", null);
        }
        return ota;
    }

    /** {@code s} with its variables replaced; a variable no earlier step set fails the step. */
    private static String resolved(String s, Map<String, String> vars, String field) throws StepFailure {
        String v = substitute(s, vars);
        Matcher m = VAR.matcher(v);
        if (m.find()) {
            throw new StepFailure(field + ": variable " + m.group() + " is not set", field + " with every variable set",
                    "variables " + vars.keySet());
        }
        return v;
    }

    private static String substitute(String s, Map<String, String> vars) {
        Matcher m = VAR.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = vars.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(v != null ? v : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }

    private <T> T counted(Run.StepRecord sr, String what, Supplier<T> action) throws InfraError {
        return call(what, action, sr);
    }

    <T> T call(String what, Supplier<T> action) throws InfraError {
        return call(what, action, null);
    }

    /** Runs a board call, retrying infrastructure errors with exponential backoff. */
    private <T> T call(String what, Supplier<T> action, Run.StepRecord sr) throws InfraError {
        long backoff = retry.initialBackoffMs();
        RuntimeException last = null;
        for (int attempt = 1; attempt <= retry.attempts(); attempt++) {
            if (sr != null) {
                synchronized (run) {
                    sr.attempts = attempt;
                }
            }
            try {
                return action.get();
            } catch (WebApplicationException e) {
                int status = e.getResponse().getStatus();
                if (status < 500) {
                    run.infraError();
                    throw new InfraError(what + ": answered " + status + " " + body(e), e);
                }
                last = e;
            } catch (ProcessingException e) {
                last = e;
            }
            run.log("retry", what + " attempt " + attempt + "/" + retry.attempts() + " failed: " + describe(last));
            if (attempt < retry.attempts()) {
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
                backoff *= 2;
            }
        }
        run.infraError();
        throw new InfraError(what + " failed after " + retry.attempts() + " attempts: " + describe(last), last);
    }

    private static String body(WebApplicationException e) {
        try {
            return e.getResponse().hasEntity() ? e.getResponse().readEntity(String.class) : "";
        } catch (RuntimeException ignored) {
            return "";
        }
    }

    private static String describe(Throwable t) {
        if (t == null) {
            return "interrupted";
        }
        if (t instanceof WebApplicationException w) {
            return "HTTP " + w.getResponse().getStatus() + " " + body(w);
        }
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() != null ? ": " + root.getMessage() : "");
    }
}
