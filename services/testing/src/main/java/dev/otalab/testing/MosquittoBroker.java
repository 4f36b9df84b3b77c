package dev.otalab.testing;

import dev.otalab.pki.CertificateAuthority;
import dev.otalab.pki.Credential;
import dev.otalab.pki.KeyType;
import dev.otalab.pki.PemFiles;
import dev.otalab.pki.ServerNames;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real Mosquitto for tests: {@code mosquitto -c <generated config>} on free loopback ports, with a
 * fresh CA, server certificate (IP SANs 127.0.0.1 and ::1, DNS localhost) and client certificates in a
 * temporary directory. Listeners: plain, TLS (server authentication) and mutual TLS
 * ({@code require_certificate}, CN = MQTT user name); ACLs optional, the deployment's own on request.
 *
 * <pre>{@code
 * try (MosquittoBroker broker = MosquittoBroker.builder()
 *         .plain().tls().mutualTls()
 *         .client("APP_CY8CPROTO_062S2_43439")   // otalab-service is always issued
 *         .deployAcl()                           // deploy/mosquitto/acl on the TLS listeners
 *         .start()) {
 *     broker.host();                              // "127.0.0.1"
 *     broker.plainPort(); broker.tlsPort(); broker.mutualTlsPort();
 *     broker.caCertificate();                     // PEM path: the trust anchor for TLS clients
 *     broker.clientCertificate(MosquittoBroker.SERVICE_CLIENT);
 *     broker.clientKey(MosquittoBroker.SERVICE_CLIENT);   // PKCS#8 PEM
 *     broker.restart();                           // chaos: stop, start again on the same ports
 * }
 * }</pre>
 *
 * Not thread-safe; one broker per test class is the intended use. The process is killed when the JVM
 * exits even if {@link #close()} is never called.
 */
public final class MosquittoBroker implements AutoCloseable {

    /** CN of the services' client certificate; the deployment ACL grants it every OTA topic. */
    public static final String SERVICE_CLIENT = "otalab-service";
    /** Every listener binds loopback only. */
    public static final String HOST = "127.0.0.1";

    private static final Set<Process> LIVE = Collections.synchronizedSet(new LinkedHashSet<>());
    private static final Pattern DEPLOY_LISTENER = Pattern.compile("(?m)^listener\\s+(1883|8883|8884)\\b[^\\r\\n]*$");
    private static final int START_ATTEMPTS = 5;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (LIVE) {
                LIVE.forEach(Process::destroyForcibly);
            }
        }, "mosquitto-broker-cleanup"));
    }

    private enum Listener { PLAIN, TLS, MTLS }

    private final Builder options;
    private final Path executable;
    private final Path dir;
    private final Path log;
    private final CertificateAuthority ca;
    private final Map<String, Credential> clients = new LinkedHashMap<>();
    private final Map<Listener, Integer> ports = new LinkedHashMap<>();
    private Process process;

    private MosquittoBroker(Builder options) throws IOException {
        this.options = options;
        this.executable = options.executable != null ? options.executable : findExecutable().orElseThrow(
                () -> new IllegalStateException("mosquitto is not installed: looked in PATH, /usr/sbin, /usr/local/sbin "
                        + "(install it with 'apt-get install mosquitto', or point -Dotalab.mosquitto at the binary)"));
        if (!Files.isExecutable(executable)) {
            throw new IllegalStateException("mosquitto is not installed: " + executable + " is not an executable file");
        }
        this.dir = Files.createTempDirectory("otalab-mosquitto-");
        this.log = dir.resolve("mosquitto.log");
        this.ca = CertificateAuthority.create("otalab test CA", options.keyType, Duration.ofDays(30));
        Path certs = Files.createDirectories(dir.resolve("certs"));
        PemFiles.writePublic(certs.resolve("ca.crt"), ca.certificatePem());
        PemFiles.writePrivate(certs.resolve("ca.key"), ca.credential().privateKeyPem());
        ca.issueServer(options.serverNames, options.keyType, Duration.ofDays(7))
                .write(certs.resolve("server.crt"), certs.resolve("server.key"));
        for (String cn : options.clients) {
            Credential client = ca.issueClient(cn, options.keyType, Duration.ofDays(7));
            client.write(certs.resolve(cn + ".crt"), certs.resolve(cn + ".key"));
            clients.put(cn, client);
        }
        if (options.aclText != null) {
            Files.writeString(dir.resolve("acl"), options.aclText, StandardCharsets.UTF_8);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** True if a {@code mosquitto} binary is found (for tests that want to skip rather than fail). */
    public static boolean isInstalled() {
        return findExecutable().isPresent();
    }

    // ------------------------------------------------------------------------------------------ access

    public String host() {
        return HOST;
    }

    public int plainPort() {
        return port(Listener.PLAIN, "plain()");
    }

    /** TLS with server authentication only (the 8883 role). */
    public int tlsPort() {
        return port(Listener.TLS, "tls()");
    }

    /** TLS with a mandatory client certificate whose CN is the MQTT user name (the 8884 role). */
    public int mutualTlsPort() {
        return port(Listener.MTLS, "mutualTls()");
    }

    /** The CA certificate (PEM) that signed the server and client certificates. */
    public Path caCertificate() {
        return dir.resolve("certs/ca.crt");
    }

    public Path serverCertificate() {
        return dir.resolve("certs/server.crt");
    }

    /** The client certificate (PEM) for a CN given to {@link Builder#client}, or {@link #SERVICE_CLIENT}. */
    public Path clientCertificate(String commonName) {
        return clientFile(commonName, ".crt");
    }

    /** The client's private key (unencrypted PKCS#8 PEM). */
    public Path clientKey(String commonName) {
        return clientFile(commonName, ".key");
    }

    public Credential clientCredential(String commonName) {
        clientFile(commonName, ".crt");
        return clients.get(commonName);
    }

    /** The broker's CA, e.g. to issue more certificates during a test. */
    public CertificateAuthority certificateAuthority() {
        return ca;
    }

    /** The temporary directory holding config, certificates and log; deleted by {@link #close()}. */
    public Path directory() {
        return dir;
    }

    public Path configFile() {
        return dir.resolve("mosquitto.conf");
    }

    /** Everything the broker has logged so far (all runs). */
    public String log() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    // --------------------------------------------------------------------------------------- lifecycle

    /** Starts the broker again after {@link #stop()}, on the same ports (a no-op while it runs). */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        launch(Duration.ofSeconds(5));
    }

    /** Stops the broker process (SIGTERM, then SIGKILL after 10 s); ports and files are kept. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        LIVE.remove(process);
        process = null;
    }

    /** Stops and starts the broker on the same ports: every client is disconnected, sessions are lost. */
    public synchronized void restart() {
        stop();
        launch(Duration.ofSeconds(5));
    }

    /** Stops the broker and deletes its directory. */
    @Override
    public synchronized void close() {
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is not worth failing a test for
        }
    }

    @Override
    public String toString() {
        return "MosquittoBroker" + ports + " in " + dir;
    }

    // ---------------------------------------------------------------------------------------- internals

    private void firstStart() {
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            ports.clear();
            for (Listener listener : options.listeners) {
                ports.put(listener, FreePorts.next());
            }
            try {
                launch(Duration.ZERO);
                return;
            } catch (PortTakenException e) {
                last = e; // another process took a port between our probe and mosquitto's bind: new ports
            }
        }
        throw last;
    }

    /** Starts mosquitto on {@link #ports}; retries a busy port for {@code portGrace} (after a restart). */
    private void launch(Duration portGrace) {
        try {
            Files.writeString(configFile(), config(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long graceEnd = System.nanoTime() + portGrace.toNanos();
        while (true) {
            long logStart = logSize();
            try {
                process = new ProcessBuilder(executable.toString(), "-c", configFile().toString())
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .start();
            } catch (IOException e) {
                throw new IllegalStateException("cannot run " + executable + ": " + e.getMessage(), e);
            }
            LIVE.add(process);
            try {
                awaitReady(logStart);
                return;
            } catch (PortTakenException e) {
                if (System.nanoTime() > graceEnd) {
                    throw e;
                }
                sleep(200);
            }
        }
    }

    private void awaitReady(long logStart) {
        long deadline = System.nanoTime() + options.startTimeout.toNanos();
        Set<Integer> waiting = new LinkedHashSet<>(ports.values());
        while (true) {
            waiting.removeIf(MosquittoBroker::accepts);
            if (!process.isAlive()) {
                String output = logSince(logStart);
                LIVE.remove(process);
                process = null;
                if (output.contains("Address already in use")) {
                    throw new PortTakenException("mosquitto could not bind its ports " + ports.values() + ":\n" + output);
                }
                throw new IllegalStateException("mosquitto exited while starting (config " + configFile() + "):\n" + output);
            }
            if (waiting.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                String output = logSince(logStart);
                stop();
                throw new IllegalStateException("mosquitto did not open ports " + waiting + " within "
                        + options.startTimeout.toMillis() + " ms:\n" + output);
            }
            sleep(20);
        }
    }

    private String config() {
        StringBuilder conf = new StringBuilder("# Generated by dev.otalab.testing.MosquittoBroker\n");
        if ("root".equals(System.getProperty("user.name"))) {
            conf.append("# running as root: keep root (mosquitto would switch to 'mosquitto' and lose the temp files)\n")
                    .append("user root\n");
        }
        if (options.deployConfig) {
            return conf.append(deployConfig()).append(extraLines()).toString();
        }
        conf.append("per_listener_settings true\n")
                .append("persistence false\n")
                .append("log_dest stderr\n") // unbuffered, unlike stdout
                .append("log_type error\nlog_type warning\nlog_type notice\nlog_type information\n")
                .append("connection_messages true\n")
                .append(extraLines());
        Path certs = dir.resolve("certs");
        for (Map.Entry<Listener, Integer> entry : ports.entrySet()) {
            conf.append("\nlistener ").append(entry.getValue()).append(' ').append(HOST).append('\n');
            if (entry.getKey() == Listener.PLAIN) {
                conf.append("allow_anonymous true\n");
                continue;
            }
            conf.append("cafile ").append(certs.resolve("ca.crt")).append('\n')
                    .append("certfile ").append(certs.resolve("server.crt")).append('\n')
                    .append("keyfile ").append(certs.resolve("server.key")).append('\n');
            if (entry.getKey() == Listener.MTLS) {
                conf.append("require_certificate true\nuse_identity_as_username true\nallow_anonymous false\n");
            } else {
                conf.append("allow_anonymous true\n");
            }
            if (options.aclText != null) {
                conf.append("acl_file ").append(dir.resolve("acl")).append('\n');
            }
        }
        return conf.toString();
    }

    /** deploy/mosquitto/mosquitto.conf with its three listeners moved to our ports on loopback. */
    private String deployConfig() {
        String text = resource("mosquitto.conf");
        Map<String, Listener> roles = Map.of("1883", Listener.PLAIN, "8883", Listener.TLS, "8884", Listener.MTLS);
        Matcher m = DEPLOY_LISTENER.matcher(text);
        StringBuilder out = new StringBuilder();
        Set<Listener> seen = EnumSet.noneOf(Listener.class);
        while (m.find()) {
            Listener role = roles.get(m.group(1));
            seen.add(role);
            m.appendReplacement(out, "listener " + ports.get(role) + " " + HOST);
        }
        m.appendTail(out);
        if (seen.size() != 3) {
            throw new IllegalStateException("deploy/mosquitto/mosquitto.conf no longer has listeners 1883, 8883 and 8884");
        }
        return out.toString();
    }

    private String extraLines() {
        StringBuilder out = new StringBuilder();
        for (String line : options.extraConfig) {
            out.append(line).append('\n');
        }
        return out.toString();
    }

    static String resource(String name) {
        try (InputStream in = MosquittoBroker.class.getResourceAsStream("deploy-mosquitto/" + name)) {
            if (in == null) {
                throw new IllegalStateException("deploy/mosquitto/" + name + " is not packaged in otalab-testing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int port(Listener listener, String how) {
        Integer port = ports.get(listener);
        if (port == null) {
            throw new IllegalStateException("this broker has no " + listener.name().toLowerCase() + " listener (builder()." + how + ")");
        }
        return port;
    }

    private Path clientFile(String commonName, String suffix) {
        if (!clients.containsKey(commonName)) {
            throw new IllegalArgumentException("no client certificate for '" + commonName + "'; issued: " + clients.keySet()
                    + " (builder().client(\"" + commonName + "\"))");
        }
        return dir.resolve("certs").resolve(commonName + suffix);
    }

    private long logSize() {
        try {
            return Files.exists(log) ? Files.size(log) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private String logSince(long offset) {
        String all = log();
        byte[] bytes = all.getBytes(StandardCharsets.UTF_8);
        return offset >= bytes.length ? "" : new String(bytes, (int) offset, bytes.length - (int) offset, StandardCharsets.UTF_8);
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(HOST, port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }


    static Optional<Path> findExecutable() {
        String configured = System.getProperty("otalab.mosquitto", System.getenv("MOSQUITTO"));
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured));
        }
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(java.io.File.pathSeparator)));
        }
        dirs.addAll(List.of("/usr/sbin", "/usr/local/sbin", "/opt/homebrew/sbin"));
        return dirs.stream().filter(d -> !d.isBlank()).map(d -> Path.of(d, "mosquitto"))
                .filter(Files::isExecutable).findFirst();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for mosquitto", e);
        }
    }

    private static final class PortTakenException extends IllegalStateException {
        PortTakenException(String message) {
            super(message);
        }
    }

    // ------------------------------------------------------------------------------------------ builder

    /** Options for {@link MosquittoBroker}; with no listener chosen, all three are started. */
    public static final class Builder {
        private final Set<Listener> listeners = EnumSet.noneOf(Listener.class);
        private final Set<String> clients = new LinkedHashSet<>(List.of(SERVICE_CLIENT));
        private final List<String> extraConfig = new ArrayList<>();
        private ServerNames serverNames = ServerNames.of(List.of("127.0.0.1", "::1"), List.of("localhost"));
        private KeyType keyType = KeyType.EC_P256;
        private String aclText;
        private boolean deployConfig;
        private Path executable;
        private Duration startTimeout = Duration.ofSeconds(15);

        private Builder() {
        }

        /** A plain MQTT listener (no TLS, no ACL). */
        public Builder plain() {
            listeners.add(Listener.PLAIN);
            return this;
        }

        /** A TLS listener: server certificate only, anonymous clients. */
        public Builder tls() {
            listeners.add(Listener.TLS);
            return this;
        }

        /** A TLS listener that requires a client certificate and uses its CN as the user name. */
        public Builder mutualTls() {
            listeners.add(Listener.MTLS);
            return this;
        }

        /** Client certificates to issue, by CN (board strings, service names); otalab-service is always issued. */
        public Builder client(String... commonNames) {
            for (String cn : commonNames) {
                clients.add(CertificateAuthority.checkClientName(cn));
            }
            return this;
        }

        /** Key type of every generated certificate (default EC P-256). */
        public Builder keyType(KeyType type) {
            this.keyType = type;
            return this;
        }

        /** Subject alternative names of the server certificate (default IP 127.0.0.1, ::1, DNS localhost). */
        public Builder serverNames(ServerNames names) {
            this.serverNames = names;
            return this;
        }

        /** An ACL file (Mosquitto acl_file syntax) for the TLS and mutual-TLS listeners. */
        public Builder acl(String aclFileText) {
            this.aclText = aclFileText;
            return this;
        }

        /** deploy/mosquitto/acl for the TLS and mutual-TLS listeners. */
        public Builder deployAcl() {
            return acl(resource("acl"));
        }

        /**
         * Runs deploy/mosquitto/mosquitto.conf itself, with its deploy/mosquitto/acl: all three listeners,
         * moved to free loopback ports, and the deployment's queue limits and logging.
         */
        public Builder deployConfig() {
            listeners.addAll(EnumSet.allOf(Listener.class));
            deployAcl();
            this.deployConfig = true;
            return this;
        }

        /** A global config line appended to the generated config, e.g. {@code "max_queued_messages 10"}. */
        public Builder config(String line) {
            if (line.contains("\n") || line.contains("\r")) {
                throw new IllegalArgumentException("one config line at a time: " + line);
            }
            extraConfig.add(line);
            return this;
        }

        /** The mosquitto binary to run (default: found on PATH, /usr/sbin, or -Dotalab.mosquitto). */
        public Builder executable(Path mosquitto) {
            this.executable = mosquitto;
            return this;
        }

        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /**
         * Generates the certificates and config, starts mosquitto and returns once every listener accepts
         * connections.
         *
         * @throws IllegalStateException if mosquitto is not installed or does not start
         */
        public MosquittoBroker start() {
            if (listeners.isEmpty()) {
                listeners.addAll(EnumSet.allOf(Listener.class));
            }
            MosquittoBroker broker;
            try {
                broker = new MosquittoBroker(this);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot prepare the broker's files", e);
            }
            try {
                broker.firstStart();
                return broker;
            } catch (RuntimeException e) {
                broker.close();
                throw e;
            }
        }
    }
}
