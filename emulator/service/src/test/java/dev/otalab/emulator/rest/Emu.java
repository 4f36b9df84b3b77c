package dev.otalab.emulator.rest;

import static io.restassured.RestAssured.given;

import dev.otalab.emulator.config.ProjectPaths;
import dev.otalab.mcuboot.hex.IntelHex;
import dev.otalab.mcuboot.hex.MemoryImage;
import dev.otalab.mcuboot.keys.McubootKey;
import dev.otalab.mcuboot.sign.ImageSigner;
import dev.otalab.mcuboot.sign.SignOptions;
import dev.otalab.mcuboot.sign.SignedImage;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test support: signed images (test key, TLV 0xA0 app behaviour) and REST shortcuts against the
 * running emulator.
 */
final class Emu {

    static final String ROLLBACK_MAP = "psoc62_2m_rollback_overwrite";
    static final String KIT = "CY8CPROTO-062-4343W";
    static final String PROBLEMS = "https://otalab.dev/problems/";
    static final int HEADER = 0x400;
    static final long SLOT = 0x1C0000;
    static final long PRIMARY = 0x10018000L;
    static final long SECONDARY = 0x18200200L;
    static final long FACTORY = 0x18000000L;

    private static final AtomicInteger IDS = new AtomicInteger();
    private static McubootKey key;

    private Emu() {
    }

    static synchronized McubootKey key() {
        if (key == null) {
            Path pem = ProjectPaths.findUpwards("keys/otalab-test-ec-p256.pem").orElseThrow();
            key = McubootKey.read(pem, null);
        }
        return key;
    }

    /** A board id no other test uses. */
    static String freshId(String prefix) {
        return prefix + "-" + IDS.incrementAndGet();
    }

    // ------------------------------------------------------------------ images

    /** How to sign: erased value of the target slot, padding with a TEST/PERM request, TLV JSON. */
    record Img(String version, String appJson, int erased, boolean pad, boolean overwriteOnly) {

        /** For the primary slot in internal flash ({@code -R 0}). */
        static Img primary(String version, String appJson) {
            return new Img(version, appJson, 0x00, false, true);
        }

        /** For the factory reserve in QSPI (header padding 0xFF, not padded). */
        static Img factory(String version, String appJson) {
            return new Img(version, appJson, 0xFF, false, true);
        }

        /** For the secondary in QSPI, padded to the slot with the trailer magic: an upgrade request. */
        static Img upgrade(String version, String appJson) {
            return new Img(version, appJson, 0xFF, true, true);
        }

        /** For the primary slot of a swap-mode map. */
        static Img swapPrimary(String version, String appJson) {
            return new Img(version, appJson, 0x00, false, false);
        }

        /** For the secondary of a swap-mode map, padded with the trailer magic (a TEST upgrade). */
        static Img swapUpgrade(String version, String appJson) {
            return new Img(version, appJson, 0xFF, true, false);
        }

        SignedImage sign() {
            byte[] payload = new byte[4096];
            new Random(version.hashCode() * 31L + (appJson == null ? 0 : appJson.hashCode())).nextBytes(payload);
            SignOptions.Builder b = SignOptions.builder()
                    .version(version)
                    .headerSize(HEADER)
                    .padHeader(true)
                    .slotSize(SLOT)
                    .align(8)
                    .maxSectors(3584)
                    .erasedValue(erased)
                    .overwriteOnly(overwriteOnly)
                    .key(key());
            if (pad) {
                b.pad(true);
            }
            if (appJson != null) {
                b.customTlv(0xA0, appJson.getBytes(StandardCharsets.UTF_8));
            }
            return ImageSigner.sign(payload, null, b.build());
        }

        byte[] bin() {
            return sign().toBinary();
        }

        /** Intel HEX at {@code address}: the image, plus only the trailer magic when padded (as imgtool writes it). */
        byte[] hex(long address) {
            MemoryImage m = new MemoryImage();
            for (SignedImage.Chunk c : sign().toHexChunks(address)) {
                m.put(c.address(), c.bytes());
            }
            return IntelHex.write(m).getBytes(StandardCharsets.US_ASCII);
        }
    }

    // ------------------------------------------------------------------ REST

    static Response create(String id, String flashmap, String bootloader) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("id", id, "kit", KIT, "flashmap", flashmap, "bootloader", bootloader))
                .when().post("/api/v1/boards");
    }

    static void createRollbackBoard(String id) {
        create(id, ROLLBACK_MAP, "rollback").then().statusCode(201);
    }

    static void delete(String id) {
        given().when().delete("/api/v1/boards/{id}", id);
    }

    static Response program(String id, String area, String format, byte[] image) {
        var spec = given().contentType(ContentType.BINARY).body(image);
        if (area != null) {
            spec = spec.queryParam("area", area);
        }
        return spec.queryParam("format", format).when().post("/api/v1/boards/{id}/program", id);
    }

    static Response power(String id, String json) {
        return given().contentType(ContentType.JSON).body(json).when().post("/api/v1/boards/{id}/power", id);
    }

    static Response button(String id, String json) {
        return given().contentType(ContentType.JSON).body(json).when().post("/api/v1/boards/{id}/button", id);
    }

    static Response expect(String id, String json) {
        return given().contentType(ContentType.JSON).body(json).when().post("/api/v1/boards/{id}/uart/expect", id);
    }

    static long latestSeq(String id) {
        return given().queryParam("since", 0).queryParam("limit", 1)
                .when().get("/api/v1/boards/{id}/uart", id)
                .then().statusCode(200).extract().jsonPath().getLong("latestSeq");
    }

    /** Texts of the lines with seq > since (one page of up to 10000). */
    static List<String> uartTexts(String id, long since) {
        return given().queryParam("since", since).queryParam("limit", 10000)
                .when().get("/api/v1/boards/{id}/uart", id)
                .then().statusCode(200).extract().jsonPath().getList("lines.text", String.class);
    }
}
