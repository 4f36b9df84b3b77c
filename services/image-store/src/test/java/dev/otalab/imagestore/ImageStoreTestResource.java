package dev.otalab.imagestore;

import dev.otalab.testing.MosquittoBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts what the service talks to, for real: a Mosquitto with TLS and mutual TLS (fresh CA and
 * certificates, the deployment's ACL) and the job-service stand-in over HTTP. The service connects
 * to the mutual-TLS port as {@code otalab-service}, as in production; test devices connect with the
 * board's certificate. Trusted keys: a copy of the repository's test public key in {@code target/}.
 */
public class ImageStoreTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String BOARD = "APP_CY8CPROTO_062S2_43439";
    public static final String OTHER_BOARD = "APP_CY8CKIT_062S2_43012";

    private MosquittoBroker broker;
    private FakeJobService jobs;

    @Override
    public Map<String, String> start() {
        // Queue limit raised so a test device reading 100+ transfers on one connection loses nothing.
        broker = MosquittoBroker.builder().tls().mutualTls().client(BOARD, OTHER_BOARD).deployAcl()
                .config("max_queued_messages 20000").start();
        try {
            jobs = FakeJobService.start();
        } catch (IOException e) {
            broker.close();
            throw new UncheckedIOException(e);
        }
        Map<String, String> config = new HashMap<>();
        config.put("otalab.mqtt.host", broker.host());
        config.put("otalab.mqtt.port", String.valueOf(broker.mutualTlsPort()));
        config.put("otalab.mqtt.ssl", "true");
        config.put("otalab.mqtt.ca-file", broker.caCertificate().toString());
        config.put("otalab.mqtt.client-cert", broker.clientCertificate(MosquittoBroker.SERVICE_CLIENT).toString());
        config.put("otalab.mqtt.client-key", broker.clientKey(MosquittoBroker.SERVICE_CLIENT).toString());
        config.put("otalab.job-service.url", jobs.url());
        config.put("otalab.images.trusted-keys-dir", trustedKeysDir().toString());
        // For the test devices (read with ConfigProvider in the tests).
        config.put("otalab.test.broker-dir", broker.directory().toString());
        config.put("otalab.test.device-cert", broker.clientCertificate(BOARD).toString());
        config.put("otalab.test.device-key", broker.clientKey(BOARD).toString());
        config.put("otalab.test.other-device-cert", broker.clientCertificate(OTHER_BOARD).toString());
        config.put("otalab.test.other-device-key", broker.clientKey(OTHER_BOARD).toString());
        return config;
    }

    /** Gives tests that declare a {@link MosquittoBroker} field the running broker (for restarts). */
    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(broker, new TestInjector.MatchesType(MosquittoBroker.class));
    }

    @Override
    public void stop() {
        if (jobs != null) {
            jobs.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    /** {@code target/trusted-keys}: the repository's test public key only. */
    static Path trustedKeysDir() {
        Path dir = Path.of("target", "trusted-keys").toAbsolutePath();
        try {
            Files.createDirectories(dir);
            Files.copy(Path.of("..", "..", "keys", "otalab-test-ec-p256.pub.pem"),
                    dir.resolve("otalab-test-ec-p256.pub.pem"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }
}
