package dev.otalab.imagestore.service;

import dev.otalab.mcuboot.image.McubootImage;
import dev.otalab.ota.ChunkEncoder;
import dev.otalab.ota.OtaVersion;

/**
 * An image held in memory: its bytes, the version the OTA protocol carries (the MCUboot header's
 * {@code major.minor.revision}), and a {@link ChunkEncoder} over the bytes. Immutable; the
 * encoder builds each chunk on demand with absolute reads, so one instance serves many transfers.
 */
public record CachedImage(String digest, byte[] bytes, OtaVersion version, ChunkEncoder encoder) {

    /** @throws dev.otalab.mcuboot.McubootException if the stored bytes are no longer a readable image */
    public static CachedImage of(String digest, byte[] bytes) {
        var v = McubootImage.parse(bytes).version();
        OtaVersion version = OtaVersion.of(v.major(), v.minor(), v.revision());
        return new CachedImage(digest, bytes, version, new ChunkEncoder(bytes, version));
    }

    public int size() {
        return bytes.length;
    }
}
