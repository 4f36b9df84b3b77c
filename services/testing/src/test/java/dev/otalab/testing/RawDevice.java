package dev.otalab.testing;

import dev.otalab.pki.Credential;
import dev.otalab.pki.Pem;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A device connection made by hand over mutual TLS: CONNECT with the Infineon OTA agent's will
 * (topic {@code cy_ota_device/will}, QoS 1), then the TCP connection is dropped without DISCONNECT,
 * which is what makes the broker publish the will.
 */
final class RawDevice implements AutoCloseable {

    static final String WILL_TOPIC = "cy_ota_device/will";
    static final String WILL_MESSAGE = "MQTT demo unexpectedly disconnected.";

    private final SSLSocket socket;

    private RawDevice(SSLSocket socket) {
        this.socket = socket;
    }

    static RawDevice connect(MosquittoBroker broker, String cn, String clientId) throws Exception {
        Credential credential = broker.clientCredential(cn);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("device", credential.privateKey(), new char[0], new Certificate[] {credential.certificate()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, new char[0]);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", Pem.readCertificate(broker.caCertificate()));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLSv1.2"); // what the kits' mbedTLS speaks
        tls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(MosquittoBroker.HOST, broker.mutualTlsPort());
        SSLParameters params = socket.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(params);
        socket.setSoTimeout(10_000);
        socket.startHandshake();

        socket.getOutputStream().write(connectPacket(clientId));
        socket.getOutputStream().flush();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        byte[] connack = new byte[4];
        in.readFully(connack);
        if (connack[0] != 0x20 || connack[1] != 2 || connack[3] != 0) {
            socket.close();
            throw new IOException("CONNACK refused: return code " + connack[3]);
        }
        return new RawDevice(socket);
    }

    /** MQTT 3.1.1 CONNECT: clean session, will QoS 1 not retained, keep-alive 60 s. */
    static byte[] connectPacket(String clientId) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        writeString(body, "MQTT");
        body.write(4);                 // protocol level 3.1.1
        body.write(0x02 | 0x04 | 0x08); // clean session, will flag, will QoS 1
        body.write(0);
        body.write(60);
        writeString(body, clientId);
        writeString(body, WILL_TOPIC);
        writeString(body, WILL_MESSAGE);
        ByteArrayOutputStream packet = new ByteArrayOutputStream();
        packet.write(0x10);
        int length = body.size();
        do {
            int digit = length % 128;
            length /= 128;
            packet.write(length > 0 ? digit | 0x80 : digit);
        } while (length > 0);
        packet.writeBytes(body.toByteArray());
        return packet.toByteArray();
    }

    private static void writeString(ByteArrayOutputStream out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.write(bytes.length >> 8);
        out.write(bytes.length & 0xff);
        out.writeBytes(bytes);
    }

    /** Drops the connection the way a kit losing Wi-Fi or power does: no DISCONNECT packet. */
    void dropWithoutDisconnect() throws IOException {
        socket.setSoLinger(true, 0); // RST, no TLS close_notify either
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
