package dev.otalab.jobs;

import dev.otalab.testing.MosquittoBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.HashMap;
import java.util.Map;

/**
 * Everything the service talks to in the tests, real: a Mosquitto with TLS (the service on the
 * mutual-TLS listener with the {@code otalab-service} certificate, test devices anonymous on the
 * TLS listener, the deployment's ACL on both) and a stand-in image-store ({@link StandInImageStore})
 * serving the contract's metadata JSON over HTTP. PostgreSQL is the machine's.
 */
public class JobServiceResources implements QuarkusTestResourceLifecycleManager {

    /** The running broker, for chaos tests ({@link #broker()}). */
    private static volatile MosquittoBroker broker;
    private StandInImageStore imageStore;

    @Override
    public Map<String, String> start() {
        broker = MosquittoBroker.builder().tls().mutualTls().deployAcl().start();
        imageStore = StandInImageStore.start();
        Map<String, String> config = new HashMap<>();
        config.put("otalab.mqtt.host", broker.host());
        config.put("otalab.mqtt.port", Integer.toString(broker.mutualTlsPort()));
        config.put("otalab.mqtt.tls", "true");
        config.put("otalab.mqtt.ca-file", broker.caCertificate().toString());
        config.put("otalab.mqtt.cert-file", broker.clientCertificate(MosquittoBroker.SERVICE_CLIENT).toString());
        config.put("otalab.mqtt.key-file", broker.clientKey(MosquittoBroker.SERVICE_CLIENT).toString());
        config.put("otalab.mqtt.hostname-verification", "HTTPS");
        config.put("otalab.image-store.url", imageStore.url());
        // Campaign tests use per-execution timeouts of a second or two.
        config.put("otalab.jobs.campaign-timeout-check-interval", "1S");
        // For the test devices (read with ConfigProvider in the tests).
        config.put("otalab.test.device-port", Integer.toString(broker.tlsPort()));
        config.put("otalab.test.broker-dir", broker.directory().toString());
        return config;
    }

    /** The broker the service is connected to (same class loader as the tests: checked by the caller). */
    public static MosquittoBroker broker() {
        return broker;
    }

    @Override
    public void stop() {
        if (imageStore != null) {
            imageStore.stop();
        }
        if (broker != null) {
            broker.close();
        }
    }
}
