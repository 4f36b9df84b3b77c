package dev.otalab.cli.bench;

import dev.otalab.mcuboot.keys.KeyType;
import dev.otalab.mcuboot.keys.McubootKey;
import dev.otalab.mcuboot.sign.ImageSigner;
import dev.otalab.mcuboot.sign.SignOptions;
import dev.otalab.mcuboot.verify.ImageVerifier;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH view of signing ({@code ./otalab bench jmh SignBenchmark}): sign and verify next to a
 * plain SHA-256 of the same payload, the floor of the work.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class SignBenchmark {

    @Param({"262144", "1048576"})
    int size;

    @Param({"ECDSA_P256", "ED25519"})
    KeyType keyType;

    private byte[] payload;
    private SignOptions options;
    private byte[] signed;
    private McubootKey key;

    @Setup
    public void setUp() {
        payload = new byte[size];
        new Random(7).nextBytes(payload);
        key = McubootKey.generate(keyType);
        options = SignOptions.builder().version("1.2.3").headerSize(0x400).padHeader(true)
                .slotSize(Long.highestOneBit(size + 0x4400L) << 1).confirm(true).key(key).build();
        signed = ImageSigner.sign(payload, null, options).toBinary();
    }

    @Benchmark
    public byte[] sign() {
        return ImageSigner.sign(payload, null, options).toBinary();
    }

    @Benchmark
    public boolean verify() {
        return ImageVerifier.verify(signed, key).ok();
    }

    @Benchmark
    public byte[] sha256() throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(payload);
    }
}
