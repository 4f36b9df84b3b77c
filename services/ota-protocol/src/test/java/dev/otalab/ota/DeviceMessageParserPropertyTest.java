package dev.otalab.ota;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Whatever arrives on the request topic, the server parser answers with a message or an
 * {@link OtaProtocolException}, never anything else; and it reads back whatever a device encodes.
 */
class DeviceMessageParserPropertyTest {

    private static final String PUNCTUATION = "{}[]\":,\\ 0-.e";

    private static final List<byte[]> SEEDS = List.of(
            DeviceMessageEncodingTest.UPDATE_AVAILABILITY.getBytes(StandardCharsets.US_ASCII),
            DeviceMessageEncodingTest.REQUEST_UPDATE.getBytes(StandardCharsets.US_ASCII),
            DeviceMessageEncodingTest.SUCCESS.getBytes(StandardCharsets.US_ASCII),
            new RequestDataChunk(DeviceIdentity.LIBRARY_DEFAULT, OtaVersion.of(1, 0, 0), "a/b/OTAImage/1", "", 4096, -1)
                    .toDeviceBytes());

    @Property(tries = 2000)
    void randomBytesOnlyEverGiveTheTypedError(@ForAll @Size(max = 600) byte[] bytes) {
        parseQuietly(bytes);
    }

    @Property(tries = 3000)
    void mutatedPayloadsOnlyEverGiveTheTypedError(@ForAll("mutated") byte[] bytes) {
        parseQuietly(bytes);
    }

    @Property(tries = 2000)
    void jsonLikeTextOnlyEverGivesTheTypedError(@ForAll("jsonish") String text) {
        parseQuietly(text.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 500)
    void parsesWhatTheDeviceEncodes(@ForAll("plain") String manufacturer, @ForAll("plain") String serial,
            @ForAll("topic") String topic, @ForAll("version") OtaVersion version) {
        DeviceIdentity id = new DeviceIdentity(manufacturer, "ID", "PID", serial, "BOARD");
        assertThat(DeviceMessageParser.parse(new UpdateAvailability(id, version, topic).toDeviceBytes()))
                .isEqualTo(new UpdateAvailability(id, version, topic));
        assertThat(DeviceMessageParser.parse(new RequestUpdate(id, version, topic).toDeviceBytes()))
                .isEqualTo(new RequestUpdate(id, version, topic));
        assertThat(DeviceMessageParser.parse(ResultMessage.failure(topic).toDeviceBytes()))
                .isEqualTo(ResultMessage.failure(topic));
        RequestDataChunk chunk = new RequestDataChunk(id, version, topic, "f.bin", 12288, 4096);
        assertThat(DeviceMessageParser.parse(chunk.toDeviceBytes())).isEqualTo(chunk);
    }

    private static void parseQuietly(byte[] bytes) {
        try {
            DeviceMessage m = DeviceMessageParser.parse(bytes);
            assertThat(m).isNotNull();
            assertThat(m.uniqueTopicName()).isNotEmpty();
        } catch (OtaProtocolException e) {
            assertThat(e.getMessage()).isNotBlank().doesNotContainPattern("[\\x00-\\x1F\\x7F]");
            assertThat(e.kind()).isNotNull();
        }
    }

    @Provide
    Arbitrary<byte[]> mutated() {
        Arbitrary<byte[]> seed = Arbitraries.of(SEEDS);
        return Combinators.combine(seed, Arbitraries.integers().between(1, 8), Arbitraries.longs())
                .as((s, n, salt) -> mutate(s, n, new java.util.Random(salt)));
    }

    private static byte[] mutate(byte[] seed, int mutations, java.util.Random r) {
        byte[] b = seed.clone();
        for (int i = 0; i < mutations; i++) {
            switch (r.nextInt(5)) {
                case 0 -> b[r.nextInt(b.length)] = (byte) r.nextInt(256);
                case 1 -> b[r.nextInt(b.length)] = (byte) PUNCTUATION.charAt(r.nextInt(PUNCTUATION.length()));
                case 2 -> b = java.util.Arrays.copyOf(b, Math.max(0, r.nextInt(b.length + 1)));
                case 3 -> {
                    int at = r.nextInt(b.length + 1);
                    byte[] c = new byte[b.length + 1];
                    System.arraycopy(b, 0, c, 0, at);
                    c[at] = (byte) r.nextInt(256);
                    System.arraycopy(b, at, c, at + 1, b.length - at);
                    b = c;
                }
                default -> {
                    if (b.length > 1) {
                        int at = r.nextInt(b.length);
                        byte[] c = new byte[b.length - 1];
                        System.arraycopy(b, 0, c, 0, at);
                        System.arraycopy(b, at + 1, c, at, b.length - at - 1);
                        b = c;
                    }
                }
            }
            if (b.length == 0) {
                break;
            }
        }
        return b;
    }

    @Provide
    Arbitrary<String> jsonish() {
        Arbitrary<String> token = Arbitraries.of("{", "}", "[", "]", ":", ",", "\"", "\"Message\"", "\"Success\"",
                "\"Failure\"", "\"Request Data Chunk\"", "\"UniqueTopicName\"", "\"t/o/p\"", "\"Offset\"", "\"Size\"",
                "\"Version\"", "\"1.0.0\"", "-1", "0", "1e999", "123456789012345678901234567890", "true", "null",
                " ", "\\", "\\u0000", "\u00e9", "\"Request Update\"", "\"Update Availability\"");
        return token.list().ofMaxSize(40).map(l -> String.join("", l));
    }

    @Provide
    Arbitrary<String> plain() {
        return Arbitraries.strings().withCharRange(' ', '~').excludeChars('"', '\\').ofMaxLength(30);
    }

    @Provide
    Arbitrary<String> topic() {
        return Arbitraries.strings().withCharRange(' ', '~').excludeChars('"', '\\', '+', '#').ofMinLength(1)
                .ofMaxLength(80);
    }

    @Provide
    Arbitrary<OtaVersion> version() {
        Arbitrary<Integer> part = Arbitraries.integers().between(0, 1_000_000);
        return Combinators.combine(part, part, part).as(OtaVersion::new);
    }
}
