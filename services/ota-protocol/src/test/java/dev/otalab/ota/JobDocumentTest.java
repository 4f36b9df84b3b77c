package dev.otalab.ota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** The server's job document wire form (§6.1, §6.3). */
class JobDocumentTest {

    static final String TOPIC = DeviceMessageEncodingTest.TOPIC;

    /** §6.3: the sample publisher's wire form of the CE's ota_update.json, 340 bytes. */
    static final String PUBLISHER_WIRE_FORM = "{\"Message\": \"Update Available\", \"Manufacturer\": \"Infineon\", "
            + "\"ManufacturerId\": \"ABCD123\", \"Product\": \"EFGH456\", \"SerialNumber\": \"ABC213450001\", "
            + "\"Board\": \"APP_CY8CPROTO_062S2_43439\", \"Version\": \"1.0.0\", \"Connection\": \"MQTT\", "
            + "\"Broker\": \"192.168.0.10\", \"Port\": \"8884\", "
            + "\"UniqueTopicName\": \"MyUniqueTopic/APP_CY8CPROTO_062S2_43439/OTAImage/4660\"}";

    static JobDocument.Builder codeExample() {
        return JobDocument.updateAvailable().manufacturer("Infineon").manufacturerId("ABCD123").product("EFGH456")
                .serialNumber("ABC213450001").board("APP_CY8CPROTO_062S2_43439").version(OtaVersion.of(1, 0, 0))
                .broker("192.168.0.10").port(8884).uniqueTopicName(TOPIC);
    }

    @Test
    void reproducesThe340BytePublisherWireForm() {
        byte[] bytes = codeExample().build().toBytes();
        assertThat(bytes).hasSize(340).isEqualTo(PUBLISHER_WIRE_FORM.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void keepsTheLibrarySamplesKeyOrderForHttpJobs() {
        JobDocument http = JobDocument.builder().message(JobDocument.UPDATE_AVAILABLE)
                .uniqueTopicName("replace").file("/ota-update.bin").port(80).server("10.0.0.88")
                .connection(ConnectionType.HTTP).version(OtaVersion.of(1, 6, 0)).board("CY8CPROTO_062_4343W")
                .build();
        assertThat(http.toString()).isEqualTo("{\"Message\": \"Update Available\", \"Board\": \"CY8CPROTO_062_4343W\", "
                + "\"Version\": \"1.6.0\", \"Connection\": \"HTTP\", \"Server\": \"10.0.0.88\", \"Port\": \"80\", "
                + "\"File\": \"/ota-update.bin\", \"UniqueTopicName\": \"replace\"}");
    }

    @Test
    void emptyBrokerAndPortMeanStayOnTheCurrentBroker() {
        JobDocument stay = JobDocument.updateAvailable().board("B").version(OtaVersion.of(2, 0, 0)).broker("")
                .port("").build();
        assertThat(stay.toString()).isEqualTo("{\"Message\": \"Update Available\", \"Board\": \"B\", \"Version\": \"2.0.0\", "
                + "\"Connection\": \"MQTT\", \"Broker\": \"\", \"Port\": \"\"}");
    }

    @Test
    void noUpdateAvailableForm() {
        assertThat(JobDocument.noUpdateAvailable(TOPIC).toString())
                .isEqualTo("{\"Message\": \"No Update Available\", \"UniqueTopicName\": \"" + TOPIC + "\"}");
        assertThat(JobDocument.noUpdateAvailable(null).toString()).isEqualTo("{\"Message\": \"No Update Available\"}");
    }

    @Test
    void aTemplateIsAnsweredPerRequestWithTheDevicesTopic() {
        JobDocument template = codeExample().uniqueTopicName(null).build();
        assertThat(template.withUniqueTopicName(TOPIC).toString()).isEqualTo(PUBLISHER_WIRE_FORM);
    }

    @Test
    void refusesWhatTheDeviceCannotReadRatherThanEscaping() {
        invalid(() -> codeExample().board("APP_\u00e9").build(), "printable ASCII");
        invalid(() -> codeExample().manufacturer("Acme \"Inc\"").build(), "escape");
        invalid(() -> codeExample().product("a\\b").build(), "escape");
        invalid(() -> codeExample().serialNumber("a\nb").build(), "printable ASCII");
        invalid(() -> codeExample().message("tab\there").build(), "printable ASCII");
        invalid(() -> codeExample().broker("h\u0000").build(), "printable ASCII");
        invalid(() -> codeExample().uniqueTopicName("topic/\u2603").build(), "printable ASCII");
    }

    @Test
    void refusesValuesTheDeviceWouldTruncate() {
        assertThat(codeExample().board("B".repeat(47)).build().board()).hasSize(47);
        invalid(() -> codeExample().board("B".repeat(48)).build(), "at most 47");
        invalid(() -> codeExample().manufacturerId("M".repeat(16)).build(), "at most 15");
        assertThat(codeExample().version(OtaVersion.of(65535, 65535, 655)).build().version()).isNotNull();
        invalid(() -> codeExample().version(OtaVersion.of(65535, 65535, 6553)).build(), "Version is 16 characters");
        invalid(() -> codeExample().broker("h".repeat(256)).build(), "at most 255");
        invalid(() -> codeExample().uniqueTopicName("t".repeat(256)).build(), "at most 255");
        assertThatThrownBy(() -> codeExample().version(OtaVersion.of(1, 0, 65536)).build())
                .isInstanceOf(OtaProtocolException.class).hasMessageContaining("65535")
                .extracting(e -> ((OtaProtocolException) e).kind()).isEqualTo(OtaProtocolException.Kind.INVALID_VERSION);
    }

    @Test
    void refusesAmbiguousOrUnreadableConnectionFields() {
        invalid(() -> codeExample().server("10.0.0.1").build(), "not both");
        invalid(() -> codeExample().port("88a4").build(), "Port");
        invalid(() -> codeExample().port("70000").build(), "Port");
        invalid(() -> codeExample().port("-1").build(), "Port");
        assertThatThrownBy(() -> codeExample().port(65536)).isInstanceOf(OtaProtocolException.class);
        assertThat(codeExample().port("0").build().port()).isEqualTo("0");
    }

    @Test
    void exactly1023BytesPassAnd1024Fail() {
        JobDocument.Builder b = JobDocument.builder().manufacturer("M".repeat(63)).product("P".repeat(63))
                .broker("b".repeat(255)).file("/" + "f".repeat(254)).board("B".repeat(47));
        int used = b.uniqueTopicName("").build().toBytes().length;
        int topicLength = 1023 - used;
        assertThat(topicLength).isBetween(1, 254);
        assertThat(b.uniqueTopicName("t".repeat(topicLength)).build().toBytes()).hasSize(1023);
        assertThatThrownBy(() -> b.uniqueTopicName("t".repeat(topicLength + 1)).build())
                .isInstanceOf(OtaProtocolException.class).hasMessageContaining("1024 bytes")
                .extracting(e -> ((OtaProtocolException) e).kind())
                .isEqualTo(OtaProtocolException.Kind.JOB_DOCUMENT_TOO_LARGE);
    }

    private static void invalid(ThrowingCallable call, String messagePart) {
        assertThatThrownBy(call).isInstanceOf(OtaProtocolException.class).hasMessageContaining(messagePart)
                .extracting(e -> ((OtaProtocolException) e).kind())
                .isEqualTo(OtaProtocolException.Kind.INVALID_JOB_DOCUMENT);
    }
}
