package dev.otalab.mcuboot.flashmap;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads flashmap JSON files in either of Infineon's schemas and validates them.
 *
 * <p><b>Schema detection.</b> A document with {@code boot_and_upgrade} is a PSoC 6 map; one with
 * {@code bootloader} (holding {@code bootloader_area}) and {@code application_N.slots} is an
 * XMC7000 map, which also needs a platform file: the one given with
 * {@link #withPlatformFile(Path)}, otherwise {@value #XMC7200_PLATFORM_FILE} beside the map.
 *
 * <p><b>PSoC 6 internal flash size.</b> The JSON does not say which device it is for, yet the
 * internal size decides which addresses are internal (as in the generator's {@code -p} option).
 * Unless set with {@link #withInternalFlashSize(long)}, it is inferred from the file name: a
 * {@code 512k}, {@code 1m} or {@code 2m} token (separated by non-alphanumerics, e.g.
 * {@code psoc62_512k_xip_swap_single.json}) selects PSOC_062_512K, PSOC_062_1M or PSOC_062_2M;
 * without one it is PSOC_062_2M ({@value #PSOC_062_2M} bytes), the kits otalab supports.
 *
 * <p><b>Checks</b> (each failure is a {@link FlashmapException} naming the JSON field): required
 * leaves present with {@code description} and {@code value}; numbers are {@code "0x…"} hex or
 * decimal strings; external model known; every area inside one memory; bootloader, status,
 * scratch and factory areas start on an erase boundary; in swap mode each slot's last 0x200 bytes
 * start on an erase boundary ({@code (offset + size - 0x200) mod erase == 0}, which is why external
 * secondaries start at {@code …0200}); primary and secondary sizes equal; primary + 0x400 header
 * aligned for the vector table; swap-status partition large enough; no two areas sharing an erase
 * unit. See {@link Flashmap} for the {@code factory_app} extension.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class FlashmapReader {

    /** Internal flash of PSOC_062_2M devices (CY8CPROTO-062-4343W, CY8CKIT-062S2-43012, …). */
    public static final long PSOC_062_2M = 0x20_0000L;
    /** Internal flash of PSOC_062_1M / PSOC_063_1M devices. */
    public static final long PSOC_062_1M = 0x10_0000L;
    /** Internal flash of PSOC_062_512K devices (CY8CPROTO-062S3-4343W). */
    public static final long PSOC_062_512K = 0x8_0000L;
    /** Platform file looked for beside an XMC7000 map. */
    public static final String XMC7200_PLATFORM_FILE = "xmc7200_platform.json";

    static final long MAX_FILE_SIZE = 1 << 20;
    private static final String DOCUMENT = "(document)";
    private static final Pattern TOKEN_SEPARATOR = Pattern.compile("[^a-z0-9]+");
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final FlashmapReader DEFAULTS = new FlashmapReader(0, null);

    /** 0 = infer from the source name. */
    private final long internalFlashSize;
    /** null = beside the map. */
    private final Path platformFile;

    private FlashmapReader(long internalFlashSize, Path platformFile) {
        this.internalFlashSize = internalFlashSize;
        this.platformFile = platformFile;
    }

    /** Size inferred from the file name; platform file looked for beside XMC maps. */
    public static FlashmapReader defaults() {
        return DEFAULTS;
    }

    /** A reader that treats {@code [0x10000000, 0x10000000 + bytes)} as PSoC 6 internal flash. */
    public FlashmapReader withInternalFlashSize(long bytes) {
        if (bytes <= 0 || bytes % Psoc6MapParser.ROW != 0
                || bytes > Psoc6MapParser.SMIF_BASE - Psoc6MapParser.INTERNAL_BASE) {
            throw new FlashmapException("(options)", "internalFlashSize",
                    JsonFields.hex(bytes) + " is not a plausible PSoC 6 internal flash size");
        }
        return new FlashmapReader(bytes, platformFile);
    }

    /** A reader that uses this XMC7000 platform file ({@code memory_regions[]}). */
    public FlashmapReader withPlatformFile(Path platform) {
        return new FlashmapReader(internalFlashSize, platform);
    }

    /** Reads and validates a map file; the path as given names the source in errors. */
    public Flashmap read(Path file) {
        String source = file.toString();
        Path folder = file.toAbsolutePath().getParent();
        return parse(readText(file, source), source, folder);
    }

    /**
     * Parses and validates map text. {@code sourceName} names the map in errors and is used to
     * infer the internal flash size; an XMC7000 map needs {@link #withPlatformFile(Path)}.
     */
    public Flashmap parse(String json, String sourceName) {
        return parse(json, sourceName, null);
    }

    /** The internal flash size inferred from a file name (see the class comment). */
    public static long internalFlashSizeFor(String sourceName) {
        String name = sourceName.substring(Math.max(sourceName.lastIndexOf('/'), sourceName.lastIndexOf('\\')) + 1);
        for (String token : TOKEN_SEPARATOR.split(name.toLowerCase(Locale.ROOT))) {
            switch (token) {
                case "512k": return PSOC_062_512K;
                case "1m": return PSOC_062_1M;
                case "2m": return PSOC_062_2M;
                default: break;
            }
        }
        return PSOC_062_2M;
    }

    private Flashmap parse(String text, String source, Path folder) {
        JsonFields json = new JsonFields(source);
        ObjectNode root = tree(text, json);
        if (root.has("boot_and_upgrade")) {
            long internal = internalFlashSize != 0 ? internalFlashSize : internalFlashSizeFor(source);
            return Psoc6MapParser.parse(root, json, internal);
        }
        if (root.has("bootloader")) {
            return XmcMapParser.parse(root, json, platform(source, folder));
        }
        if (root.has("memory_regions")) {
            throw json.error(DOCUMENT, "this is a platform file (memory_regions), not a flashmap");
        }
        throw json.error(DOCUMENT,
                "neither boot_and_upgrade (PSoC 6 schema) nor bootloader (XMC7000 schema) is present");
    }

    private List<FlashMemory> platform(String mapSource, Path folder) {
        Path file = platformFile;
        if (file == null) {
            if (folder == null || !Files.isRegularFile(folder.resolve(XMC7200_PLATFORM_FILE))) {
                throw new FlashmapException(mapSource, "(platform file)", "an XMC7000 map needs a platform file;"
                        + " none was given and there is no " + XMC7200_PLATFORM_FILE + " beside the map");
            }
            file = folder.resolve(XMC7200_PLATFORM_FILE);
        }
        String source = file.toString();
        JsonFields json = new JsonFields(source);
        return XmcMapParser.platform(tree(readText(file, source), json), json);
    }

    private static ObjectNode tree(String text, JsonFields json) {
        if (text.isBlank()) {
            throw json.error(DOCUMENT, "the file is empty");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new FlashmapException(json.source(), DOCUMENT, "not valid JSON" + where + ": " + e.getOriginalMessage(), e);
        }
        if (!root.isObject()) {
            throw json.error(DOCUMENT, "expected a JSON object, found " + JsonFields.kind(root));
        }
        return (ObjectNode) root;
    }

    private static String readText(Path file, String source) {
        try {
            if (Files.size(file) > MAX_FILE_SIZE) {
                throw new FlashmapException(source, DOCUMENT, "larger than " + MAX_FILE_SIZE + " bytes; not a flashmap");
            }
            byte[] bytes = Files.readAllBytes(file);
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new FlashmapException(source, DOCUMENT, "not UTF-8 text", e);
        } catch (IOException e) {
            throw new FlashmapException(source, DOCUMENT, "cannot read: " + e, e);
        }
    }
}
