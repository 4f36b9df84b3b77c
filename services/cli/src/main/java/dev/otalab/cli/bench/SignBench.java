package dev.otalab.cli.bench;

import dev.otalab.cli.BasedInt;
import dev.otalab.mcuboot.keys.McubootKey;
import dev.otalab.mcuboot.sign.ImageSigner;
import dev.otalab.mcuboot.sign.SignOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Signs the same payload repeatedly in a warm JVM, as a signing service would, and reports
 * the rate. The last line is {@code images/s N}.
 */
@Command(name = "sign", mixinStandardHelpOptions = true,
        description = "Signing rate in a warm JVM (pad-header, pad to the slot, confirm).")
public final class SignBench implements Callable<Integer> {

    @Option(names = "--key", required = true, paramLabel = "K", description = "PEM private key")
    Path key;
    @Option(names = "--size", required = true, converter = BasedInt.class, paramLabel = "BYTES",
            description = "payload size")
    long size;
    @Option(names = "--seconds", defaultValue = "5", paramLabel = "S", description = "measuring time (default 5)")
    double seconds;
    @Option(names = "--threads", defaultValue = "1", paramLabel = "N",
            description = "concurrent signers, as a service signing parallel requests (default 1)")
    int threads;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (size <= 0 || size > 64L << 20) {
            throw new IllegalArgumentException("--size must be between 1 and 64 MiB");
        }
        if (seconds <= 0) {
            throw new IllegalArgumentException("--seconds must be positive");
        }
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("--threads must be between 1 and 256");
        }
        byte[] payload = new byte[(int) size];
        new Random(42).nextBytes(payload);
        McubootKey signingKey = McubootKey.read(key, null);
        long slot = Long.highestOneBit(size + 0x400 + 0x4000) << 1;
        SignOptions options = SignOptions.builder().version("1.2.3").headerSize(0x400).padHeader(true)
                .slotSize(slot).confirm(true).key(signingKey).build();
        PrintWriter out = spec.commandLine().getOut();
        out.printf("key %s, payload %d bytes, slot 0x%x, %d thread(s), %.1f s%n", signingKey.type().cliName(), size,
                slot, threads, seconds);
        out.flush();

        runConcurrently(payload, options, Math.max(0.5, seconds / 5)); // warm-up: JIT and intrinsics
        long start = System.nanoTime();
        long images = runConcurrently(payload, options, seconds);
        double elapsed = (System.nanoTime() - start) / 1e9;
        double rate = images / elapsed;
        out.printf("signed %d images in %.2f s, %.1f MB/s of payload%n", images, elapsed, rate * size / 1e6);
        out.printf("images/s %.1f%n", rate);
        return 0;
    }

    private long runConcurrently(byte[] payload, SignOptions options, double secs) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Long>> counts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                counts.add(pool.submit(() -> run(payload, options, secs)));
            }
            long total = 0;
            for (Future<Long> count : counts) {
                total += count.get();
            }
            return total;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static long run(byte[] payload, SignOptions options, double seconds) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        long count = 0;
        do {
            ImageSigner.sign(payload, null, options).toBinary();
            count++;
        } while (System.nanoTime() < deadline);
        return count;
    }
}
