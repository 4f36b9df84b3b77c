package dev.otalab.signing;

import dev.otalab.mcuboot.keys.KeyType;
import dev.otalab.mcuboot.keys.McubootKey;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Points the service at {@code target/test-keys}, made on first use: the repository's test P-256
 * pair, an Ed25519 key generated here (deterministic signatures, for byte-identity with the
 * library) and a file that is not a key. Files are written once and then reused, so the service
 * and the test code (which Quarkus may load in different class loaders) see the same keys.
 */
public class SigningTestProfile implements QuarkusTestProfile {

    public static final String P256 = "otalab-test-ec-p256";
    public static final String P256_PUBLIC = "otalab-test-ec-p256.pub";
    public static final String ED25519 = "test-ed25519";
    public static final String BROKEN = "broken";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("otalab.signing.keys-dir", keysDir().toString());
    }

    public static synchronized Path keysDir() {
        Path dir = Path.of("target", "test-keys").toAbsolutePath();
        try {
            Files.createDirectories(dir);
            Path repoKeys = Path.of("..", "..", "keys");
            copyOnce(repoKeys.resolve(P256 + ".pem"), dir.resolve(P256 + ".pem"));
            copyOnce(repoKeys.resolve(P256_PUBLIC + ".pem"), dir.resolve(P256_PUBLIC + ".pem"));
            Path ed = dir.resolve(ED25519 + ".pem");
            if (!Files.exists(ed)) {
                Path tmp = Files.createTempFile(dir, ".ed", ".tmp");
                Files.delete(tmp);
                McubootKey.generate(KeyType.ED25519).writePrivatePem(tmp, null);
                Files.move(tmp, ed, StandardCopyOption.ATOMIC_MOVE);
            }
            Path broken = dir.resolve(BROKEN + ".pem");
            if (!Files.exists(broken)) {
                Files.writeString(broken, "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n",
                        StandardCharsets.US_ASCII);
            }
            Files.writeString(dir.resolve("README.txt"), "not a .pem file: ignored\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir;
    }

    public static McubootKey key(String id) {
        return McubootKey.read(keysDir().resolve(id + ".pem"), null);
    }

    private static void copyOnce(Path from, Path to) throws IOException {
        if (!Files.exists(to)) {
            Files.copy(from, to);
        }
    }
}
