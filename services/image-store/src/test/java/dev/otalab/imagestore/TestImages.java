package dev.otalab.imagestore;

import dev.otalab.mcuboot.keys.KeyType;
import dev.otalab.mcuboot.keys.McubootKey;
import dev.otalab.mcuboot.sign.ImageSigner;
import dev.otalab.mcuboot.sign.SignOptions;
import dev.otalab.mcuboot.sign.SignedImage;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Random;

/** Images signed in the test: with the repository's test key (trusted) or a key made here (not). */
public final class TestImages {

    public static final McubootKey TEST_KEY = McubootKey.read(Path.of("..", "..", "keys", "otalab-test-ec-p256.pem"), null);
    private static McubootKey stranger;

    private TestImages() {
    }

    public static synchronized McubootKey strangerKey() {
        if (stranger == null) {
            stranger = McubootKey.generate(KeyType.ECDSA_P256);
        }
        return stranger;
    }

    /** A signed image of an app of {@code appLength} random bytes (seeded), header 0x400 padded in. */
    public static Signed signed(int appLength, long seed, String version, McubootKey key) {
        byte[] app = new byte[appLength];
        new Random(seed).nextBytes(app);
        SignedImage image = ImageSigner.sign(app, null, SignOptions.builder().key(key).version(version)
                .headerSize(0x400).padHeader(true).slotSize(16L << 20).align(8).build());
        return new Signed(image.toBinary(), HexFormat.of().formatHex(image.digest()));
    }

    public static Signed trusted(int appLength, long seed, String version) {
        return signed(appLength, seed, version, TEST_KEY);
    }

    public record Signed(byte[] bytes, String digest) {
    }
}
