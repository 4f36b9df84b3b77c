package dev.otalab.ota;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever job document the server can build, the device reads back exactly, without warnings. */
class JobDocumentRoundTripPropertyTest {

    @Property(tries = 1000)
    void deviceReadsBackWhatTheServerWrites(@ForAll("text47") String board, @ForAll("version") OtaVersion version,
            @ForAll("text255") String broker, @ForAll("port") int port, @ForAll("text31") String serial,
            @ForAll("text255") String topic, @ForAll ConnectionType connection) {
        JobDocument doc;
        try {
            doc = JobDocument.updateAvailable().board(board).version(version).broker(broker).port(port)
                    .serialNumber(serial).uniqueTopicName(topic).connection(connection).build();
        } catch (OtaProtocolException tooLarge) {
            assertThat(tooLarge.kind()).as(tooLarge.getMessage()).isEqualTo(OtaProtocolException.Kind.JOB_DOCUMENT_TOO_LARGE);
            return;
        }
        assertThat(doc.toBytes().length).isLessThan(1024);
        DeviceJob job = DeviceJobParser.parse(doc.toBytes(), ServerEndpoint.mqtt("current", 1883));
        assertThat(job.board()).isEqualTo(board);
        assertThat(job.version()).isEqualTo(version);
        assertThat(job.host()).isEqualTo(broker.isEmpty() ? "current" : broker);
        assertThat(job.port()).isEqualTo(port);
        assertThat(job.serialNumber()).isEqualTo(serial);
        assertThat(job.uniqueTopicName()).isEqualTo(topic);
        assertThat(job.connection()).isEqualTo(connection);
        assertThat(job.message()).isEqualTo(JobDocument.UPDATE_AVAILABLE);
        assertThat(job.warnings()).isEmpty();
    }

    @Provide
    Arbitrary<String> text47() {
        return ascii(47);
    }

    @Provide
    Arbitrary<String> text31() {
        return ascii(31);
    }

    @Provide
    Arbitrary<String> text255() {
        return ascii(255);
    }

    @Provide
    Arbitrary<Integer> port() {
        return Arbitraries.integers().between(0, 65535);
    }

    @Provide
    Arbitrary<OtaVersion> version() {
        // the device's Version buffer keeps 15 characters, so 65535.65535.65535 cannot be sent
        Arbitrary<Integer> part = Arbitraries.integers().between(0, 65535);
        return Combinators.combine(part, part, part).as(OtaVersion::new).filter(v -> v.toString().length() <= 15);
    }

    private static Arbitrary<String> ascii(int max) {
        return Arbitraries.strings().withCharRange(' ', '~').excludeChars('"', '\\').ofMaxLength(max);
    }
}
