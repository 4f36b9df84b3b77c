package dev.otalab.emulator.ota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.otalab.ota.DeviceIdentity;
import dev.otalab.ota.ServerEndpoint;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class OtaConfigTest {

    static final Path CA = Path.of("ca.crt");

    @Test
    void defaultsAreTheCodeExamplesAndKitFillsBoardAndIdentifier() {
        OtaConfig c = OtaConfig.builder().broker("10.0.0.5", 8883).caCertificate(CA).build();
        assertThat(c.prepend()).isEqualTo("MyUniqueTopic");
        assertThat(c.identity()).isEqualTo(DeviceIdentity.CODE_EXAMPLE);
        assertThat(c.timers()).isEqualTo(OtaTimers.ce());
        assertThat(c.timers().initialCheckMs()).isEqualTo(10_000);
        assertThat(c.timers().dataTimeoutMs()).isEqualTo(300_000);
        assertThat(c.verifyHostname()).isTrue();

        OtaConfig k = c.forKit("rack-3.kit-0042-with-a-long-name", "CY8CPROTO-062S2-43439");
        assertThat(k.board()).isEqualTo("APP_CY8CPROTO_062S2_43439");
        assertThat(k.clientIdentifier()).isEqualTo("rack-3.kit-0042-wi").hasSize(18);
        assertThat(k.clientId(0x1_2345L)).isEqualTo("rack-3.kit-0042-wi" + 0x2345);
        assertThat(k.clientId(0xFFFF)).endsWith("65535");

        OtaConfig set = c.toBuilder().board("APP_X").clientIdentifier("CY_IOT_DEVICE").build().forKit("kit", "K-1");
        assertThat(set.board()).isEqualTo("APP_X");
        assertThat(set.clientId(51234)).isEqualTo("CY_IOT_DEVICE51234");
        assertThat(c.toBuilder().clientIdentifier("").build().clientId(7)).isEqualTo("cy_device7");
    }

    @Test
    void tlsIffThePortIsNot1883UnlessOverridden() {
        OtaConfig plain = OtaConfig.builder().broker("h", 1883).build();
        assertThat(plain.tlsFor(plain.server())).isFalse();
        assertThat(plain.tlsFor(ServerEndpoint.mqtt("other", 8884))).isTrue();
        assertThatThrownBy(() -> OtaConfig.builder().broker("h", 8884).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("caCertificate");
        OtaConfig forced = OtaConfig.builder().broker("h", 41883).tls(false).build();
        assertThat(forced.tlsFor(forced.server())).isFalse();
    }

    @Test
    void badSettingsAreRefused() {
        assertThatThrownBy(() -> OtaConfig.builder().broker("h", 8883).caCertificate(CA)
                .clientCertificate(Path.of("c.crt"), null).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("both");
        assertThatThrownBy(() -> OtaConfig.builder().broker("h", 0).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OtaConfig.builder().broker("h", 1883).board("APP/X").build())
                .hasMessageContaining("board");
        assertThatThrownBy(() -> OtaConfig.builder().broker("h", 1883).prepend("a/+").build())
                .hasMessageContaining("prepend");
        assertThatThrownBy(() -> OtaTimers.builder().jobWaitMs(0).build()).hasMessageContaining("jobWaitMs");
        assertThatThrownBy(() -> OtaConfig.builder().broker("h", 1883)
                .identity(new DeviceIdentity("I", null, "P", "S", "B")).build())
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void toStringHidesThePassword() {
        OtaConfig c = OtaConfig.builder().broker("h", 1883).credentials("user", "s3cret").build();
        assertThat(c.toString()).doesNotContain("s3cret");
    }

    @Test
    void jobDocumentsAreShownAsOnePrintableLine() {
        assertThat(OtaAgent.printable("{\"a\":\"b\"}\r\n\u0000".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)))
                .isEqualTo("{\"a\":\"b\"}\\x0D\\x0A\\x00");
    }
}
