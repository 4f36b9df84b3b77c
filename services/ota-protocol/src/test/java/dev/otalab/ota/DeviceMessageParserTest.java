package dev.otalab.ota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The server's lenient reading of device messages (§5.1, §12). */
class DeviceMessageParserTest {

    private static final String TOPIC = DeviceMessageEncodingTest.TOPIC;

    private static DeviceMessage parse(String text) {
        return DeviceMessageParser.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheCodeExamplePayloads() {
        assertThat(parse(DeviceMessageEncodingTest.UPDATE_AVAILABILITY))
                .isEqualTo(new UpdateAvailability(DeviceIdentity.CODE_EXAMPLE, OtaVersion.of(1, 0, 0), TOPIC));
        assertThat(parse(DeviceMessageEncodingTest.REQUEST_UPDATE))
                .isEqualTo(new RequestUpdate(DeviceIdentity.CODE_EXAMPLE, OtaVersion.of(1, 0, 0), TOPIC));
        assertThat(parse(DeviceMessageEncodingTest.SUCCESS)).isEqualTo(ResultMessage.success(TOPIC));
        assertThat(parse(DeviceMessageEncodingTest.SUCCESS.replace("Success", "Failure")))
                .isEqualTo(ResultMessage.failure(TOPIC));
    }

    @Test
    void acceptsBothManufacturerIdSpellingsAndAnyKeyCase() {
        String lowerId = DeviceMessageEncodingTest.UPDATE_AVAILABILITY.replace("ManufacturerID", "ManufacturerId");
        assertThat(((UpdateAvailability) parse(lowerId)).identity().manufacturerId()).isEqualTo("ABCD123");
        String shouting = "{\"MESSAGE\": \"Request Update\", \"manufacturerid\": \"X\", \"version\": \"2.3.4\", "
                + "\"uniquetopicname\": \"" + TOPIC + "\", \"BOARDNAME\": \"B\"}";
        RequestUpdate r = (RequestUpdate) parse(shouting);
        assertThat(r.identity()).isEqualTo(new DeviceIdentity(null, "X", null, null, "B"));
        assertThat(r.version()).isEqualTo(OtaVersion.of(2, 3, 4));
        assertThat(r.uniqueTopicName()).isEqualTo(TOPIC);
    }

    @Test
    void ignoresUnknownKeysWhiteSpaceAndMessageCase() {
        String text = "\n{ \"Message\" : \" update availability \", \"Extra\": [1, {\"x\": null}], \"Version\": \"1.0.0\","
                + " \"UniqueTopicName\": \"" + TOPIC + "\" }\n";
        assertThat(parse(text)).isInstanceOf(UpdateAvailability.class);
        assertThat(DeviceMessageParser.parse(("\uFEFF" + DeviceMessageEncodingTest.SUCCESS).getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(ResultMessage.success(TOPIC));
    }

    @Test
    void requestDataChunkTakesStringsOrIntegersAndSizeAtMostZeroMeansRestOfFile() {
        String head = "{\"Message\":\"Request Data Chunk\", \"Version\": \"1.0.0\", \"UniqueTopicName\": \"" + TOPIC + "\"";
        RequestDataChunk a = (RequestDataChunk) parse(head + ", \"Filename\": \"\", \"Offset\": \"8192\", \"Size\": \"4096\"}");
        assertThat(a.offset()).isEqualTo(8192);
        assertThat(a.size()).isEqualTo(4096);
        assertThat(a.filename()).isEmpty();
        assertThat(a.restOfFile()).isFalse();
        RequestDataChunk b = (RequestDataChunk) parse(head + ", \"Offset\": 4096, \"Size\": -1}");
        assertThat(b.offset()).isEqualTo(4096);
        assertThat(b.restOfFile()).isTrue();
        assertThat(((RequestDataChunk) parse(head + ", \"Offset\": \"0\", \"Size\": \"0\"}")).restOfFile()).isTrue();
        assertThat(((RequestDataChunk) parse(head + ", \"Offset\": \"0\"}")).restOfFile()).isTrue();
        assertThat(((RequestDataChunk) parse(head + ", \"Offset\": \" 12 \"}")).offset()).isEqualTo(12);
    }

    @Test
    void everyBadInputIsATypedOneLineError() {
        String ok = DeviceMessageEncodingTest.UPDATE_AVAILABILITY;
        List<String> bad = List.of(
                "",
                " ",
                "null",
                "[]",
                "\"Update Availability\"",
                "42",
                "{",
                "{\"Message\":\"Success\"",
                ok + "x",
                ok + ok,
                ok.replace("\"Message\":\"Update Availability\", ", ""),
                ok.replace("Update Availability", "Update Availabilities"),
                ok.replace("\"UniqueTopicName\": \"" + TOPIC + "\"", "\"Unique\": \"x\""),
                ok.replace("\"" + TOPIC + "\"", "\"\""),
                ok.replace("\"" + TOPIC + "\"", "42"),
                ok.replace("\"" + TOPIC + "\"", "\"a/+/b\""),
                ok.replace("\"" + TOPIC + "\"", "\"a/#\""),
                ok.replace("\"" + TOPIC + "\"", "\"a\\u0000b\""),
                ok.replace("\"" + TOPIC + "\"", "null"),
                ok.replace("\"1.0.0\"", "\"1.0\""),
                ok.replace("\"1.0.0\"", "1.0"),
                ok.replace("\"Version\": \"1.0.0\", ", ""),
                ok.replace("\"ABCD123\"", "123"),
                ok.replace("\"ABCD123\"", "{}"),
                ok.replace("\"Update Availability\"", "[\"Update Availability\"]"),
                ok.replace("\"SerialNumber\"", "\"serialnumber\", \"SerialNumber\": \"x\", \"SERIALNUMBER\""),
                "{\"Message\":\"Success\", \"Message\":\"Failure\", \"UniqueTopicName\": \"t\"}",
                "{\"Message\":\"Request Data Chunk\", \"Version\": \"1.0.0\", \"UniqueTopicName\": \"t\"}",
                "{\"Message\":\"Request Data Chunk\", \"Version\": \"1.0.0\", \"UniqueTopicName\": \"t\", \"Offset\": \"x\"}",
                "{\"Message\":\"Request Data Chunk\", \"Version\": \"1.0.0\", \"UniqueTopicName\": \"t\", \"Offset\": 1.5}",
                "{\"Message\":\"Request Data Chunk\", \"Version\": \"1.0.0\", \"UniqueTopicName\": \"t\", \"Offset\": \"99999999999999999999\"}",
                "{\"Message\":\"Send Direct Update\", \"Version\": \"1.0.0\", \"UniqueTopicName\": \"t\"}",
                "{\"Message\":\"Success\", \"UniqueTopicName\": \"t\"} trailing",
                "{'Message':'Success', 'UniqueTopicName': 't'}",
                "[".repeat(3000) + "]".repeat(1000),
                "{\"a\":".repeat(1300) + "1" + "}".repeat(1300));
        for (String text : bad) {
            assertThatThrownBy(() -> parse(text)).as(text.length() > 80 ? text.substring(0, 80) : text)
                    .isInstanceOf(OtaProtocolException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n").isNotBlank());
        }
    }

    @Test
    void binaryHugeAndNonUtf8PayloadsAreTypedErrors() {
        byte[] latin1 = "{\"Message\":\"Success\", \"UniqueTopicName\": \"t\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        byte[] utf16 = DeviceMessageEncodingTest.SUCCESS.getBytes(StandardCharsets.UTF_16);
        byte[] huge = (DeviceMessageEncodingTest.SUCCESS + " ".repeat(5000)).getBytes(StandardCharsets.US_ASCII);
        byte[] binary = {0, (byte) 0xFF, 0x7B, 0x22, 0x00, (byte) 0xC3};
        for (byte[] bytes : List.of(latin1, utf16, huge, binary, new byte[0])) {
            assertThatThrownBy(() -> DeviceMessageParser.parse(bytes)).isInstanceOf(OtaProtocolException.class)
                    .extracting(e -> ((OtaProtocolException) e).kind())
                    .isEqualTo(OtaProtocolException.Kind.MALFORMED_MESSAGE);
        }
        assertThatThrownBy(() -> DeviceMessageParser.parse(null)).isInstanceOf(OtaProtocolException.class);
        assertThat(DeviceMessageParser.parse(
                "{\"Message\":\"Success\", \"UniqueTopicName\": \"t\u00e9\"}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(ResultMessage.success("t\u00e9"));
    }

    @Test
    void sendDirectUpdateIsReportedAsUnsupported() {
        assertThatThrownBy(() -> parse("{\"Message\":\"Send Direct Update\", \"Version\": \"1.0.0\"}"))
                .isInstanceOf(OtaProtocolException.class);
        assertThatThrownBy(() -> parse("{\"Message\":\"Send Direct Update\", \"UniqueTopicName\": \"t\"}"))
                .extracting(e -> ((OtaProtocolException) e).kind())
                .isEqualTo(OtaProtocolException.Kind.UNSUPPORTED_MESSAGE);
    }
}
