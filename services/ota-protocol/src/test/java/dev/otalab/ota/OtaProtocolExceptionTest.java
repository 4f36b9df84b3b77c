package dev.otalab.ota;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OtaProtocolExceptionTest {

    @Test
    void messagesAreOnePrintableLine() {
        OtaProtocolException e = new OtaProtocolException(OtaProtocolException.Kind.MALFORMED_MESSAGE,
                "bad\r\nthing\u0000here\tand\u007f");
        assertThat(e.getMessage()).isEqualTo("bad thing\\x00here\\x09and\\x7F");
        assertThat(e.kind()).isEqualTo(OtaProtocolException.Kind.MALFORMED_MESSAGE);
    }

    @Test
    void quotedInputIsShortened() {
        assertThat(OtaProtocolException.quote("x".repeat(100))).hasSize(63).endsWith("…'");
        assertThat(OtaProtocolException.quote(null)).isEqualTo("null");
    }

    @Test
    void parserMessagesAboutControlCharactersStayPrintable() {
        try {
            DeviceMessageParser.parse("{\"Message\":\"Suc\u0001cess\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (OtaProtocolException e) {
            assertThat(e.getMessage()).doesNotContain("\u0001").doesNotContain("\n");
            return;
        }
        throw new AssertionError("expected an OtaProtocolException");
    }
}
