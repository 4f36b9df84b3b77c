package dev.otalab.emulator.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.otalab.emulator.config.ProjectPaths;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Boards, directories, key and watchdog from configuration. */
@QuarkusTest
@TestProfile(ConfiguredBoardsTest.Configured.class)
class ConfiguredBoardsTest {

    public static class Configured implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "otalab.emulator.boards", "cfg-rb:psoc62_2m_rollback_overwrite:rollback,"
                            + "cfg-swap:psoc62_2m_ext_swap_single::CY8CKIT-062S2-43012",
                    "otalab.emulator.flashmap-dir", ProjectPaths.findUpwards("flashmap").orElseThrow().toString(),
                    // a private-key PEM: only its public half is used
                    "otalab.emulator.trusted-key",
                    ProjectPaths.findUpwards("keys/otalab-test-ec-p256.pem").orElseThrow().toString(),
                    "otalab.emulator.default-kit", "CY8CPROTO-062S2-43439",
                    "otalab.emulator.watchdog-ms", "300");
        }
    }

    @Test
    void boardsFromConfigurationExistAtStartUp() {
        given().when().get("/api/v1/boards").then().statusCode(200)
                .body("id", equalTo(java.util.List.of("cfg-rb", "cfg-swap")))
                .body("[0].kit", equalTo("CY8CPROTO-062S2-43439"))
                .body("[0].flashmap", equalTo("psoc62_2m_rollback_overwrite"))
                .body("[0].power", equalTo("off"))
                .body("[1].kit", equalTo("CY8CKIT-062S2-43012"))
                .body("[1].flashmap", equalTo("psoc62_2m_ext_swap_single"));
        // cfg-swap runs plain MCUboot: it has no factory area
        given().queryParam("area", "factory").queryParam("length", 4).when().get("/api/v1/boards/cfg-swap/flash")
                .then().statusCode(409);
        given().when().get("/q/health").then().body("checks[0].data.boards", equalTo(2));
    }

    @Test
    void theConfiguredKeyIsTrustedAndTheConfiguredWatchdogResetsAHangingApp() {
        Emu.program("cfg-rb", "primary", "bin", Emu.Img.primary("1.2.0", "{\"hang\":true}").bin()).then().statusCode(200);
        Emu.power("cfg-rb", "{\"action\":\"on\"}").then().statusCode(200);
        Emu.expect("cfg-rb", "{\"pattern\":\"Testing revert feature\",\"sinceSeq\":0,\"timeoutMs\":0}")
                .then().body("status", equalTo("MATCHED"));
        long seq = Emu.latestSeq("cfg-rb");
        // TEST_REVERT never stops the watchdog: 300 ms later (not the default 4000) the kit resets
        Emu.expect("cfg-rb", "{\"pattern\":\"MCUboot Bootloader Started\",\"sinceSeq\":" + seq + ",\"timeoutMs\":2000}")
                .then().body("status", equalTo("MATCHED"));
        Emu.power("cfg-rb", "{\"action\":\"off\"}").then().statusCode(200);
    }
}
