package dev.otalab.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CStringTest {

    /** A real certificate (openssl req -x509, EC P-256), 11 PEM lines with a short last base64 line. */
    static final String KNOWN_PEM = """
            -----BEGIN CERTIFICATE-----
            MIIBpzCCAU2gAwIBAgIUBxA8XYNN8K1B1LPzfUK9Ned6ALUwCgYIKoZIzj0EAwIw
            KTEPMA0GA1UECgwGb3RhbGFiMRYwFAYDVQQDDA1rbm93biB0ZXN0IENBMB4XDTI2
            MTEyMjAyMDEyOVoXDTM2MTExOTAyMDEyOVowKTEPMA0GA1UECgwGb3RhbGFiMRYw
            FAYDVQQDDA1rbm93biB0ZXN0IENBMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE
            KGT5aySPLswLHAWalE7KD1aVCm2eKkbTXv3++TVuH5nlOxpQlh7iAkvPpdroRoXS
            5O8Ir6cjfqGLJFynob7pZ6NTMFEwHQYDVR0OBBYEFIrY2Flx9oVzxakQ3b8Z9nrG
            Pk32MB8GA1UdIwQYMBaAFIrY2Flx9oVzxakQ3b8Z9nrGPk32MA8GA1UdEwEB/wQF
            MAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIhAKzQjTo5khBisYZPMdcZmtDT0GFsUKPJ
            zz72/LxicH8bAiBROYIMRhIVGpssjM1ZLfRhW421l+5AAGswu4EB83KKGg==
            -----END CERTIFICATE-----
            """;

    /** Layout of Infineon's format_cert_key.py output: "<line>\n" then a backslash, none after the last. */
    static final String KNOWN_C_STRING = """
            "-----BEGIN CERTIFICATE-----\\n"\\
            "MIIBpzCCAU2gAwIBAgIUBxA8XYNN8K1B1LPzfUK9Ned6ALUwCgYIKoZIzj0EAwIw\\n"\\
            "KTEPMA0GA1UECgwGb3RhbGFiMRYwFAYDVQQDDA1rbm93biB0ZXN0IENBMB4XDTI2\\n"\\
            "MTEyMjAyMDEyOVoXDTM2MTExOTAyMDEyOVowKTEPMA0GA1UECgwGb3RhbGFiMRYw\\n"\\
            "FAYDVQQDDA1rbm93biB0ZXN0IENBMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\\n"\\
            "KGT5aySPLswLHAWalE7KD1aVCm2eKkbTXv3++TVuH5nlOxpQlh7iAkvPpdroRoXS\\n"\\
            "5O8Ir6cjfqGLJFynob7pZ6NTMFEwHQYDVR0OBBYEFIrY2Flx9oVzxakQ3b8Z9nrG\\n"\\
            "Pk32MB8GA1UdIwQYMBaAFIrY2Flx9oVzxakQ3b8Z9nrGPk32MA8GA1UdEwEB/wQF\\n"\\
            "MAMBAf8wCgYIKoZIzj0EAwIDSAAwRQIhAKzQjTo5khBisYZPMdcZmtDT0GFsUKPJ\\n"\\
            "zz72/LxicH8bAiBROYIMRhIVGpssjM1ZLfRhW421l+5AAGswu4EB83KKGg==\\n"\\
            "-----END CERTIFICATE-----\\n"
            """;

    @Test
    void knownPemHasTheInfineonLayout() {
        assertThat(CString.of(KNOWN_PEM)).isEqualTo(KNOWN_C_STRING);
    }

    @Test
    void firstAndLastLinesExactly() {
        String[] lines = CString.of(KNOWN_PEM).split("\n");
        assertThat(lines[0]).isEqualTo("\"-----BEGIN CERTIFICATE-----\\n\"\\");
        assertThat(lines[lines.length - 1]).isEqualTo("\"-----END CERTIFICATE-----\\n\"");
        assertThat(lines).hasSize(11);
    }

    @Test
    void crlfAndMissingFinalNewlineMakeTheSameLiteral() {
        String crlf = KNOWN_PEM.replace("\n", "\r\n");
        assertThat(CString.of(crlf)).isEqualTo(KNOWN_C_STRING);
        assertThat(CString.of(KNOWN_PEM.stripTrailing())).isEqualTo(KNOWN_C_STRING);
    }

    @Test
    void defineMakesAMacroForOtaAppConfig() {
        assertThat(CString.define("ROOT_CA_CERTIFICATE", KNOWN_PEM))
                .isEqualTo("#define ROOT_CA_CERTIFICATE \\\n" + KNOWN_C_STRING);
        assertThatThrownBy(() -> CString.define("ROOT CA", KNOWN_PEM)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void literalConcatenatesBackToThePem() {
        // What the C compiler does with adjacent literals: drop quotes, continuations and line breaks.
        String c = CString.of(KNOWN_PEM);
        String concatenated = c.replace("\"\\\n", "").replace("\"\n", "").replace("\"", "").replace("\\n", "\n");
        assertThat(concatenated).isEqualTo(KNOWN_PEM);
    }

    @Test
    void quotesAndBackslashesAreEscapedControlCharactersRefused() {
        assertThat(CString.of("say \"hi\" C:\\x\n")).isEqualTo("\"say \\\"hi\\\" C:\\\\x\\n\"\n");
        assertThatThrownBy(() -> CString.of("bell\u0007\n")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("U+0007");
        assertThatThrownBy(() -> CString.of("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void generatedCredentialsConvertLineForLine() {
        CertificateAuthority ca = CertificateAuthority.create("otalab CA", KeyType.EC_P256,
                CertificateAuthority.DEFAULT_CA_VALIDITY);
        String pem = ca.certificatePem();
        String c = CString.of(pem);
        assertThat(c.lines()).hasSize((int) pem.lines().count());
        assertThat(c.lines().limit(pem.lines().count() - 1)).allSatisfy(l -> assertThat(l).endsWith("\\n\"\\"));
        String key = ca.credential().privateKeyPem();
        assertThat(CString.of(key)).startsWith("\"-----BEGIN PRIVATE KEY-----\\n\"\\\n")
                .endsWith("\"-----END PRIVATE KEY-----\\n\"\n");
    }
}
