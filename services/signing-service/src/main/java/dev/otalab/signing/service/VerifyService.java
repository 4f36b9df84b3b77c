package dev.otalab.signing.service;

import dev.otalab.mcuboot.verify.ImageVerifier;
import dev.otalab.mcuboot.verify.VerifyResult;
import dev.otalab.mcuboot.verify.VerifyStatus;
import dev.otalab.signing.config.SigningConfig;
import dev.otalab.signing.mapping.ProblemType;
import dev.otalab.signing.mapping.SignOptionsMapper.InputFormat;
import dev.otalab.signing.mapping.VerifyResponse;
import dev.otalab.signing.model.SigningKey;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code imgtool verify} against the key directory. With a key id, exactly that key is used;
 * without, the hash is checked first and then every key that can verify, in id order, until one
 * signature holds. Blocking (CPU): call it from a worker thread.
 */
@ApplicationScoped
public class VerifyService {

    private final KeyRegistry keys;
    private final SigningConfig config;
    private final MeterRegistry meters;

    public VerifyService(KeyRegistry keys, SigningConfig config, MeterRegistry meters) {
        this.keys = keys;
        this.config = config;
        this.meters = meters;
    }

    /**
     * @throws ProblemException 400 bad-image (empty upload, malformed Intel HEX), 404 unknown-key,
     *                          409 no-keys / key-unavailable
     */
    public VerifyResponse verify(String fileName, byte[] raw, String keyId) {
        List<SigningKey> candidates;
        if (keyId != null && !keyId.isBlank()) {
            SigningKey key = keys.get(keyId);
            if (!key.canVerify()) {
                throw new ProblemException(ProblemType.KEY_UNAVAILABLE,
                        "key '" + keyId + "' is a " + key.key().type().cliName() + " key, which cannot verify");
            }
            candidates = List.of(key);
        } else {
            candidates = keys.all().stream().filter(SigningKey::canVerify).toList();
        }
        ImageInput input = ImageInput.decode(fileName, raw, InputFormat.AUTO, config.maxSlotSize().asLongValue());
        VerifyResponse response = verify(input.bytes(), candidates, keyId != null && !keyId.isBlank());
        meters.counter("otalab.verifications", "status", response.status()).increment();
        return response;
    }

    private static VerifyResponse verify(byte[] image, List<SigningKey> candidates, boolean explicit) {
        List<String> tried = new ArrayList<>();
        if (!explicit) {
            VerifyResult hashOnly = ImageVerifier.verify(image, null);
            if (!hashOnly.ok()) {
                return response(hashOnly, null, tried);
            }
        }
        VerifyResult last = null;
        for (SigningKey key : candidates) {
            tried.add(key.id());
            VerifyResult result = ImageVerifier.verify(image, key.key());
            if (result.ok()) {
                return response(result, key, tried);
            }
            last = result;
        }
        if (explicit && last != null) {
            return response(last, null, tried);
        }
        return new VerifyResponse(false, VerifyStatus.INVALID_SIGNATURE.name(),
                List.of(VerifyStatus.INVALID_SIGNATURE.message()), null, null, null, null, tried);
    }

    private static VerifyResponse response(VerifyResult r, SigningKey key, List<String> tried) {
        return new VerifyResponse(r.ok(), r.status().name(), r.lines(),
                r.version() == null ? null : r.version().toString(),
                r.digest() == null ? null : HexFormat.of().formatHex(r.digest()),
                key == null ? null : key.id(), key == null ? null : key.key().type().cliName(), List.copyOf(tried));
    }
}
