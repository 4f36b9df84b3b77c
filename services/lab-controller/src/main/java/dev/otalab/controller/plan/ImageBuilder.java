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
import java.util.LinkedHashMap;
import java.util.Map;
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
        Layout l = layout(s);
        SignOptions.Builder b = SignOptions.builder()
                .version(s.version())
                .headerSize(HEADER)
                .padHeader(true)
                .slotSize(SLOT)
                .align(8)
                .maxSectors(MAX_SECTORS)
                .erasedValue(l.erased())
                .overwriteOnly(l.overwriteOnly())
                .key(s.untrusted() ? McubootKey.generate(KeyType.ECDSA_P256) : key);
        if (l.pad()) {
            b.pad(true);
            if (l.confirm()) {
                b.confirm(true);
            } else {
                b.test(true);
            }
        }
        if (l.appJson() != null) {
            b.customTlv(0xA0, l.appJson().getBytes(StandardCharsets.UTF_8));
        }
        return ImageSigner.sign(payload(name, l.appJson(), s), null, b.build()).toBinary();
    }

    /** A build-parameter image before signing: what signing-service's {@code POST /api/v1/sign} takes. */
    public record Unsigned(byte[] payload, Map<String, Object> options) {
    }

    /**
     * The unsigned payload of {@code spec} and the sign options (signing-service's JSON: imgtool's long
     * names) that give the same image as {@link #build} with the key {@code keyId}.
     */
    public Unsigned unsigned(String name, ImageSpec.Signed spec, String keyId) {
        Layout l = layout(spec);
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("keyId", keyId);
        // the payload is random bytes: one starting with ':' must not be read as Intel HEX
        o.put("inputFormat", "bin");
        o.put("version", spec.version());
        o.put("headerSize", HEADER);
        o.put("padHeader", true);
        o.put("slotSize", SLOT);
        o.put("align", 8);
        o.put("maxSectors", MAX_SECTORS);
        o.put("erasedValue", l.erased());
        o.put("overwriteOnly", l.overwriteOnly());
        o.put("pad", l.pad());
        o.put("confirm", l.pad() && l.confirm());
        o.put("test", l.pad() && !l.confirm());
        if (l.appJson() != null) {
            o.put("customTlvs", Map.of("0x00a0", l.appJson())); // text: its UTF-8 bytes, as signed locally
        }
        return new Unsigned(payload(name, l.appJson(), spec), o);
    }

    /** How a role is signed; {@code appJson} is the emulated-app TLV (null: none). */
    private record Layout(String appJson, int erased, boolean overwriteOnly, boolean pad, boolean confirm) {
    }

    private static Layout layout(ImageSpec.Signed s) {
        String json;
        try {
            json = s.app() == null ? null : JSON.writeValueAsString(s.app());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        boolean factory = s.role().equals("factory");
        boolean ota = s.role().equals("ota");
        boolean padded = s.role().equals("upgrade") || s.role().equals("permanent");
        return new Layout(json, factory || padded || ota ? 0xFF : 0x00, factory, padded, s.role().equals("permanent"));
    }

    /** A deterministic payload per (name, version, app): the emulator ignores it, the hash covers it. */
    private static byte[] payload(String name, String appJson, ImageSpec.Signed s) {
        byte[] payload = new byte[4096];
        new Random((name + "|" + s.version() + "|" + appJson).hashCode()).nextBytes(payload);
        return payload;
    }
}
