package dev.otalab.imagestore.service;

import dev.otalab.imagestore.config.ImagesConfig;
import dev.otalab.imagestore.mapping.ProblemType;
import dev.otalab.mcuboot.keys.McubootKey;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jboss.logging.Logger;

/**
 * The public keys of {@code otalab.images.trusted-keys-dir}, read once at start-up: every regular
 * {@code *.pub.pem} file (symbolic links followed, as in a mounted Secret; hidden files skipped),
 * id = file name without {@code .pub.pem}. A file holding a private key is used for its public
 * part only. A file that cannot be read is logged and skipped. Without any usable key the service
 * starts, reports itself not ready and refuses uploads with 409 {@code no-trusted-keys}.
 */
@Startup
@ApplicationScoped
public class TrustedKeys {

    private static final Logger LOG = Logger.getLogger(TrustedKeys.class);
    static final String SUFFIX = ".pub.pem";

    private final ImagesConfig config;
    private volatile SortedMap<String, McubootKey> keys = Collections.emptySortedMap();
    private volatile SortedMap<String, String> unavailable = Collections.emptySortedMap();
    private volatile String problem = "keys not loaded yet";

    public TrustedKeys(ImagesConfig config) {
        this.config = config;
    }

    @PostConstruct
    void load() {
        Path dir = config.trustedKeysDir().toAbsolutePath().normalize();
        SortedMap<String, McubootKey> found = new TreeMap<>();
        SortedMap<String, String> broken = new TreeMap<>();
        String trouble = null;
        if (!Files.isDirectory(dir)) {
            trouble = "trusted-keys directory " + dir + " does not exist or is not a directory"
                    + " (otalab.images.trusted-keys-dir)";
        } else {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
                for (Path file : files) {
                    String name = file.getFileName().toString();
                    if (name.startsWith(".") || !Files.isRegularFile(file)) {
                        continue;
                    }
                    String id = name.substring(0, name.length() - SUFFIX.length());
                    try {
                        McubootKey key = McubootKey.read(file, null);
                        if (!key.type().canSign()) {
                            broken.put(id, key.type().cliName() + " keys cannot sign images");
                        } else {
                            found.put(id, key.hasPrivateKey() ? key.publicOnly() : key);
                        }
                    } catch (RuntimeException e) {
                        broken.put(id, e.getMessage());
                    }
                }
            } catch (IOException | SecurityException e) {
                trouble = "cannot read trusted-keys directory " + dir + ": " + e;
            }
            if (trouble == null && found.isEmpty()) {
                trouble = "trusted-keys directory " + dir + " holds no usable *" + SUFFIX + " key";
            }
        }
        keys = Collections.unmodifiableSortedMap(found);
        unavailable = Collections.unmodifiableSortedMap(broken);
        problem = trouble;
        if (trouble != null) {
            LOG.errorf("trusted keys: %s; uploads answer 409 until this is fixed and the service restarted", trouble);
        } else {
            LOG.infof("trusted keys from %s: %s", dir, String.join(", ", found.keySet()));
        }
        broken.forEach((id, why) -> LOG.warnf("trusted key '%s' is unusable: %s", id, why));
    }

    /** Why no key can be used, or empty. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    public Map<String, String> unavailable() {
        return unavailable;
    }

    /** The usable keys by id, sorted. @throws ProblemException 409 no-trusted-keys */
    public SortedMap<String, McubootKey> all() {
        String p = problem;
        if (p != null) {
            throw new ProblemException(ProblemType.NO_TRUSTED_KEYS, p);
        }
        return keys;
    }
}
