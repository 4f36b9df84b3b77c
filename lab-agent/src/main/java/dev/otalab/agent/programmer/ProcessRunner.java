package dev.otalab.agent.programmer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external command (programmer, USB hub switch) without a shell, with a timeout, keeping the
 * last lines of its combined stdout/stderr for error reports.
 */
public final class ProcessRunner {

    /**
     * What happened.
     *
     * @param exitCode the exit status, or -1 when the command did not start or timed out
     * @param timedOut killed after the timeout
     * @param startError why the command could not start, or null
     * @param lastLines the last lines of the output (stdout and stderr merged)
     * @param elapsed wall time
     */
    public record Result(int exitCode, boolean timedOut, String startError, List<String> lastLines, Duration elapsed) {

        public boolean ok() {
            return startError == null && !timedOut && exitCode == 0;
        }

        /** One sentence for a problem detail: what failed and the tool's last lines. */
        public String describe(String what) {
            StringBuilder sb = new StringBuilder(what);
            if (startError != null) {
                sb.append(" could not start: ").append(startError);
            } else if (timedOut) {
                sb.append(" timed out after ").append(elapsed.toSeconds()).append(" s");
            } else {
                sb.append(" exited with status ").append(exitCode);
            }
            if (!lastLines.isEmpty()) {
                sb.append("; last output:\n").append(String.join("\n", lastLines));
            }
            return sb.toString();
        }
    }

    private ProcessRunner() {
    }

    /**
     * Runs {@code argv} and waits for it.
     *
     * @param keepLines how many trailing output lines to keep
     */
    public static Result run(List<String> argv, Duration timeout, int keepLines) {
        long start = System.nanoTime();
        Process p;
        try {
            p = new ProcessBuilder(new ArrayList<>(argv)).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
        } catch (IOException e) {
            return new Result(-1, false, e.getMessage(), List.of(), Duration.ofNanos(System.nanoTime() - start));
        }
        Deque<String> tail = new ArrayDeque<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (tail) {
                        tail.addLast(line);
                        while (tail.size() > Math.max(keepLines, 0)) {
                            tail.removeFirst();
                        }
                    }
                }
            } catch (IOException e) {
                // the process went away
            }
        }, "cmd-output-" + argv.get(0));
        reader.setDaemon(true);
        reader.start();
        boolean finished;
        try {
            finished = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill(p);
            return new Result(-1, false, "interrupted", snapshot(tail), Duration.ofNanos(System.nanoTime() - start));
        }
        if (!finished) {
            kill(p);
        }
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        return new Result(finished ? p.exitValue() : -1, !finished, null, snapshot(tail), elapsed);
    }

    private static List<String> snapshot(Deque<String> tail) {
        synchronized (tail) {
            return List.copyOf(tail);
        }
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            if (!p.waitFor(3, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(3, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
