package dev.otalab.ota;

import static org.assertj.core.api.Assertions.assertThat;

import dev.otalab.ota.DeviceJobRules.Outcome;
import dev.otalab.ota.DeviceJobRules.Verdict;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.GenerationMode;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The device's decisions on a job document: §6.2.5 version, §6.2.6 board, §6.2.7 server. */
class DeviceJobRulesTest {

    private static final ServerEndpoint CURRENT = DeviceJobParserTest.CURRENT;
    private static final String BOARD = DeviceJobParserTest.BOARD;

    private static Verdict evaluate(String doc, OtaVersion app) {
        return DeviceJobRules.evaluate(doc.getBytes(StandardCharsets.ISO_8859_1), app, BOARD, CURRENT);
    }

    private static String job(String version, String extra) {
        return "{\"Board\":\"" + BOARD + "\", \"Version\":\"" + version + "\"" + extra + "}";
    }

    @Test
    void versionMustBeStrictlyNewer() {
        OtaVersion app = OtaVersion.of(1, 2, 3);
        assertThat(evaluate(job("1.2.3", ""), app).outcome()).isEqualTo(Outcome.VERSION_NOT_NEWER);
        assertThat(evaluate(job("1.2.2", ""), app).outcome()).isEqualTo(Outcome.VERSION_NOT_NEWER);
        assertThat(evaluate(job("1.1.9", ""), app).outcome()).isEqualTo(Outcome.VERSION_NOT_NEWER);
        assertThat(evaluate(job("0.9.9", ""), app).outcome()).isEqualTo(Outcome.VERSION_NOT_NEWER);
        assertThat(evaluate(job("1.2.4", ""), app).outcome()).isEqualTo(Outcome.SAME_SERVER);
        assertThat(evaluate(job("1.3.0", ""), app).outcome()).isEqualTo(Outcome.SAME_SERVER);
        assertThat(evaluate(job("2.0.0", ""), app).outcome()).isEqualTo(Outcome.SAME_SERVER);
        assertThat(evaluate(job("2.0.0", ""), app).reason()).contains("same server");
    }

    @Property(generation = GenerationMode.EXHAUSTIVE)
    void newerIsStrictLexicographicOrder(@ForAll @IntRange(max = 3) int a1, @ForAll @IntRange(max = 3) int a2,
            @ForAll @IntRange(max = 3) int a3, @ForAll @IntRange(max = 3) int b1, @ForAll @IntRange(max = 3) int b2,
            @ForAll @IntRange(max = 3) int b3) {
        OtaVersion app = OtaVersion.of(a1, a2, a3);
        OtaVersion job = OtaVersion.of(b1, b2, b3);
        assertThat(DeviceJobRules.isNewer(app, job)).isEqualTo(job.compareTo(app) > 0);
    }

    @Test
    void missingVersionAndNoUpdateAvailableAreRejectedAsVersion000() {
        assertThat(evaluate("{\"Board\":\"" + BOARD + "\"}", OtaVersion.ZERO).outcome())
                .isEqualTo(Outcome.VERSION_NOT_NEWER);
        assertThat(evaluate(JobDocument.noUpdateAvailable(JobDocumentTest.TOPIC).toString(), OtaVersion.of(1, 0, 0))
                .outcome()).isEqualTo(Outcome.VERSION_NOT_NEWER);
    }

    @Test
    void versionWithoutDotsIsNotMalformedOnTheDevice() {
        Verdict v = evaluate(job("2", ""), OtaVersion.of(1, 0, 0));
        assertThat(v.outcome()).isEqualTo(Outcome.SAME_SERVER);
        assertThat(v.job().version()).isEqualTo(OtaVersion.of(2, 0, 0));
    }

    @Test
    void versionIsCheckedBeforeBoard() {
        Verdict v = evaluate("{\"Board\":\"OTHER\", \"Version\":\"1.0.0\"}", OtaVersion.of(1, 0, 0));
        assertThat(v.outcome()).isEqualTo(Outcome.VERSION_NOT_NEWER);
    }

    @Test
    void boardMustMatchExactly() {
        OtaVersion app = OtaVersion.of(1, 0, 0);
        assertThat(evaluate(job("2.0.0", "").replace(BOARD, BOARD.toLowerCase()), app).outcome())
                .isEqualTo(Outcome.WRONG_BOARD);
        assertThat(evaluate(job("2.0.0", "").replace(BOARD, "CY8CPROTO_062S2_43439"), app).outcome())
                .isEqualTo(Outcome.WRONG_BOARD);
        assertThat(evaluate(job("2.0.0", "").replace(BOARD, BOARD + " "), app).outcome())
                .isEqualTo(Outcome.WRONG_BOARD);
        assertThat(evaluate("{\"Version\":\"2.0.0\"}", app).outcome()).isEqualTo(Outcome.WRONG_BOARD);
        assertThat(DeviceJobRules.boardMatches(BOARD, BOARD)).isTrue();
        assertThat(DeviceJobRules.boardMatches("", BOARD)).isFalse();
    }

    @Test
    void malformedDocumentsAreReportedNotThrown() {
        Verdict v = evaluate("{\"Board\":", OtaVersion.ZERO);
        assertThat(v.outcome()).isEqualTo(Outcome.MALFORMED);
        assertThat(v.job()).isNull();
        assertThat(v.outcome().accepted()).isFalse();
    }

    @Test
    void emptyOrEqualBrokerAndPortKeepTheCurrentServer() {
        OtaVersion app = OtaVersion.of(1, 0, 0);
        for (String extra : new String[] {"", ", \"Broker\":\"\", \"Port\":\"\"", ", \"Broker\":\"192.168.0.10\", \"Port\":\"8884\"",
                ", \"Port\":\"0\"", ", \"Connection\":\"MQTT\", \"Broker\":\"\"", ", \"Port\": 1883",
                ", \"Server\":\"192.168.0.10\""}) {
            Verdict v = evaluate(job("2.0.0", extra), app);
            assertThat(v.outcome()).as(extra).isEqualTo(Outcome.SAME_SERVER);
            assertThat(v.dataServer()).as(extra).isEqualTo(CURRENT);
        }
    }

    @Test
    void anotherBrokerOrPortSwitchesTheDataPhase() {
        OtaVersion app = OtaVersion.of(1, 0, 0);
        Verdict host = evaluate(job("2.0.0", ", \"Broker\":\"broker.local\""), app);
        assertThat(host.outcome()).isEqualTo(Outcome.SWITCH_SERVER);
        assertThat(host.dataServer()).isEqualTo(ServerEndpoint.mqtt("broker.local", 8884));
        assertThat(host.dataServer().tls()).isTrue();

        Verdict plain = evaluate(job("2.0.0", ", \"Port\":\"1883\""), app);
        assertThat(plain.dataServer()).isEqualTo(ServerEndpoint.mqtt("192.168.0.10", 1883));
        assertThat(plain.dataServer().tls()).isFalse();

        Verdict tls = evaluate(job("2.0.0", ", \"Broker\":\"192.168.0.10\", \"Port\":\"8883\""), app);
        assertThat(tls.outcome()).isEqualTo(Outcome.SWITCH_SERVER);
        assertThat(tls.dataServer().tls()).isTrue();

        // the device's quirk: a new host with an empty Port goes to port 0 (and TLS, since 0 != 1883)
        Verdict portZero = evaluate(job("2.0.0", ", \"Broker\":\"other\", \"Port\":\"\""), app);
        assertThat(portZero.dataServer()).isEqualTo(ServerEndpoint.mqtt("other", 0));
        assertThat(portZero.dataServer().tls()).isTrue();

        Verdict http = evaluate(job("2.0.0", ", \"Connection\":\"HTTP\""), app);
        assertThat(http.outcome()).isEqualTo(Outcome.SWITCH_SERVER);
        assertThat(http.dataServer().type()).isEqualTo(ConnectionType.HTTP);
        assertThat(http.dataServer().tls()).isFalse();
    }

    @Test
    void unusualPortOnTheSameServerIsOnlyLogged() {
        ServerEndpoint odd = ServerEndpoint.mqtt("h", 1234);
        Verdict v = DeviceJobRules.evaluate(job("2.0.0", "").getBytes(StandardCharsets.US_ASCII), OtaVersion.ZERO,
                BOARD, odd);
        assertThat(v.outcome()).isEqualTo(Outcome.SAME_SERVER);
        assertThat(v.reason()).contains("Check Job Doc for correct MQTT Port: 1234");
    }

    @Test
    void theServersDocumentIsAcceptedByTheDevice() {
        JobDocument doc = JobDocumentTest.codeExample().version(OtaVersion.of(1, 1, 0)).build();
        Verdict v = DeviceJobRules.evaluate(doc.toBytes(), OtaVersion.of(1, 0, 0), BOARD, CURRENT);
        assertThat(v.outcome()).isEqualTo(Outcome.SAME_SERVER);
        assertThat(v.job().warnings()).isEmpty();
    }
}
