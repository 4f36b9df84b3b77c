package dev.otalab.labapi.dto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.otalab.labapi.Problem;
import dev.otalab.labapi.ProblemTypes;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every DTO against the exact JSON of the contract: field names, enum spellings, omitted nulls.
 * The mapper is vanilla Jackson plus JavaTimeModule, with timestamps-as-numbers left ON and unknown
 * properties failing, so the DTO annotations (not a lenient mapper configuration) carry the format.
 */
class DtoJsonTest {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private static final Instant T = Instant.parse("2025-06-01T10:15:30.123Z");

    private static <T> void assertJson(T value, String json) throws JsonProcessingException {
        assertThat(MAPPER.writeValueAsString(value)).isEqualTo(json);
        assertThat(MAPPER.readValue(json, value.getClass())).isEqualTo(value);
    }

    private static <T> T read(String json, Class<T> type) throws JsonProcessingException {
        return MAPPER.readValue(json, type);
    }

    // power / button

    @Test
    void powerRequestSpellings() throws Exception {
        assertJson(PowerRequest.cycle(500), "{\"action\":\"cycle\",\"offMs\":500}");
        assertJson(PowerRequest.on(), "{\"action\":\"on\"}");
        assertJson(PowerRequest.off(), "{\"action\":\"off\"}");
        assertThat(read("{\"action\":\"cycle\"}", PowerRequest.class).effectiveOffMs())
                .isEqualTo(PowerRequest.DEFAULT_OFF_MS);
        assertThat(read("{\"action\":\"ON\"}", PowerRequest.class).action()).isEqualTo(PowerAction.ON);
    }

    @Test
    void powerRequestRejectsBadInputWithFieldNames() {
        assertThatThrownBy(() -> read("{\"action\":\"reboot\"}", PowerRequest.class))
                .hasMessageContaining("action must be one of on|off|cycle, got 'reboot'");
        assertThatThrownBy(() -> read("{\"offMs\":5}", PowerRequest.class))
                .hasMessageContaining("action is required");
        assertThatThrownBy(() -> read("{\"action\":\"off\",\"offMs\":500}", PowerRequest.class))
                .hasMessageContaining("offMs only applies to action 'cycle'");
        assertThatThrownBy(() -> PowerRequest.cycle(-1)).hasMessageContaining("offMs must be between 0 and");
    }

    @Test
    void buttonRequestSpellings() throws Exception {
        assertJson(ButtonRequest.press(200), "{\"action\":\"press\",\"ms\":200}");
        assertJson(ButtonRequest.hold(), "{\"action\":\"hold\"}");
        assertJson(new ButtonRequest(ButtonAction.HOLD, 5000L), "{\"action\":\"hold\",\"ms\":5000}");
        assertJson(ButtonRequest.release(), "{\"action\":\"release\"}");
        assertThat(read("{\"action\":\"press\"}", ButtonRequest.class).effectivePressMs()).isEqualTo(200);
        assertThatThrownBy(() -> read("{\"action\":\"release\",\"ms\":10}", ButtonRequest.class))
                .hasMessageContaining("ms does not apply to action 'release'");
        assertThatThrownBy(() -> read("{\"action\":\"push\"}", ButtonRequest.class))
                .hasMessageContaining("action must be one of press|hold|release");
    }

    // boards

    @Test
    void boardInfo() throws Exception {
        BoardInfo b = new BoardInfo("rack1-slot3", "CY8CPROTO-062-4343W", "psoc62_2m_ext_swap_single",
                List.of("power", "button", "uart", "led", "program"), PowerState.ON, BoardHealth.GOOD);
        assertJson(b, "{\"id\":\"rack1-slot3\",\"kit\":\"CY8CPROTO-062-4343W\","
                + "\"flashmap\":\"psoc62_2m_ext_swap_single\","
                + "\"capabilities\":[\"power\",\"button\",\"uart\",\"led\",\"program\"],"
                + "\"power\":\"on\",\"health\":\"GOOD\"}");
        assertThat(b.hasCapability("led")).isTrue();
        assertThat(b.hasCapability("emulated")).isFalse();

        BoardInfo m = new BoardInfo("emu-1", "CY8CPROTO-062-4343W", "psoc62_2m_ext_swap_single",
                List.of("emulated", "fault-injection"), PowerState.OFF, BoardHealth.MAINTENANCE, "relay replaced");
        assertJson(m, "{\"id\":\"emu-1\",\"kit\":\"CY8CPROTO-062-4343W\",\"flashmap\":\"psoc62_2m_ext_swap_single\","
                + "\"capabilities\":[\"emulated\",\"fault-injection\"],\"power\":\"off\","
                + "\"health\":\"MAINTENANCE\",\"healthDetail\":\"relay replaced\"}");
    }

    @Test
    void boardInfoToleratesNewerFieldsAndDefaultsStates() throws Exception {
        BoardInfo b = read("{\"id\":\"x\",\"futureField\":1}", BoardInfo.class);
        assertThat(b.power()).isEqualTo(PowerState.UNKNOWN);
        assertThat(b.health()).isEqualTo(BoardHealth.UNKNOWN);
        assertThat(b.capabilities()).isEmpty();
        assertThat(read("{\"id\":\"x\",\"health\":\"BAD\",\"power\":\"unknown\"}", BoardInfo.class).health())
                .isEqualTo(BoardHealth.BAD);
    }

    // uart

    @Test
    void uartLineWithIsoTimestampAndControlCharacters() throws Exception {
        assertJson(new UartLine(42, T, "[INF] MCUboot Bootloader Started"),
                "{\"seq\":42,\"timestamp\":\"2025-06-01T10:15:30.123Z\",\"text\":\"[INF] MCUboot Bootloader Started\"}");
        assertJson(new UartLine(1, T, "[INF] \u001b[2J\u001b[;H"),
                "{\"seq\":1,\"timestamp\":\"2025-06-01T10:15:30.123Z\",\"text\":\"[INF] \\u001B[2J\\u001B[;H\"}");
        assertThatThrownBy(() -> new UartLine(0, T, "x")).hasMessageContaining("seq must be between 1");
    }

    @Test
    void uartPage() throws Exception {
        UartPage p = new UartPage(List.of(new UartLine(41, T, "a"), new UartLine(42, T, "b")), 42, 50, 3);
        assertJson(p, "{\"lines\":[{\"seq\":41,\"timestamp\":\"2025-06-01T10:15:30.123Z\",\"text\":\"a\"},"
                + "{\"seq\":42,\"timestamp\":\"2025-06-01T10:15:30.123Z\",\"text\":\"b\"}],"
                + "\"nextSince\":42,\"latestSeq\":50,\"dropped\":3}");
        assertThat(p.hasMore()).isTrue();
    }

    @Test
    void uartWriteRequest() throws Exception {
        assertJson(new UartWriteRequest("Y"), "{\"text\":\"Y\"}");
        assertThatThrownBy(() -> read("{\"text\":\"\"}", UartWriteRequest.class)).hasMessageContaining("text is required");
    }

    @Test
    void expectRequestFullAndMinimal() throws Exception {
        ExpectRequest full = new ExpectRequest("Version: (?<major>\\d+)\\.(\\d+)", List.of("\\[ERR\\]"), 120L, 5000L);
        assertJson(full, "{\"pattern\":\"Version: (?<major>\\\\d+)\\\\.(\\\\d+)\",\"notMatching\":[\"\\\\[ERR\\\\]\"],"
                + "\"sinceSeq\":120,\"timeoutMs\":5000}");

        ExpectRequest min = read("{\"pattern\":\"Started\"}", ExpectRequest.class);
        assertThat(min.notMatching()).isEmpty();
        assertThat(min.sinceSeq()).isNull();
        assertThat(min.timeoutMs()).isEqualTo(ExpectRequest.DEFAULT_TIMEOUT_MS);
        assertThat(min.resolveSince(77)).isEqualTo(77);
        assertThat(MAPPER.writeValueAsString(min))
                .isEqualTo("{\"pattern\":\"Started\",\"notMatching\":[],\"timeoutMs\":10000}");

        assertThatThrownBy(() -> read("{\"notMatching\":[]}", ExpectRequest.class)).hasMessageContaining("pattern is required");
        assertThatThrownBy(() -> read("{\"pattern\":\"x\",\"timeoutMs\":-1}", ExpectRequest.class))
                .hasMessageContaining("timeoutMs must be between 0 and 600000");
        assertThatThrownBy(() -> read("{\"pattern\":\"x\",\"notMatching\":[null]}", ExpectRequest.class))
                .hasMessageContaining("notMatching[0] must not be null");
    }

    @Test
    void expectResultForEachStatus() throws Exception {
        Map<String, String> groups = new LinkedHashMap<>();
        groups.put("0", "version: 1.2.0");
        groups.put("1", "1");
        groups.put("2", null);
        groups.put("major", "1");
        UartLine line = new UartLine(131, T, "TEST Application: OTA Update version: 1.2.0");
        assertJson(ExpectResult.matched(line, groups),
                "{\"status\":\"MATCHED\",\"line\":{\"seq\":131,\"timestamp\":\"2025-06-01T10:15:30.123Z\","
                        + "\"text\":\"TEST Application: OTA Update version: 1.2.0\"},"
                        + "\"groups\":{\"0\":\"version: 1.2.0\",\"1\":\"1\",\"2\":null,\"major\":\"1\"},\"lastSeq\":131}");

        UartLine err = new UartLine(97, T, "[ERR] Invalid image magic 0xffffffff !");
        assertJson(ExpectResult.notMatching(err, "\\[ERR\\]", Map.of("0", "[ERR]")),
                "{\"status\":\"NOT_MATCHING\",\"line\":{\"seq\":97,\"timestamp\":\"2025-06-01T10:15:30.123Z\","
                        + "\"text\":\"[ERR] Invalid image magic 0xffffffff !\"},\"groups\":{\"0\":\"[ERR]\"},"
                        + "\"notMatchingPattern\":\"\\\\[ERR\\\\]\",\"lastSeq\":97}");

        assertJson(ExpectResult.timeout(140), "{\"status\":\"TIMEOUT\",\"groups\":{},\"lastSeq\":140}");
    }

    // led, program

    @Test
    void ledState() throws Exception {
        assertJson(new LedState(true, 250L, 3000, 12), "{\"on\":true,\"periodMs\":250,\"windowMs\":3000,\"edges\":12}");
        assertJson(new LedState(false, null, 3000, 0), "{\"on\":false,\"windowMs\":3000,\"edges\":0}");
    }

    @Test
    void ledStateFromEdgesIsTheMeanToggleInterval() {
        LedState s = LedState.fromEdges(false, List.of(100L, 351L, 600L, 850L), 1000);
        assertThat(s.periodMs()).isEqualTo(250L);
        assertThat(s.edges()).isEqualTo(4);
        assertThat(LedState.fromEdges(true, List.of(500L), 3000).periodMs()).isNull();
        assertThat(LedState.fromEdges(true, List.of(), 3000).periodMs()).isNull();
    }

    @Test
    void programResultAndImageFormat() throws Exception {
        assertJson(new ProgramResult("secondary", 0x18000200L, 61440, ImageFormat.BIN),
                "{\"area\":\"secondary\",\"address\":402653696,\"bytes\":61440,\"format\":\"bin\"}");
        assertJson(new ProgramResult(null, 0x10028000L, 100, ImageFormat.HEX),
                "{\"address\":268599296,\"bytes\":100,\"format\":\"hex\"}");
        // query-parameter conversions: JAX-RS uses fromString, MicroProfile REST clients toString
        assertThat(ImageFormat.fromString("HEX")).isEqualTo(ImageFormat.HEX);
        assertThat(ImageFormat.BIN).hasToString("bin");
        assertThatThrownBy(() -> ImageFormat.fromString("elf")).hasMessage("format must be one of bin|hex, got 'elf'");
    }

    // emulator

    @Test
    void createBoardRequest() throws Exception {
        assertJson(new CreateBoardRequest("emu-1", "CY8CPROTO-062-4343W", "psoc62_2m_ext_swap_single",
                        BootloaderKind.ROLLBACK, "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"),
                "{\"id\":\"emu-1\",\"kit\":\"CY8CPROTO-062-4343W\",\"flashmap\":\"psoc62_2m_ext_swap_single\","
                        + "\"bootloader\":\"rollback\","
                        + "\"trustedKeyPem\":\"-----BEGIN PUBLIC KEY-----\\nAAAA\\n-----END PUBLIC KEY-----\\n\"}");
        CreateBoardRequest min = read("{\"kit\":\"CY8CPROTO-062-4343W\",\"flashmap\":\"psoc62_2m_ext_overwrite_single\"}",
                CreateBoardRequest.class);
        assertThat(min.bootloader()).isEqualTo(BootloaderKind.MCUBOOT);
        assertThat(min.id()).isNull();
        assertThatThrownBy(() -> read("{\"id\":\"a/b\",\"kit\":\"k\",\"flashmap\":\"f\"}", CreateBoardRequest.class))
                .hasMessageContaining("id must be 1..64 characters");
        assertThatThrownBy(() -> read("{\"kit\":\"k\",\"flashmap\":\"f\",\"bootloader\":\"grub\"}", CreateBoardRequest.class))
                .hasMessageContaining("bootloader must be one of mcuboot|rollback");
    }

    @Test
    void createBoardRequestWithOtaOverridesAndTheAgentStatus() throws Exception {
        CreateBoardRequest r = read("{\"kit\":\"k\",\"flashmap\":\"f\",\"ota\":{\"board\":\"APP_K\",\"serialNumber\":\"SN-7\"}}",
                CreateBoardRequest.class);
        assertThat(r.ota()).isEqualTo(new OtaOverrides("APP_K", "SN-7", null, null, null, null, null));
        assertJson(new CreateBoardRequest(null, "k", "f", null, null, new OtaOverrides(null, "SN-7", null, null, null, null, null)),
                "{\"kit\":\"k\",\"flashmap\":\"f\",\"bootloader\":\"mcuboot\",\"ota\":{\"serialNumber\":\"SN-7\"}}");
        OtaAgentStatus s = read("{\"configured\":true,\"state\":\"AGENT_WAITING\",\"runningVersion\":\"1.1.0\","
                + "\"lastOutcome\":\"VERSION_NOT_NEWER\",\"counters\":{\"checks\":3},\"later\":1}", OtaAgentStatus.class);
        assertThat(s.configured()).isTrue();
        assertThat(s.runningVersion()).isEqualTo("1.1.0");
        assertThat(s.counters()).containsEntry("checks", 3L);
    }

    @Test
    void faultRequestAndState() throws Exception {
        assertJson(FaultRequest.atFlashOp(37), "{\"powerLossAtFlashOp\":37}");
        assertJson(new FaultRequest(null, 1500L, 200L), "{\"powerLossAfterMs\":1500,\"offMs\":200}");
        assertThatThrownBy(() -> read("{\"offMs\":200}", FaultRequest.class))
                .hasMessageContaining("give powerLossAtFlashOp or powerLossAfterMs");
        assertThatThrownBy(() -> FaultRequest.atFlashOp(0)).hasMessageContaining("powerLossAtFlashOp must be between 1");

        assertJson(new FaultState(FaultRequest.atFlashOp(37), 12, false, null),
                "{\"armed\":{\"powerLossAtFlashOp\":37},\"flashOps\":12,\"tripped\":false}");
        assertJson(new FaultState(FaultRequest.atFlashOp(37), 37, true, T),
                "{\"armed\":{\"powerLossAtFlashOp\":37},\"flashOps\":37,\"tripped\":true,"
                        + "\"trippedAt\":\"2025-06-01T10:15:30.123Z\"}");
        assertJson(FaultState.none(), "{\"flashOps\":0,\"tripped\":false}");
    }

    @Test
    void slotInfoLikeMcumgrImageList() throws Exception {
        SlotInfo primary = new SlotInfo(0, 0, "primary", 0x10028000L, false, "1.0.0", "5f1c00e2", true, true,
                false, true, true, false);
        assertJson(primary, "{\"image\":0,\"slot\":0,\"area\":\"primary\",\"address\":268599296,\"empty\":false,"
                + "\"version\":\"1.0.0\",\"hash\":\"5f1c00e2\",\"valid\":true,\"bootable\":true,\"pending\":false,"
                + "\"confirmed\":true,\"active\":true,\"permanent\":false}");
        SlotInfo empty = new SlotInfo(0, 1, "secondary", 0x18000200L, true, null, null, false, false, false, false,
                false, false);
        assertJson(empty, "{\"image\":0,\"slot\":1,\"area\":\"secondary\",\"address\":402653696,\"empty\":true,"
                + "\"valid\":false,\"bootable\":false,\"pending\":false,\"confirmed\":false,\"active\":false,"
                + "\"permanent\":false}");
        assertThat(MAPPER.readValue("[" + MAPPER.writeValueAsString(primary) + "]", SlotInfo[].class))
                .containsExactly(primary);
    }

    @Test
    void flashDumpIsBase64() throws Exception {
        byte[] magic = {0x3d, (byte) 0xb8, (byte) 0xf3, (byte) 0x96};
        FlashDump d = new FlashDump("primary", 0x10028000L, magic);
        assertJson(d, "{\"area\":\"primary\",\"address\":268599296,\"length\":4,\"data\":\"Pbjzlg==\"}");
        magic[0] = 0; // the record keeps its own copy
        assertThat(d.data()[0]).isEqualTo((byte) 0x3d);
        assertThatThrownBy(() -> read("{\"address\":0,\"length\":5,\"data\":\"Pbjzlg==\"}", FlashDump.class))
                .hasMessageContaining("length 5 differs from data length 4");
    }

    // errors

    @Test
    void problemIsRfc7807() throws Exception {
        assertJson(Problem.boardNotFound("kit-9").withInstance("/api/v1/boards/kit-9"),
                "{\"type\":\"https://otalab.dev/problems/board-not-found\",\"title\":\"Board not found\","
                        + "\"status\":404,\"detail\":\"no board 'kit-9'\",\"instance\":\"/api/v1/boards/kit-9\"}");
        assertJson(Problem.badRequest("pattern is required"),
                "{\"type\":\"https://otalab.dev/problems/bad-request\",\"title\":\"Bad request\",\"status\":400,"
                        + "\"detail\":\"pattern is required\"}");
        assertThat(Problem.capabilityMissing("k", "led").status()).isEqualTo(409);
        assertThat(ProblemTypes.status(ProblemTypes.HARDWARE_ERROR)).isEqualTo(502);
        assertThat(ProblemTypes.status(ProblemTypes.CONFLICT)).isEqualTo(409);
        assertThat(ProblemTypes.status("https://example.com/other")).isEqualTo(500);
        assertThat(Problem.forStatus(415, "x").type()).isEqualTo(ProblemTypes.UNSUPPORTED_MEDIA_TYPE);
        assertThat(Problem.forStatus(503, "x").type()).isEqualTo(ProblemTypes.INTERNAL_ERROR);
        assertThat(Problem.forStatus(503, "x").status()).isEqualTo(503);
        assertJson(Problem.forStatus(405, "POST not allowed"),
                "{\"type\":\"about:blank\",\"title\":\"HTTP 405\",\"status\":405,\"detail\":\"POST not allowed\"}");
    }

    @Test
    void badRequestDetailIsTheDtoMessageNotJacksonsWrapper() {
        Throwable wrapped = org.assertj.core.api.Assertions.catchThrowable(
                () -> read("{\"action\":\"reboot\"}", PowerRequest.class));
        assertThat(wrapped).isNotInstanceOf(IllegalArgumentException.class);
        assertThat(Problem.badRequest(wrapped).detail()).isEqualTo("action must be one of on|off|cycle, got 'reboot'");

        Throwable ctor = org.assertj.core.api.Assertions.catchThrowable(
                () -> read("{\"action\":\"off\",\"offMs\":1}", PowerRequest.class));
        assertThat(Problem.badRequest(ctor).detail()).isEqualTo("offMs only applies to action 'cycle', not 'off'");

        Throwable syntax = org.assertj.core.api.Assertions.catchThrowable(() -> read("{\"action\":", PowerRequest.class));
        assertThat(Problem.badRequest(syntax).detail()).doesNotContain("\n").isNotBlank();
        assertThat(Problem.badRequest(syntax).type()).isEqualTo(ProblemTypes.BAD_REQUEST);
    }
}
