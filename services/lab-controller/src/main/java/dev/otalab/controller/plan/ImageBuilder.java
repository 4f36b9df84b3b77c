package dev.otalab.controller.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.otalab.mcuboot.keys.KeyType;
import dev.otalab.mcuboot.keys.McubootKey;
import dev.otalab.mcuboot.sign.ImageSigner;
import dev.otalab.mcuboot.sign.SignOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * Turns an {@link ImageSpec} into bytes: signs build-parameter images with the lab key for the
 * PSoC 6 2 MB layouts of the rollback example (header 0x400, slot 0x1C0000, 512-byte rows: 3584
 * sectors, write alignment 8).
 */
public final class ImageBuilder {

    public static final int HEADER = 0x400;
    public static final long SLOT = 0x1C0000;
    public static final int MAX_SECTORS = 3584;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final McubootKey key;
    private final Path plansDir;

    public ImageBuilder(McubootKey key, Path plansDir) {
        this.key = key;
        this.plansDir = plansDir;
    }

    public byte[] build(String name, ImageSpec spec) {
        if (spec instanceof ImageSpec.FromFile f) {
            Path p = Path.of(f.file());
            if (!p.isAbsolute()) {
                p = plansDir.resolve(p);
            }
            try {
                return Files.readAllBytes(p);
            } catch (IOException e) {
                throw new UncheckedIOException("image " + name + ": cannot read " + p, e);
            }
        }
        if (spec instanceof ImageSpec.Fill f) {
            byte[] b = new byte[f.size()];
            Arrays.fill(b, (byte) f.value());
            return b;
        }
        ImageSpec.Signed s = (ImageSpec.Signed) spec;
        String json;
        try {
            json = s.app() == null ? null : JSON.writeValueAsString(s.app());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        // a deterministic payload per (name, version, app): the emulator ignores it, the hash covers it
        byte[] payload = new byte[4096];
        new Random((name + "|" + s.version() + "|" + json).hashCode()).nextBytes(payload);
        boolean factory = s.role().equals("factory");
        boolean ota = s.role().equals("ota");
        boolean padded = s.role().equals("upgrade") || s.role().equals("permanent");
        SignOptions.Builder b = SignOptions.builder()
                .version(s.version())
                .headerSize(HEADER)
                .padHeader(true)
                .slotSize(SLOT)
                .align(8)
                .maxSectors(MAX_SECTORS)
                .erasedValue(factory || padded || ota ? 0xFF : 0x00)
                .overwriteOnly(factory)
                .key(s.untrusted() ? McubootKey.generate(KeyType.ECDSA_P256) : key);
        if (padded) {
            b.pad(true);
            if (s.role().equals("permanent")) {
                b.confirm(true);
            } else {
                b.test(true);
            }
        }
        if (json != null) {
            b.customTlv(0xA0, json.getBytes(StandardCharsets.UTF_8));
        }
        return ImageSigner.sign(payload, null, b.build()).toBinary();
    }
}
