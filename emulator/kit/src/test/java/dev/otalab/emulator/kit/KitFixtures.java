package dev.otalab.emulator.kit;

import dev.otalab.labapi.dto.BootloaderKind;
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

/** Shared threads, the test key, project flashmaps and signed test images. */
final class KitFixtures {

    /** Two threads for every kit of every test, as the service shares them. */
    static final ScheduledExecutorService SCHEDULER = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "kit-test-scheduler");
        t.setDaemon(true);
        return t;
    });
    static final ExecutorService EXECUTOR = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "kit-test-cpu");
        t.setDaemon(true);
        return t;
    });

    static final int HEADER = 0x400;
    static final long SLOT = 0x1C0000;
    static final int MAX_SECTORS = 3584;

    private static McubootKey key;
    private static McubootKey otherKey;

    private KitFixtures() {
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

    /** A key the kits do not trust. */
    static synchronized McubootKey otherKey() {
        if (otherKey == null) {
            otherKey = McubootKey.generate(dev.otalab.mcuboot.keys.KeyType.ECDSA_P256);
        }
        return otherKey;
    }

    static KitSpec.Builder spec(String id, String mapName, BootloaderKind kind) {
        return KitSpec.builder()
                .id(id)
                .kit("CY8CPROTO-062S2-43439")
                .flashmap(map(mapName))
                .bootloader(kind)
                .trustedKey(key().publicOnly())
                .scheduler(SCHEDULER)
                .executor(EXECUTOR);
    }

    /** How an image is signed. */
    record Img(String version, String json, int erased, boolean padTest, boolean confirm, boolean overwriteOnly,
            McubootKey signer) {

        static Img of(String version, String json) {
            return new Img(version, json, 0x00, false, false, false, key());
        }

        /** For the primary slot (internal flash, {@code -R 0}). */
        Img primary() {
            return new Img(version, json, 0x00, false, false, overwriteOnly, signer);
        }

        /** For the secondary (external flash, erased 0xFF), padded and marked for a TEST upgrade. */
        Img upgrade() {
            return new Img(version, json, 0xFF, true, false, overwriteOnly, signer);
        }

        /** As {@link #upgrade()}, marked permanent ({@code --confirm}). */
        Img permanent() {
            return new Img(version, json, 0xFF, true, true, overwriteOnly, signer);
        }

        /** For the factory reserve: header padding 0xFF, not padded (RB5 factory build). */
        Img factory() {
            return new Img(version, json, 0xFF, false, false, true, signer);
        }

        Img overwrite() {
            return new Img(version, json, erased, padTest, confirm, true, signer);
        }

        Img signedBy(McubootKey k) {
            return new Img(version, json, erased, padTest, confirm, overwriteOnly, k);
        }

        byte[] bytes() {
            return sign(this);
        }
    }

    static byte[] sign(Img img) {
        byte[] payload = new byte[4096];
        new Random(img.version().hashCode() * 31L + (img.json() == null ? 0 : img.json().hashCode())).nextBytes(payload);
        SignOptions.Builder b = SignOptions.builder()
                .version(img.version())
                .headerSize(HEADER)
                .padHeader(true)
                .slotSize(SLOT)
                .align(8)
                .maxSectors(MAX_SECTORS)
                .erasedValue(img.erased())
                .overwriteOnly(img.overwriteOnly())
                .key(img.signer());
        if (img.padTest()) {
            b.pad(true);
            if (img.confirm()) {
                b.confirm(true);
            } else {
                b.test(true);
            }
        }
        if (img.json() != null) {
            b.customTlv(0xA0, img.json().getBytes(StandardCharsets.UTF_8));
        }
        return ImageSigner.sign(payload, null, b.build()).toBinary();
    }
}
