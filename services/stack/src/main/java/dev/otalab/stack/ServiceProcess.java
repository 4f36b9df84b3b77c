package dev.otalab.stack;

import dev.otalab.testing.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One otalab service run as a child process from its built jar: {@code java [options] -Dk=v… -jar
 * quarkus-run.jar} on a loopback HTTP port, output in {@code <logDir>/<name>.log}. {@link Builder#start()}
 * returns once {@code /q/health/ready} answers 200; if it does not within the timeout, or the process
 * exits, the error carries the end of the log. {@link #close()} sends SIGTERM (Quarkus shuts down
 * gracefully) and kills the process if it has not ended in time. Children are killed when this JVM exits.
 *
 * <pre>{@code
 * try (ServiceProcess jobs = ServiceProcess.builder("job-service", jar).logDir(dir)
 *         .property("otalab.mqtt.port", "8884").start()) {
 *     jobs.url();                         // http://127.0.0.1:<free port>
 * }
 * }</pre>
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Set<Process> LIVE = Collections.synchronizedSet(new LinkedHashSet<>());
    private static final int TAIL_LINES = 60;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (LIVE) {
                LIVE.forEach(Process::destroyForcibly);
            }
        }, "otalab-stack-cleanup"));
    }

    private final String name;
    private final int port;
    private final Path log;
    private final Process process;
    private final Duration stopTimeout;

    private ServiceProcess(String name, int port, Path log, Process process, Duration stopTimeout) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.process = process;
        this.stopTimeout = stopTimeout;
    }

    /** A service named {@code name} (log file name, error messages) run from {@code jar}. */
    public static Builder builder(String name, Path jar) {
        return new Builder(name, jar);
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>}, no trailing slash. */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public Path log() {
        return log;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The last {@code lines} lines of the service's output. */
    public String logTail(int lines) {
        return tail(log, lines);
    }

    /** SIGTERM, then SIGKILL after the stop timeout; idempotent. */
    public void stop() {
        if (!process.isAlive()) {
            LIVE.remove(process);
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(stopTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        LIVE.remove(process);
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return name + " at " + url() + " (pid " + process.pid() + ", log " + log + ")";
    }

    static String tail(Path file, int lines) {
        try {
            if (!Files.exists(file)) {
                return "(no output)";
            }
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    /** Options of one service process; {@code port} is a free loopback port unless given. */
    public static final class Builder {
        private final String name;
        private final Path jar;
        private final Map<String, String> properties = new LinkedHashMap<>();
        private final List<String> jvmOptions = new ArrayList<>(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"));
        private Path logDir = Path.of("target", "otalab-stack");
        private int port;
        private Duration readyTimeout = Duration.ofSeconds(120);
        private Duration stopTimeout = Duration.ofSeconds(20);

        private Builder(String name, Path jar) {
            this.name = Objects.requireNonNull(name, "name");
            this.jar = Objects.requireNonNull(jar, "jar");
        }

        /** A {@code -D} system property; Quarkus reads it as configuration (overrides application.properties). */
        public Builder property(String key, String value) {
            properties.put(key, value);
            return this;
        }

        public Builder properties(Map<String, String> values) {
            properties.putAll(values);
            return this;
        }

        /** Replaces the default JVM options ({@code -Xmx256m -XX:TieredStopAtLevel=1}: fast start, small heap). */
        public Builder jvmOptions(String... options) {
            jvmOptions.clear();
            jvmOptions.addAll(List.of(options));
            return this;
        }

        /** The HTTP port ({@code quarkus.http.port}); default: a free loopback port chosen at start. */
        public Builder port(int httpPort) {
            this.port = httpPort;
            return this;
        }

        /** Where {@code <name>.log} is written (created if missing); default {@code target/otalab-stack}. */
        public Builder logDir(Path dir) {
            this.logDir = dir;
            return this;
        }

        public Builder readyTimeout(Duration timeout) {
            this.readyTimeout = timeout;
            return this;
        }

        public Builder stopTimeout(Duration timeout) {
            this.stopTimeout = timeout;
            return this;
        }

        /**
         * Starts the process and waits until {@code /q/health/ready} answers 200.
         *
         * @throws IllegalStateException if the jar is missing, the process exits, or it is not ready in time
         *         (the message ends with the last lines of its log)
         */
        public ServiceProcess start() {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(name + " is not built: " + jar.toAbsolutePath()
                        + " is missing (mvn -B package -DskipTests -pl <module> -am)");
            }
            int httpPort = port != 0 ? port : FreePorts.next();
            Path log;
            try {
                log = Files.createDirectories(logDir.toAbsolutePath()).resolve(name + ".log");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + logDir, e);
            }
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmOptions);
            command.add("-Dquarkus.http.port=" + httpPort);
            command.add("-Dquarkus.http.host=127.0.0.1");
            properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
            command.add("-jar");
            command.add(jar.toAbsolutePath().toString());
            Process process;
            try {
                process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            } catch (IOException e) {
                throw new IllegalStateException("cannot start " + name + ": " + e.getMessage(), e);
            }
            LIVE.add(process);
            ServiceProcess service = new ServiceProcess(name, httpPort, log, process, stopTimeout);
            try {
                awaitReady(service, process);
            } catch (RuntimeException e) {
                service.stop();
                throw e;
            }
            return service;
        }

        private void awaitReady(ServiceProcess service, Process process) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            URI ready = URI.create(service.url() + "/q/health/ready");
            long deadline = System.nanoTime() + readyTimeout.toNanos();
            int lastStatus = -1;
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited with status " + process.exitValue()
                            + " while starting; last lines of " + service.log() + ":\n" + service.logTail(TAIL_LINES));
                }
                try {
                    lastStatus = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (lastStatus == 200) {
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for " + name, e);
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(name + " not ready within " + readyTimeout.toSeconds() + " s ("
                            + (lastStatus < 0 ? "no HTTP answer" : "/q/health/ready answered " + lastStatus)
                            + "); last lines of " + service.log() + ":\n" + service.logTail(TAIL_LINES));
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for " + name, e);
                }
            }
        }
    }
}
