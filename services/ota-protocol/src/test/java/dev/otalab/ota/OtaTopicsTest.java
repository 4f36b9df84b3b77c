package dev.otalab.ota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OtaTopicsTest {

    private final OtaTopics ce = new OtaTopics("MyUniqueTopic", "APP_CY8CPROTO_062S2_43439");

    @Test
    void buildsTheThreeTopicsOfTheCodeExample() {
        assertThat(ce.requestTopic()).isEqualTo("MyUniqueTopic/APP_CY8CPROTO_062S2_43439/publish_notify");
        assertThat(ce.appTopic()).isEqualTo("MyUniqueTopic/APP_CY8CPROTO_062S2_43439/OTAImage");
        assertThat(ce.uniqueTopic(4660)).isEqualTo("MyUniqueTopic/APP_CY8CPROTO_062S2_43439/OTAImage/4660");
        assertThat(ce.uniqueTopic(0)).endsWith("/OTAImage/0");
        assertThat(ce.uniqueTopic(65535)).endsWith("/OTAImage/65535");
        assertThat(ce.uniqueTopicForTick(0x12345678L)).endsWith("/OTAImage/" + 0x5678);
        assertThatThrownBy(() -> ce.uniqueTopic(65536)).isInstanceOf(OtaProtocolException.class);
        assertThatThrownBy(() -> ce.uniqueTopic(-1)).isInstanceOf(OtaProtocolException.class);
    }

    @Test
    void willIsTheDevicesLiteral() {
        assertThat(OtaTopics.WILL_TOPIC).isEqualTo("cy_ota_device/will");
        assertThat(OtaTopics.WILL_PAYLOAD.getBytes(StandardCharsets.US_ASCII)).hasSize(36);
    }

    @Test
    void readsPrependAndBoardFromARequestTopic() {
        assertThat(OtaTopics.fromRequestTopic("MyUniqueTopic/APP_CY8CPROTO_062S2_43439/publish_notify")).isEqualTo(ce);
        assertThat(OtaTopics.fromRequestTopic("acme/ota/APP_X/publish_notify"))
                .isEqualTo(new OtaTopics("acme/ota", "APP_X"));
        for (String bad : new String[] {"MyUniqueTopic/publish_notify", "/publish_notify", "a//publish_notify",
                "a/b/publish_notifyx", "a/b/OTAImage", "", "a/+/publish_notify"}) {
            assertThatThrownBy(() -> OtaTopics.fromRequestTopic(bad)).as(bad).isInstanceOf(OtaProtocolException.class);
        }
        assertThatThrownBy(() -> OtaTopics.fromRequestTopic(null)).isInstanceOf(OtaProtocolException.class);
        assertThat(OtaTopics.requestTopicFilter("MyUniqueTopic")).isEqualTo("MyUniqueTopic/+/publish_notify");
    }

    @Test
    void checksThatAUniqueTopicBelongsToTheBoard() {
        assertThat(ce.requireUniqueTopic("MyUniqueTopic/APP_CY8CPROTO_062S2_43439/OTAImage/4660")).isEqualTo(4660);
        assertThat(ce.isUniqueTopic("MyUniqueTopic/APP_CY8CPROTO_062S2_43439/OTAImage/0")).isTrue();
        for (String bad : new String[] {"MyUniqueTopic/APP_CY8CPROTO_062S2_43439/OTAImage/04660",
                "MyUniqueTopic/APP_CY8CPROTO_062S2_43439/OTAImage/65536",
                "MyUniqueTopic/APP_CY8CPROTO_062S2_43439/OTAImage/",
                "MyUniqueTopic/APP_CY8CPROTO_062S2_43439/OTAImage",
                "MyUniqueTopic/APP_CY8CPROTO_062S2_43439/OTAImage/12a",
                "MyUniqueTopic/APP_CY8CPROTO_062S2_43439/OTAImage/-1",
                "MyUniqueTopic/APP_CY8CPROTO_062S2_43439/OTAImage/1/2",
                "MyUniqueTopic/APP_CY8CPROTO_062_4343W/OTAImage/4660",
                "OTAUpdate/APP_CY8CPROTO_062S2_43439/OTAImage/4660"}) {
            assertThat(ce.isUniqueTopic(bad)).as(bad).isFalse();
            assertThatThrownBy(() -> ce.requireUniqueTopic(bad)).isInstanceOf(OtaProtocolException.class)
                    .extracting(e -> ((OtaProtocolException) e).kind()).isEqualTo(OtaProtocolException.Kind.INVALID_TOPIC);
        }
        assertThat(ce.isUniqueTopic(null)).isFalse();
    }

    @Test
    void refusesNamesTheDeviceCouldNotUse() {
        assertThatThrownBy(() -> new OtaTopics("a", "b/c")).isInstanceOf(OtaProtocolException.class);
        assertThatThrownBy(() -> new OtaTopics("a#", "b")).isInstanceOf(OtaProtocolException.class);
        assertThatThrownBy(() -> new OtaTopics("", "b")).isInstanceOf(OtaProtocolException.class);
        assertThatThrownBy(() -> new OtaTopics("a", null)).isInstanceOf(OtaProtocolException.class);
        // "<prepend>/<board>/OTAImage/65535" must fit the device's 255-character topic buffer
        String board = "B".repeat(255 - "p//OTAImage/65535".length());
        assertThat(new OtaTopics("p", board).uniqueTopic(65535)).hasSize(255);
        assertThatThrownBy(() -> new OtaTopics("p", board + "B")).isInstanceOf(OtaProtocolException.class)
                .hasMessageContaining("255");
    }
}
