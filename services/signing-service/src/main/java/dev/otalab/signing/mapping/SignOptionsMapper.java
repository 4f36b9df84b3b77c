package dev.otalab.signing.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import dev.otalab.mcuboot.McubootException;
import dev.otalab.mcuboot.image.ImageHash;
import dev.otalab.mcuboot.image.ImageVersion;
import dev.otalab.mcuboot.keys.McubootKey;
import dev.otalab.mcuboot.sign.Dependency;
import dev.otalab.mcuboot.sign.SignOptions;
import dev.otalab.signing.service.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@link SignRequest} to the library's {@link SignOptions}, as the CLI's {@code SignCommand} maps
 * imgtool options, with the service's defaults ({@code headerSize} 0x400, {@code padHeader} true).
 * Every refusal is a 400 {@code bad-request} naming the field; messages from the library are kept.
 */
public final class SignOptionsMapper {

    public enum InputFormat { AUTO, BIN, HEX }

    public enum OutputFormat { BIN, HEX }

    /** What to do: the library options, how to read the input and how to write the output. */
    public record Plan(SignOptions options, InputFormat inputFormat, OutputFormat outputFormat, Long hexAddress) {
    }

    private static final long U32 = 0xFFFF_FFFFL;

    private SignOptionsMapper() {
    }

    /** The key id, checked before anything else so an unknown key is reported as such. */
    public static String keyId(SignRequest r) {
        return required("keyId", r.keyId());
    }

    /**
     * @param key         the resolved signing key
     * @param maxSlotSize the largest slot size accepted
     */
    public static Plan toPlan(SignRequest r, McubootKey key, long maxSlotSize) {
        SignOptions.Builder b = SignOptions.builder();
        ImageVersion version = library("version", () -> ImageVersion.parse(required("version", r.version())));
        b.version(version);
        b.slotSize(Numbers.parse("slotSize", required("slotSize", r.slotSize()), 1, maxSlotSize));
        b.headerSize((int) (r.headerSize() == null ? 0x400 : Numbers.parse("headerSize", r.headerSize(), 32, 0xFFFF)));
        b.padHeader(r.padHeader() == null || r.padHeader());
        b.pad(is(r.pad())).confirm(is(r.confirm())).test(is(r.test())).overwriteOnly(is(r.overwriteOnly()));
        if (r.erasedValue() != null) {
            b.erasedValue((int) oneOf("erasedValue", r.erasedValue(), 0, 0xFF));
        }
        if (r.align() != null) {
            b.align((int) oneOf("align", r.align(), 1, 2, 4, 8, 16, 32));
        }
        if (r.maxAlign() != null) {
            b.maxAlign((int) oneOf("maxAlign", r.maxAlign(), 8, 16, 32));
        }
        if (r.maxSectors() != null) {
            b.maxSectors((int) Numbers.parse("maxSectors", r.maxSectors(), 0, 0xFFFF));
        }
        if (r.loadAddress() != null) {
            b.loadAddress(Numbers.parse("loadAddress", r.loadAddress(), 0, U32));
        }
        if (r.romFixed() != null) {
            b.romFixed(Numbers.parse("romFixed", r.romFixed(), 0, U32));
        }
        if (r.securityCounter() != null) {
            if ("auto".equalsIgnoreCase(r.securityCounter().trim())) {
                b.securityCounterAuto();
            } else {
                b.securityCounter(Numbers.parse("securityCounter", r.securityCounter(), 0, U32));
            }
        }
        if (r.dependencies() != null && !r.dependencies().isNull()) {
            b.dependencies(dependencies(r.dependencies()));
        }
        if (r.bootRecord() != null) {
            b.bootRecord(r.bootRecord());
        }
        if (r.customTlvs() != null) {
            for (Map.Entry<String, JsonNode> e : r.customTlvs().entrySet()) {
                String field = "customTlvs." + e.getKey();
                int tag = (int) Numbers.parse("customTlvs tag '" + e.getKey() + "'", e.getKey(), 0, 0xFFFF);
                byte[] value = customValue(field, e.getValue());
                library(field, () -> b.customTlv(tag, value));
            }
        }
        if (r.publicKeyFormat() != null) {
            b.publicKeyFormat(switch (choice("publicKeyFormat", r.publicKeyFormat(), "hash", "full")) {
                case "full" -> SignOptions.PublicKeyFormat.FULL;
                default -> SignOptions.PublicKeyFormat.HASH;
            });
        }
        if (r.sha() != null) {
            b.sha(choice("sha", r.sha(), "auto", "256", "384", "512"));
        }
        InputFormat in = r.inputFormat() == null ? InputFormat.AUTO
                : InputFormat.valueOf(choice("inputFormat", r.inputFormat(), "auto", "bin", "hex").toUpperCase(Locale.ROOT));
        OutputFormat out = r.outputFormat() == null ? OutputFormat.BIN
                : OutputFormat.valueOf(choice("outputFormat", r.outputFormat(), "bin", "hex").toUpperCase(Locale.ROOT));
        Long hexAddress = r.hexAddress() == null ? null : Numbers.parse("hexAddress", r.hexAddress(), 0, U32);
        if (hexAddress != null && out != OutputFormat.HEX) {
            throw ProblemException.badRequest("hexAddress is only used with outputFormat \"hex\"");
        }
        b.key(key);
        SignOptions options = library("options", b::build);
        // Key/hash compatibility is checked by the signer; check it here so it reads as a bad option.
        library("sha", () -> key.type().imageHash(
                "auto".equals(options.sha()) ? null : ImageHash.byCliName(options.sha()),
                options.pure()));
        return new Plan(options, in, out, hexAddress);
    }

    private static List<Dependency> dependencies(JsonNode node) {
        if (node.isTextual()) {
            return library("dependencies", () -> Dependency.parseList(node.textValue()));
        }
        if (!node.isArray()) {
            throw ProblemException.badRequest(
                    "dependencies: use \"(1,1.2.3),(2,2.0.0)\" or [{\"imageId\":1,\"version\":\"1.2.3\"}]");
        }
        List<Dependency> list = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode d = node.get(i);
            String field = "dependencies[" + i + "]";
            JsonNode id = d.get("imageId");
            JsonNode ver = d.get("version");
            if (!d.isObject() || id == null || ver == null || !ver.isTextual() || d.size() != 2) {
                throw ProblemException.badRequest(field + ": use {\"imageId\": 1, \"version\": \"1.2.3\"}");
            }
            int imageId = (int) Numbers.parse(field + ".imageId", id.asText(), 0, 255);
            ImageVersion v = library(field + ".version", () -> ImageVersion.parse(ver.textValue()));
            list.add(new Dependency(imageId, v));
        }
        return list;
    }

    private static byte[] customValue(String field, JsonNode v) {
        if (v.isTextual()) {
            String text = v.textValue();
            if (text.startsWith("0x")) {
                String hex = text.substring(2);
                if (hex.length() % 2 != 0) {
                    throw ProblemException.badRequest(field + ": Custom TLV length is odd.");
                }
                try {
                    return HexFormat.of().parseHex(hex);
                } catch (IllegalArgumentException e) {
                    throw ProblemException.badRequest(field + ": '" + text + "' is not hex");
                }
            }
            return text.getBytes(StandardCharsets.UTF_8);
        }
        if (v.isObject() || v.isArray()) {
            return v.toString().getBytes(StandardCharsets.UTF_8);
        }
        throw ProblemException.badRequest(field + ": a value is \"0x…\" hex, other text, or a JSON object");
    }

    private static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw ProblemException.badRequest(field + " is required");
        }
        return value;
    }

    private static boolean is(Boolean b) {
        return b != null && b;
    }

    private static long oneOf(String field, String text, long... allowed) {
        long v = Numbers.parse(field, text);
        for (long a : allowed) {
            if (a == v) {
                return v;
            }
        }
        StringBuilder list = new StringBuilder();
        for (long a : allowed) {
            list.append(list.length() == 0 ? "" : ", ").append(a == 0xFF ? "0xff" : Long.toString(a));
        }
        throw ProblemException.badRequest(field + ": '" + text + "' is not one of " + list);
    }

    private static String choice(String field, String value, String... allowed) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(v)) {
                return a;
            }
        }
        throw ProblemException.badRequest(field + ": '" + value + "' is not one of " + String.join(", ", allowed));
    }

    /** Runs a library call; its refusal (a one-line {@link McubootException}) becomes a bad-request naming the field. */
    private static <T> T library(String field, Supplier<T> call) {
        try {
            return call.get();
        } catch (McubootException e) {
            throw ProblemException.badRequest(field + ": " + e.getMessage());
        }
    }
}
