package dev.otalab.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ServerNamesTest {

    @Test
    void ipLiteralsAreParsedNotResolved() {
        assertThat(ServerNames.parseIp("192.168.1.10").getHostAddress()).isEqualTo("192.168.1.10");
        assertThat(ServerNames.parseIp("::1").getAddress()).hasSize(16);
        assertThat(ServerNames.parseIp("[fe80::1]").getAddress()).hasSize(16);
        assertThat(ServerNames.parseIp(" 10.0.0.1 ").getHostAddress()).isEqualTo("10.0.0.1");
    }

    @Test
    void badIpsAreRefusedWithAHint() {
        assertThatThrownBy(() -> ServerNames.parseIp("IP:192.168.1.10"))
                .hasMessage("not an IP address: 'IP:192.168.1.10' (give the bare address, without 'IP:')");
        assertThatThrownBy(() -> ServerNames.parseIp("localhost"))
                .hasMessage("not an IP address: 'localhost' (a host name is a DNS entry)");
        assertThatThrownBy(() -> ServerNames.parseIp("300.1.1.1")).hasMessage("not an IP address: '300.1.1.1'");
        assertThatThrownBy(() -> ServerNames.parseIp("1.2.3")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ServerNames.parseIp("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dnsNamesAreCheckedAndLowerCased() {
        assertThat(ServerNames.checkDnsName("Mqtt.Lab.example")).isEqualTo("mqtt.lab.example");
        assertThat(ServerNames.checkDnsName("mosquitto_server")).isEqualTo("mosquitto_server");
        assertThat(ServerNames.checkDnsName("*.lab.example")).isEqualTo("*.lab.example");
        assertThat(ServerNames.checkDnsName("localhost.")).isEqualTo("localhost");
        for (String bad : List.of("", "a..b", "-a", "a b", "a/b", "*", "x.*.y", "a".repeat(64))) {
            assertThatThrownBy(() -> ServerNames.checkDnsName(bad)).hasMessageStartingWith("not a DNS name");
        }
        assertThatThrownBy(() -> ServerNames.checkDnsName("127.0.0.1")).hasMessageContaining("give it as an IP entry");
        assertThatThrownBy(() -> ServerNames.checkDnsName("IP:127.0.0.1")).hasMessageContaining("give it as an IP entry");
    }

    @Test
    void aServerNeedsAtLeastOneName() {
        assertThatThrownBy(() -> ServerNames.of(List.of(), List.of())).hasMessageContaining("at least one");
    }
}
