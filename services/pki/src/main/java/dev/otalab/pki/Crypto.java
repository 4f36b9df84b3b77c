package dev.otalab.pki;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** One Bouncy Castle provider instance for the library, never registered globally. */
final class Crypto {

    /*
     * Bouncy Castle rather than SunEC for key generation: its PKCS#8 EC keys carry the curve and the
     * public point, as OpenSSL writes them, so every consumer (mbedTLS, OpenSSL, Java) reads them alike.
     */
    static final Provider PROVIDER = new BouncyCastleProvider();

    private Crypto() {
    }
}
