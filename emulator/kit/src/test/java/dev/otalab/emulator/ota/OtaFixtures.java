package dev.otalab.emulator.ota;

import dev.otalab.mcuboot.flashmap.Flashmap;
import dev.otalab.mcuboot.keys.McubootKey;
import dev.otalab.mcuboot.sign.ImageSigner;
import dev.otalab.mcuboot.sign.SignOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** Shared threads, the test key, project flashmaps and signed images for the OTA tests. */
final class OtaFixtures {

    /** Two scheduler and two CPU threads for every kit of every test, as the emulator shares them. */
    static final ScheduledExecutorService SCHEDULER = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "ota-test-scheduler");
        t.setDaemon(true);
        return t;
    });
    static final ExecutorService EXECUTOR = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "ota-test-cpu");
        t.setDaemon(true);
        return t;
    });

    static final int HEADER = 0x400;
    static final long SLOT = 0x1C0000;
    static final int MAX_SECTORS = 3584;
    static final String BOARD = "APP_CY8CPROTO_062S2_43439";
    static final String KIT = "CY8CPROTO-062S2-43439";

    private static McubootKey key;

    private OtaFixtures() {
    }

    static Path root() {
        return Path.of(System.getProperty("otalab.root", "../.."));
    }

    static Flashmap map(String name) {
        return Flashmap.read(root().resolve("flashmap").resolve(name + ".json"));
    }

    static synchronized McubootKey key() {
        if (key == null) {
            key = McubootKey.read(root().resolve("keys/otalab-test-ec-p256.pem"), null);
        }
        return key;
    }

    /** How an image is signed. */
    enum Use {
        /** Programmed into the internal primary slot ({@code -R 0}). */
        PRIMARY(0x00, false),
        /** The OTA download: the build's signed {@code .bin}, no trailer ({@code -R 0xff} for the external secondary). */
        OTA(0xFF, false),
        /** The factory reserve (RB5 factory build: header padding 0xFF, overwrite-only, not padded). */
        FACTORY(0xFF, true);

        final int erased;
        final boolean overwriteOnly;

        Use(int erased, boolean overwriteOnly) {
            this.erased = erased;
            this.overwriteOnly = overwriteOnly;
        }
    }

    /** A signed image of {@code payloadBytes} deterministic pseudo-random bytes with TLV 0x00A0 {@code json}. */
    static byte[] image(String version, String json, int payloadBytes, Use use) {
        byte[] payload = new byte[payloadBytes];
        new Random(version.hashCode() * 31L + (json == null ? 0 : json.hashCode()) + payloadBytes).nextBytes(payload);
        SignOptions.Builder b = SignOptions.builder()
                .version(version)
                .headerSize(HEADER)
                .padHeader(true)
                .slotSize(SLOT)
                .align(8)
                .maxSectors(MAX_SECTORS)
                .erasedValue(use.erased)
                .overwriteOnly(use.overwriteOnly)
                .key(key());
        if (json != null) {
            b.customTlv(0xA0, json.getBytes(StandardCharsets.UTF_8));
        }
        return ImageSigner.sign(payload, null, b.build()).toBinary();
    }
}
