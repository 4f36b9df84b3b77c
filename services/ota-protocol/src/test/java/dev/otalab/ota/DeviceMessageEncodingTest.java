package dev.otalab.ota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The device's byte-exact request payloads (§5.1). */
class DeviceMessageEncodingTest {

    static final String TOPIC = "MyUniqueTopic/APP_CY8CPROTO_062S2_43439/OTAImage/4660";

    static final String UPDATE_AVAILABILITY = "{\"Message\":\"Update Availability\", \"Manufacturer\": \"Infineon\", "
            + "\"ManufacturerID\": \"ABCD123\", \"ProductID\": \"EFGH456\", \"SerialNumber\": \"ABC213450001\", "
            + "\"BoardName\": \"CY8CPROTO_062_4343W\", \"Version\": \"1.0.0\", "
            + "\"UniqueTopicName\": \"MyUniqueTopic/APP_CY8CPROTO_062S2_43439/OTAImage/4660\"}";

    static final String REQUEST_UPDATE = UPDATE_AVAILABILITY.replace("\"Message\":\"Update Availability\"",
            "\"Message\":\"Request Update\"");

    static final String SUCCESS =
            "{\"Message\":\"Success\", \"UniqueTopicName\": \"MyUniqueTopic/APP_CY8CPROTO_062S2_43439/OTAImage/4660\"}";

    @Test
    void updateAvailabilityIsThe278ByteCodeExamplePayload() {
        byte[] bytes = new UpdateAvailability(DeviceIdentity.CODE_EXAMPLE, OtaVersion.of(1, 0, 0), TOPIC).toDeviceBytes();
        assertThat(bytes).hasSize(278).isEqualTo(UPDATE_AVAILABILITY.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void requestUpdateIsThe273ByteCodeExamplePayload() {
        byte[] bytes = new RequestUpdate(DeviceIdentity.CODE_EXAMPLE, OtaVersion.of(1, 0, 0), TOPIC).toDeviceBytes();
        assertThat(bytes).hasSize(273).isEqualTo(REQUEST_UPDATE.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void resultMessagesAre97And97Bytes() {
        assertThat(ResultMessage.success(TOPIC).toDeviceBytes()).hasSize(97)
                .isEqualTo(SUCCESS.getBytes(StandardCharsets.US_ASCII));
        assertThat(new String(ResultMessage.failure(TOPIC).toDeviceBytes(), StandardCharsets.US_ASCII))
                .isEqualTo(SUCCESS.replace("Success", "Failure"));
    }

    @Test
    void requestDataChunkFollowsTheLibraryTemplate() {
        RequestDataChunk first = new RequestDataChunk(DeviceIdentity.LIBRARY_DEFAULT, OtaVersion.of(1, 0, 0), TOPIC, "",
                0, 4096);
        assertThat(new String(first.toDeviceBytes(), StandardCharsets.US_ASCII)).isEqualTo(
                "{\"Message\":\"Request Data Chunk\", \"Manufacturer\": \"Express Widgits Corporation\", "
                        + "\"ManufacturerID\": \"EWCO\", \"ProductID\": \"Easy Widgit\", \"SerialNumber\": \"ABC213450001\", "
                        + "\"BoardName\": \"CY8CPROTO_062_4343W\", \"Version\": \"1.0.0\", \"UniqueTopicName\": \"" + TOPIC
                        + "\", \"Filename\": \"\", \"Offset\": \"0\", \"Size\": \"4096\"}");
        RequestDataChunk rest = new RequestDataChunk(DeviceIdentity.LIBRARY_DEFAULT, OtaVersion.of(1, 0, 0), TOPIC, "",
                299008, -1);
        assertThat(new String(rest.toDeviceBytes(), StandardCharsets.US_ASCII))
                .endsWith("\"Offset\": \"299008\", \"Size\": \"-1\"}");
        assertThat(rest.restOfFile()).isTrue();
        assertThat(first.restOfFile()).isFalse();
    }

    @Test
    void insertedStringsAreNotEscaped() {
        String odd = "a\"b\\c";
        assertThat(new String(ResultMessage.success(odd).toDeviceBytes(), StandardCharsets.UTF_8))
                .isEqualTo("{\"Message\":\"Success\", \"UniqueTopicName\": \"a\"b\\c\"}");
    }

    @Test
    void aMessageBeyondTheDevicesBufferIsNotSent() {
        String topic1023 = "t".repeat(1023 - SUCCESS.length() + TOPIC.length());
        assertThat(ResultMessage.success(topic1023).toDeviceBytes()).hasSize(1023);
        assertThatThrownBy(() -> ResultMessage.success(topic1023 + "t").toDeviceBytes())
                .isInstanceOf(OtaProtocolException.class)
                .extracting(e -> ((OtaProtocolException) e).kind())
                .isEqualTo(OtaProtocolException.Kind.MESSAGE_TOO_LARGE);
    }
}
