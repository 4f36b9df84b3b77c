package dev.otalab.stack;

import dev.otalab.stack.client.CampaignClient;
import dev.otalab.stack.client.ImageStoreClient;
import dev.otalab.stack.client.JobServiceClient;
import dev.otalab.stack.client.SigningClient;
import dev.otalab.testing.FreePorts;
import dev.otalab.testing.MosquittoBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The OTA backend as deployed, on this machine: a private Mosquitto (TLS + mutual TLS, the deployment
 * ACL, client certificates for {@code otalab-service} and each board given) and signing-service,
 * image-store and job-service run from their built jars, wired to that broker (mutual TLS as
 * {@code otalab-service}), to each other and to one PostgreSQL database.
 *
 * <pre>{@code
 * try (OtaBackend backend = OtaBackend.builder()
 *         .boards("APP_CY8CPROTO_062S2_43439")       // device client certificates
 *         .logDir(Path.of("target/e2e-logs"))
 *         .start()) {
 *     SignedImage signed = backend.signing().sign(app, SigningClient.options("otalab-test-ec-p256", "1.1.0", 0x1C0000));
 *     StoredImage stored = backend.images().upload(board, signed.bytes());
 *     backend.jobs().putJob(board, stored.digest());
 *     backend.broker().mutualTlsPort();             // where kits connect
 * }
 * }</pre>
 *
 * The three services start in parallel (image-store's and job-service's ports are chosen first so each
 * can be told where the other is). {@link #close()} stops the services, then the broker if it was
 * started here. More services (emulator, lab-controller) can be started beside it with
 * {@link #serviceBuilder(OtalabService)}, which carries the same database and broker settings.
 */
public final class OtaBackend implements AutoCloseable {

    /** The test-only key pair in {@code keys/} the services sign with and trust by default. */
    public static final String TEST_KEY_ID = "otalab-test-ec-p256";

    private final Builder options;
    private final MosquittoBroker broker;
    private final boolean ownsBroker;
    private final Map<OtalabService, ServiceProcess> services = new EnumMap<>(OtalabService.class);

    private OtaBackend(Builder options, MosquittoBroker broker, boolean ownsBroker) {
        this.options = options;
        this.broker = broker;
        this.ownsBroker = ownsBroker;
    }

    public static Builder builder() {
        return new Builder();
    }

    public MosquittoBroker broker() {
        return broker;
    }

    public ServiceProcess service(OtalabService which) {
        ServiceProcess p = services.get(which);
        if (p == null) {
            throw new IllegalStateException(which.serviceName() + " is not part of this backend");
        }
        return p;
    }

    public SigningClient signing() {
        return new SigningClient(service(OtalabService.SIGNING_SERVICE).url());
    }

    public ImageStoreClient images() {
        return new ImageStoreClient(service(OtalabService.IMAGE_STORE).url());
    }

    public JobServiceClient jobs() {
        return new JobServiceClient(service(OtalabService.JOB_SERVICE).url());
    }

    public CampaignClient campaigns() {
        return new CampaignClient(service(OtalabService.JOB_SERVICE).url());
    }

    /** The fleet's {@code COMPANY_TOPIC_PREPEND} the services were given. */
    public String topicPrepend() {
        return options.topicPrepend;
    }

    /** Every service of this backend that is still running (a chaos test checks none died). */
    public List<ServiceProcess> deadServices() {
        return services.values().stream().filter(p -> !p.isAlive()).toList();
    }

    /**
     * A process builder for another service with this backend's database, log folder and repository root,
     * for example the emulator or lab-controller; the caller adds that service's own properties.
     */
    public ServiceProcess.Builder serviceBuilder(OtalabService which) {
        ServiceProcess.Builder b = which.process(options.root).logDir(options.logDir).readyTimeout(options.readyTimeout)
                .properties(options.databaseProperties());
        if (options.jvmOptions != null) {
            b.jvmOptions(options.jvmOptions);
        }
        return b;
    }

    /** Stops the services (in parallel), then the broker if this backend started it. */
    @Override
    public void close() {
        CompletableFuture.allOf(services.values().stream()
                .map(p -> CompletableFuture.runAsync(p::stop)).toArray(CompletableFuture[]::new)).join();
        services.clear();
        if (ownsBroker) {
            broker.close();
        }
    }

    private void startServices() {
        int imageStorePort = FreePorts.next();
        int jobServicePort = FreePorts.next();
        String service = MosquittoBroker.SERVICE_CLIENT;
        String ca = broker.caCertificate().toString();
        String cert = broker.clientCertificate(service).toString();
        String key = broker.clientKey(service).toString();

        ServiceProcess.Builder signing = serviceBuilder(OtalabService.SIGNING_SERVICE)
                .property("otalab.signing.keys-dir", options.signingKeysDir.toString());
        // job-service and image-store name their MQTT TLS properties differently (see each application.properties)
        ServiceProcess.Builder jobs = serviceBuilder(OtalabService.JOB_SERVICE).port(jobServicePort)
                .property("otalab.ota.topic-prepend", options.topicPrepend)
                .property("otalab.mqtt.host", broker.host())
                .property("otalab.mqtt.port", String.valueOf(broker.mutualTlsPort()))
                .property("otalab.mqtt.tls", "true")
                .property("otalab.mqtt.ca-file", ca)
                .property("otalab.mqtt.cert-file", cert)
                .property("otalab.mqtt.key-file", key)
                .property("otalab.image-store.url", "http://127.0.0.1:" + imageStorePort)
                .properties(options.extra.getOrDefault(OtalabService.JOB_SERVICE, Map.of()));
        ServiceProcess.Builder images = serviceBuilder(OtalabService.IMAGE_STORE).port(imageStorePort)
                .property("otalab.ota.topic-prepend", options.topicPrepend)
                .property("otalab.mqtt.host", broker.host())
                .property("otalab.mqtt.port", String.valueOf(broker.mutualTlsPort()))
                .property("otalab.mqtt.ssl", "true")
                .property("otalab.mqtt.ca-file", ca)
                .property("otalab.mqtt.client-cert", cert)
                .property("otalab.mqtt.client-key", key)
                .property("otalab.images.trusted-keys-dir", options.trustedKeysDir.toString())
                .property("otalab.job-service.url", "http://127.0.0.1:" + jobServicePort)
                .properties(options.extra.getOrDefault(OtalabService.IMAGE_STORE, Map.of()));
        signing.properties(options.extra.getOrDefault(OtalabService.SIGNING_SERVICE, Map.of()));

        Map<OtalabService, CompletableFuture<ServiceProcess>> starting = new LinkedHashMap<>();
        starting.put(OtalabService.SIGNING_SERVICE, CompletableFuture.supplyAsync(signing::start));
        starting.put(OtalabService.JOB_SERVICE, CompletableFuture.supplyAsync(jobs::start));
        starting.put(OtalabService.IMAGE_STORE, CompletableFuture.supplyAsync(images::start));
        List<RuntimeException> failures = new ArrayList<>();
        starting.forEach((which, future) -> {
            try {
                services.put(which, future.join());
            } catch (CompletionException e) {
                failures.add(e.getCause() instanceof RuntimeException r ? r : e);
            }
        });
        if (!failures.isEmpty()) {
            RuntimeException first = failures.get(0);
            failures.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
    }

    /** What to start and how; every setting has a default that works from a built checkout. */
    public static final class Builder {
        private Path root;
        private Path logDir;
        private Path signingKeysDir;
        private Path trustedKeysDir;
        private String topicPrepend = "MyUniqueTopic";
        private String databaseHost = "127.0.0.1:5432";
        private String databaseName = "otalab";
        private String databaseUser = "otalab";
        private String databasePassword = "otalab";
        private Duration readyTimeout = Duration.ofSeconds(120);
        private MosquittoBroker broker;
        private String[] jvmOptions;
        private final Set<String> boards = new LinkedHashSet<>();
        private final List<String> brokerConfig = new ArrayList<>();
        private final Map<OtalabService, Map<String, String>> extra = new EnumMap<>(OtalabService.class);

        private Builder() {
        }

        /** The checkout whose built jars and {@code keys/} are used (default {@link OtalabService#repositoryRoot()}). */
        public Builder root(Path repositoryRoot) {
            this.root = repositoryRoot;
            return this;
        }

        /** Where each service's {@code <name>.log} goes (default {@code <root>/target/otalab-stack}). */
        public Builder logDir(Path dir) {
            this.logDir = dir;
            return this;
        }

        /** Boards whose devices get a client certificate (CN = board) for the mutual-TLS listener. */
        public Builder boards(String... boardStrings) {
            boards.addAll(List.of(boardStrings));
            return this;
        }

        /** signing-service's key folder (default {@code <root>/keys}). */
        public Builder signingKeysDir(Path dir) {
            this.signingKeysDir = dir;
            return this;
        }

        /** image-store's trusted public keys, {@code *.pub.pem} (default {@code <root>/keys}). */
        public Builder trustedKeysDir(Path dir) {
            this.trustedKeysDir = dir;
            return this;
        }

        public Builder topicPrepend(String prepend) {
            this.topicPrepend = prepend;
            return this;
        }

        /** PostgreSQL {@code host:port}, database, user and password (default 127.0.0.1:5432, otalab × 3). */
        public Builder database(String hostAndPort, String name, String user, String password) {
            this.databaseHost = hostAndPort;
            this.databaseName = name;
            this.databaseUser = user;
            this.databasePassword = password;
            return this;
        }

        /** Uses a broker started elsewhere (not stopped by {@link OtaBackend#close()}); it must have mutual TLS. */
        public Builder broker(MosquittoBroker running) {
            this.broker = running;
            return this;
        }

        /** A global line for the broker started here, e.g. {@code "max_queued_messages 2000"}. */
        public Builder brokerConfig(String line) {
            brokerConfig.add(line);
            return this;
        }

        /** A configuration property for one service (overrides what the backend sets). */
        public Builder property(OtalabService service, String key, String value) {
            extra.computeIfAbsent(service, s -> new LinkedHashMap<>()).put(key, value);
            return this;
        }

        /** JVM options of every service (default {@link ServiceProcess}'s: small heap, C1 only for a fast start). */
        public Builder jvmOptions(String... options) {
            this.jvmOptions = options.clone();
            return this;
        }

        public Builder readyTimeout(Duration timeout) {
            this.readyTimeout = timeout;
            return this;
        }

        Map<String, String> databaseProperties() {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("quarkus.datasource.reactive.url", "postgresql://" + databaseHost + "/" + databaseName);
            p.put("quarkus.datasource.jdbc.url", "jdbc:postgresql://" + databaseHost + "/" + databaseName);
            p.put("quarkus.datasource.username", databaseUser);
            p.put("quarkus.datasource.password", databasePassword);
            // The shared development database may carry migrations of a newer build of a service (another
            // checkout or branch); the jar run here checks its own migrations, and Hibernate still validates
            // its entities against the tables.
            p.put("quarkus.flyway.ignore-migration-patterns", "*:future");
            return p;
        }

        /**
         * Starts the broker (unless one was given) and the three services, and returns once all are ready.
         *
         * @throws IllegalStateException if a jar is missing or a service does not become ready (with its log tail)
         */
        public OtaBackend start() {
            if (root == null) {
                root = OtalabService.repositoryRoot();
            }
            root = root.toAbsolutePath().normalize();
            if (logDir == null) {
                logDir = root.resolve("target/otalab-stack");
            }
            if (signingKeysDir == null) {
                signingKeysDir = root.resolve("keys");
            }
            if (trustedKeysDir == null) {
                trustedKeysDir = root.resolve("keys");
            }
            for (OtalabService s : List.of(OtalabService.SIGNING_SERVICE, OtalabService.JOB_SERVICE, OtalabService.IMAGE_STORE)) {
                if (!s.isBuilt(root)) {
                    throw new IllegalStateException(s.serviceName() + " is not built: " + s.jar(root)
                            + " is missing (mvn -B package -DskipTests -pl " + s.module() + " -am)");
                }
            }
            boolean owns = broker == null;
            MosquittoBroker b = broker;
            if (owns) {
                MosquittoBroker.Builder mb = MosquittoBroker.builder().tls().mutualTls().deployAcl()
                        .client(boards.toArray(String[]::new));
                brokerConfig.forEach(mb::config);
                b = mb.start();
            }
            OtaBackend backend = new OtaBackend(this, b, owns);
            try {
                backend.startServices();
            } catch (RuntimeException e) {
                backend.close();
                throw e;
            }
            return backend;
        }
    }
}
