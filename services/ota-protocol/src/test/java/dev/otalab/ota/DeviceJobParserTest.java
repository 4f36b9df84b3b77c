package dev.otalab.ota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The device's job parsing rules of §6.2, one by one. */
class DeviceJobParserTest {

    static final ServerEndpoint CURRENT = ServerEndpoint.mqtt("192.168.0.10", 8884);
    static final String BOARD = "APP_CY8CPROTO_062S2_43439";

    static DeviceJob parse(String doc) {
        return DeviceJobParser.parse(doc.getBytes(StandardCharsets.ISO_8859_1), CURRENT);
    }

    /** A minimal acceptable document plus {@code extra} pairs (each starting with ", "). */
    static String doc(String extra) {
        return "{\"Board\":\"" + BOARD + "\", \"Version\":\"2.0.0\"" + extra + "}";
    }

    @Test
    void readsThePublisherWireForm() {
        DeviceJob job = parse(JobDocumentTest.PUBLISHER_WIRE_FORM);
        assertThat(job.message()).isEqualTo("Update Available");
        assertThat(job.manufacturer()).isEqualTo("Infineon");
        assertThat(job.manufacturerId()).isEqualTo("ABCD123");
        assertThat(job.product()).isEqualTo("EFGH456");
        assertThat(job.serialNumber()).isEqualTo("ABC213450001");
        assertThat(job.board()).isEqualTo(BOARD);
        assertThat(job.versionText()).isEqualTo("1.0.0");
        assertThat(job.version()).isEqualTo(OtaVersion.of(1, 0, 0));
        assertThat(job.connection()).isEqualTo(ConnectionType.MQTT);
        assertThat(job.host()).isEqualTo("192.168.0.10");
        assertThat(job.port()).isEqualTo(8884);
        assertThat(job.uniqueTopicName()).isEqualTo(JobDocumentTest.TOPIC);
        assertThat(job.warnings()).isEmpty();
    }

    @Test
    void readsTheStoredCodeExampleFileWithItsNewlines() {
        String file = "{\n  \"Message\":\"Update Available\",\n  \"ManufacturerId\":\"ABCD123\",\n  \"Board\":\"" + BOARD
                + "\",\n  \"Version\":\"1.0.0\",\n  \"Connection\":\"MQTT\",\n  \"Broker\":\"192.168.0.10\",\n"
                + "  \"Port\":\"8884\",\n  \"UniqueTopicName\":\"replace\"\n}\n";
        DeviceJob job = parse(file);
        assertThat(job.manufacturerId()).isEqualTo("ABCD123");
        assertThat(job.uniqueTopicName()).isEqualTo("replace");
        assertThat(job.port()).isEqualTo(8884);
    }

    // Rule 1: the whole payload, at most 1023 bytes usable

    @Test
    void rule1_documentOfMoreThan1023BytesIsMalformed() {
        String base = doc(", \"Pad\":\"\"");
        String at1023 = base.replace("\"Pad\":\"\"", "\"Pad\":\"" + "p".repeat(1023 - base.length()) + "\"");
        assertThat(at1023).hasSize(1023);
        assertThat(parse(at1023).board()).isEqualTo(BOARD);
        malformed(at1023.replace("\"Pad\":\"", "\"Pad\":\"p"), "1024");
        malformed(at1023.replace("\"Pad\":\"", "\"Pad\":\"pp"), "1025 bytes");
    }

    @Test
    void rule1_aNulByteEndsTheDocument() {
        assertThat(parse(doc("") + "\0garbage{").board()).isEqualTo(BOARD);
        malformed("\0" + doc(""), "empty");
        malformed("", "empty");
    }

    // Rule 2: streaming tokenizer, raw strings, only string values used

    @Test
    void rule2_numberPortIsIgnored() {
        DeviceJob job = parse(doc(", \"Port\": 8883"));
        assertThat(job.port()).isEqualTo(CURRENT.port());
        assertThat(job.warnings()).anySatisfy(w -> assertThat(w).contains("Port").contains("number"));
        DeviceJob last = parse("{\"Board\":\"" + BOARD + "\", \"Port\": 1883}");
        assertThat(last.port()).isEqualTo(CURRENT.port());
    }

    @Test
    void rule2_booleansNullArraysAndObjectsAreIgnored() {
        DeviceJob job = parse(doc(", \"Broker\": null, \"Connection\": true, \"Message\": [\"Update Available\"], "
                + "\"File\": {\"x\": 1}"));
        assertThat(job.host()).isEqualTo(CURRENT.host());
        assertThat(job.connection()).isEqualTo(ConnectionType.MQTT);
        assertThat(job.message()).isEmpty();
        assertThat(job.file()).isEmpty();
        assertThat(job.warnings()).hasSize(5).last().asString().contains("'x'", "number");
        assertThat(parse("{\"Board\": [\"" + BOARD + "\"], \"Version\": \"2.0.0\"}").board()).isEmpty();
    }

    @Test
    void rule2_escapesAreKeptRaw() {
        assertThat(parse(doc(", \"Message\":\"say \\\"hi\\\"\"")).message()).isEqualTo("say \\\"hi\\\"");
        assertThat(parse(doc(", \"File\":\"\\u0041\\\\\"")).file()).isEqualTo("\\u0041\\\\");
        assertThat(parse("{\"Board\":\"APP\\u005fX\"}").board()).isEqualTo("APP\\u005fX");
    }

    @Test
    void rule2_pairsInsideNestedObjectsCount() {
        assertThat(parse(doc(", \"meta\": {\"Version\": \"9.0.0\"}")).version()).isEqualTo(OtaVersion.of(9, 0, 0));
    }

    @Test
    void rule2_syntaxErrorsAreMalformed() {
        malformed("\n" + doc(""), "start");
        malformed("x" + doc(""), "start");
        malformed(doc(",").replace(",}", ", }"), "key");
        malformed("{\"Board\":\"" + BOARD + "\",}", "key");
        malformed("{\"Board\":\"" + BOARD + "}", "unterminated");
        malformed("{\"Board\":\"" + BOARD + "\"", "ends");
        malformed(doc("") + " x", "after the document");
        malformed("{\"Board\"}", "':'");
        malformed("{\"Port\": 88a4}", "bad value");
        malformed("{\"Board\" \"x\"}", "':'");
        assertThat(parse("   " + doc("") + " \r\n\t").board()).isEqualTo(BOARD);
        assertThat(parse("[" + doc("") + "]").board()).isEqualTo(BOARD);
    }

    // Rule 3: truncation to the field buffers; unknown keys only warn

    @Test
    void rule3_overLongValuesAreTruncatedToTheBuffer() {
        DeviceJob job = parse(doc(", \"Message\":\"" + "m".repeat(40) + "\", \"ManufacturerID\":\"" + "i".repeat(16)
                + "\", \"Product\":\"" + "p".repeat(64) + "\", \"SerialNumber\":\"" + "s".repeat(33) + "\""));
        assertThat(job.message()).isEqualTo("m".repeat(31));
        assertThat(job.manufacturerId()).isEqualTo("i".repeat(16)); // exactly the buffer: no terminator on the device
        assertThat(job.product()).isEqualTo("p".repeat(64));
        assertThat(job.serialNumber()).isEqualTo("s".repeat(31));
        assertThat(job.warnings()).filteredOn(w -> w.contains("too long")).hasSize(2);
        assertThat(parse("{\"Board\":\"" + "B".repeat(60) + "\"}").board()).isEqualTo("B".repeat(47));
        assertThat(parse("{\"Broker\":\"" + "h".repeat(300) + "\"}").host()).isEqualTo("h".repeat(255));
    }

    @Test
    void rule3_truncatedVersionIsReadFromWhatWasKept() {
        DeviceJob job = parse("{\"Version\":\"1.2.3456789012345678\"}");
        assertThat(job.versionText()).isEqualTo("1.2.34567890123");
        // atoi clamps to INT_MAX, stored in 16 bits
        assertThat(job.version()).isEqualTo(OtaVersion.of(1, 2, 0xFFFF));
    }

    @Test
    void rule3_unknownKeysOnlyWarnAndKeysAreCaseInsensitiveWithExactLength() {
        DeviceJob job = parse("{\"bOaRd\":\"" + BOARD + "\", \"Boards\":\"x\", \"manufacturerid\":\"ID\", \"Vendor\":\"v\"}");
        assertThat(job.board()).isEqualTo(BOARD);
        assertThat(job.manufacturerId()).isEqualTo("ID");
        assertThat(job.warnings()).containsExactly("unknown field 'Boards'", "unknown field 'Vendor'");
    }

    @Test
    void rule3_aKeyLongerThan255BytesIsComparedOnItsLengthModulo256() {
        DeviceJob job = parse("{\"Version" + "x".repeat(256) + "\":\"3.0.0\"}");
        assertThat(job.version()).isEqualTo(OtaVersion.of(3, 0, 0));
    }

    @Test
    void rule3_aRepeatedKeyOverwritesOnlyTheNewLength() {
        assertThat(parse("{\"Board\":\"APP_LONGNAME\", \"Board\":\"X\"}").board()).isEqualTo("XPP_LONGNAME");
        assertThat(parse("{\"Version\":\"1.2.3\", \"Version\":\"9\"}").version()).isEqualTo(OtaVersion.of(9, 2, 3));
        assertThat(parse("{\"Broker\":\"long.host\", \"Broker\":\"h\"}").host()).isEqualTo("h");
        assertThat(parse("{\"Broker\":\"h\", \"Broker\":\"\"}").host()).isEqualTo("h");
    }

    // Rule 4: Version

    @Test
    void rule4_missingVersionIs000() {
        assertThat(parse("{\"Board\":\"" + BOARD + "\"}").version()).isEqualTo(OtaVersion.ZERO);
        assertThat(parse("{\"Message\":\"No Update Available\"}").version()).isEqualTo(OtaVersion.ZERO);
    }

    @Test
    void rule4_versionWithoutDotsWarnsAndKeepsTheLeadingNumber() {
        // The device's callback returns "malformed" here, but cy_JSON_parser ignores callback results.
        DeviceJob major = parse(doc("").replace("2.0.0", "3"));
        assertThat(major.version()).isEqualTo(OtaVersion.of(3, 0, 0));
        assertThat(major.warnings()).anySatisfy(w -> assertThat(w).contains("bad Version"));
        assertThat(parse("{\"Version\":\"1.2\"}").version()).isEqualTo(OtaVersion.of(1, 2, 0));
        assertThat(parse("{\"Version\":\"abc\"}").version()).isEqualTo(OtaVersion.ZERO);
    }

    @Test
    void rule4_versionPartsAreAtoiInSixteenBits() {
        assertThat(parse("{\"Version\":\" 1.+2.3rc1\"}").version()).isEqualTo(OtaVersion.of(1, 2, 3));
        assertThat(parse("{\"Version\":\"65537.0.-1\"}").version()).isEqualTo(OtaVersion.of(1, 0, 65535));
        assertThat(parse("{\"Version\":\"1.2.3.4\"}").version()).isEqualTo(OtaVersion.of(1, 2, 3));
    }

    // Connection and Port reading

    @Test
    void connectionIsACaseInsensitivePrefixMatch() {
        assertThat(parse("{\"Connection\":\"mqtt\"}").connection()).isEqualTo(ConnectionType.MQTT);
        assertThat(parse("{\"Connection\":\"\"}").connection()).isEqualTo(ConnectionType.MQTT);
        assertThat(parse("{\"Connection\":\"Http\"}").connection()).isEqualTo(ConnectionType.HTTP);
        assertThat(parse("{\"Connection\":\"H\"}").connection()).isEqualTo(ConnectionType.HTTP);
        assertThat(parse("{\"Connection\":\"HTTPS\"}").connection()).isEqualTo(ConnectionType.HTTPS);
        DeviceJob unknown = parse("{\"Connection\":\"MQTTS\"}");
        assertThat(unknown.connection()).isEqualTo(CURRENT.type());
        assertThat(unknown.warnings()).anySatisfy(w -> assertThat(w).contains("Connection"));
    }

    @Test
    void portIsAtoiInSixteenBits() {
        assertThat(parse("{\"Port\":\"\"}").port()).isZero();
        assertThat(parse("{\"Port\":\" 1883\"}").port()).isEqualTo(1883);
        assertThat(parse("{\"Port\":\"8883x\"}").port()).isEqualTo(8883);
        assertThat(parse("{\"Port\":\"abc\"}").port()).isZero();
        assertThat(parse("{\"Port\":\"-1\"}").port()).isEqualTo(65535);
        assertThat(parse("{\"Port\":\"70000\"}").port()).isEqualTo(70000 & 0xFFFF);
    }

    @Test
    void absentConnectionFieldsKeepTheCurrentServer() {
        DeviceJob job = parse(doc(""));
        assertThat(job.connection()).isEqualTo(ConnectionType.MQTT);
        assertThat(job.host()).isEqualTo(CURRENT.host());
        assertThat(job.port()).isEqualTo(CURRENT.port());
    }

    private static void malformed(String doc, String messagePart) {
        assertThatThrownBy(() -> parse(doc)).isInstanceOf(OtaProtocolException.class)
                .hasMessageContaining(messagePart)
                .extracting(e -> ((OtaProtocolException) e).kind())
                .isEqualTo(OtaProtocolException.Kind.MALFORMED_JOB_DOCUMENT);
    }
}
