package dev.otalab.emulator.rest;

import dev.otalab.emulator.ota.OtaPeer;
import dev.otalab.testing.MosquittoBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A TLS Mosquitto with the deploy ACL and device certificates for two board strings, an
 * {@link OtaPeer} on it, and the emulator's {@code otalab.emulator.ota.*} pointing there (mutual TLS,
 * per-board certificates from the broker's certificate folder, fast timers, serial = board id).
 */
public class OtaBrokerResource implements QuarkusTestResourceLifecycleManager {

    /** The board string of the test kit's name ({@code CY8CPROTO-062-4343W}). */
    static final String KIT_BOARD = "APP_CY8CPROTO_062_4343W";
    /** A board string given per board in {@code POST /boards}. */
    static final String OTHER_BOARD = "APP_EMU_OTA_TEST";

    static MosquittoBroker broker;
    static OtaPeer peer;

    @Override
    public Map<String, String> start() {
        broker = MosquittoBroker.builder().tls().mutualTls().client(KIT_BOARD).client(OTHER_BOARD).deployAcl().start();
        try {
            peer = new OtaPeer(broker);
        } catch (Exception e) {
            broker.close();
            throw new IllegalStateException("OTA peer did not connect", e);
        }
        return Map.of(
                "otalab.emulator.ota.host", broker.host(),
                "otalab.emulator.ota.port", Integer.toString(broker.mutualTlsPort()),
                "otalab.emulator.ota.ca-file", broker.caCertificate().toString(),
                "otalab.emulator.ota.cert-dir", broker.clientCertificate(KIT_BOARD).getParent().toString(),
                "otalab.emulator.ota.serial-number", "SN-{id}",
                "otalab.emulator.ota.initial-check", "PT0.1S",
                "otalab.emulator.ota.next-check", "PT0.3S",
                "otalab.emulator.ota.job-wait", "PT2S",
                "otalab.emulator.ota.reboot-delay", "PT0.1S");
    }

    @Override
    public void stop() {
        if (peer != null) {
            peer.close();
        }
        if (broker != null) {
            broker.close();
        }
    }
}
