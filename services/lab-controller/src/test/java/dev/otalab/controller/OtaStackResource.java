package dev.otalab.controller;

import dev.otalab.emulator.ota.OtaConfig;
import dev.otalab.emulator.ota.OtaTimers;
import dev.otalab.stack.OtaBackend;
import dev.otalab.stack.OtalabService;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Locale;
import java.util.Map;

/**
 * The real OTA backend (signing-service, image-store and job-service from their built jars, a TLS
 * Mosquitto with the deploy ACL; {@code services/stack}) and a {@link VirtualKitServer} with one
 * OTA-capable kit on it, started once per test class; the controller is pointed at both and signs its
 * uploads through the signing-service.
 */
public class OtaStackResource implements QuarkusTestResourceLifecycleManager {

    /** A board string of this test run only: job-service and image-store rows never meet another run's. */
    static final String BOARD = "APP_CTL_" + Long.toString(System.currentTimeMillis(), 36).toUpperCase(Locale.ROOT);
    static final String KIT_ID = "emu-ota";
    static final String SERIAL = "SN-" + KIT_ID;

    /** Short agent timers: the plans' timeouts are for the code example's 10 s checks. */
    static final OtaTimers FAST = OtaTimers.builder().initialCheckMs(300).nextCheckMs(700).retryMs(500)
            .jobWaitMs(3000).dataTimeoutMs(30_000).connectRetryDelayMs(200).rebootDelayMs(100).build();

    static OtaBackend backend;
    static VirtualKitServer kits;

    @Override
    public Map<String, String> start() {
        backend = OtaBackend.builder().root(VirtualKitServer.ROOT.toAbsolutePath().normalize()).boards(BOARD)
                .start();
        try {
            kits = new VirtualKitServer();
        } catch (java.io.IOException e) {
            backend.close();
            throw new java.io.UncheckedIOException(e);
        }
        var broker = backend.broker();
        kits.addRollbackKit(KIT_ID, OtaConfig.builder()
                .broker(broker.host(), broker.mutualTlsPort())
                .caCertificate(broker.caCertificate())
                .clientCertificate(broker.clientCertificate(BOARD), broker.clientKey(BOARD))
                .board(BOARD)
                .serialNumber(SERIAL)
                .timers(FAST)
                .build());
        // uploads are signed by the real signing-service: sign → upload → job/campaign → device
        return Map.of(
                "otalab.controller.signing-service.url", backend.service(OtalabService.SIGNING_SERVICE).url(),
                "otalab.controller.signing-service.key-id", OtaBackend.TEST_KEY_ID,
                "otalab.controller.image-store.url", backend.service(OtalabService.IMAGE_STORE).url(),
                "otalab.controller.job-service.url", backend.service(OtalabService.JOB_SERVICE).url());
    }

    @Override
    public void stop() {
        if (kits != null) {
            kits.close();
        }
        if (backend != null) {
            backend.close();
        }
    }
}
