package dev.otalab.emulator.flash.bench;

import dev.otalab.emulator.flash.FlashAddressSpace;
import dev.otalab.emulator.flash.FlashDevice;
import dev.otalab.emulator.flash.FlashParts;
import dev.otalab.emulator.flash.PowerFailInjector;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Heap cost of the sparse flash model: N kits (2 MB internal + 32 MB QSPI each) each holding a
 * 256 KB image written in 1 KB chunks, plus a small trailer write. A command, not a test:
 *
 * <pre>
 * mvn -B -q -o -pl emulator/kit test-compile
 * java -Xmx1g -XX:+UseSerialGC -cp emulator/kit/target/classes:emulator/kit/target/test-classes \
 *     dev.otalab.emulator.flash.bench.FlashHeapBench [internal|qspi|both] [kits]
 * </pre>
 */
public final class FlashHeapBench {

    private FlashHeapBench() {
    }

    private static long usedHeap() throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    public static void main(String[] args) throws InterruptedException {
        String where = args.length > 0 ? args[0] : "internal";
        int kits = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int image = 256 * 1024;
        byte[] img = new byte[image];
        new Random(1).nextBytes(img);

        long before = usedHeap();
        List<FlashAddressSpace> all = new ArrayList<>(kits);
        long estimate = 0;
        for (int k = 0; k < kits; k++) {
            PowerFailInjector power = new PowerFailInjector();
            FlashAddressSpace space = new FlashAddressSpace()
                    .map(FlashParts.PSOC6_INTERNAL_BASE, new FlashDevice("internal", FlashParts.psoc6Internal2M(), power))
                    .map(FlashParts.QSPI_BASE, new FlashDevice("qspi", FlashParts.s25hs256t(), power));
            for (int off = 0; off < image; off += 1024) {
                if (!where.equals("qspi")) {
                    space.write(0x1001_8000L + off, img, off, 1024);
                }
                if (!where.equals("internal")) {
                    space.write(0x1800_0000L + off, img, off, 1024);
                }
            }
            space.write(0x1001_8000L + 0x50000 - 0x200, new byte[16]);
            estimate += space.usedBytes();
            all.add(space);
        }
        long after = usedHeap();
        long written = (long) kits * image * (where.equals("both") ? 2 : 1);
        System.out.printf("image in %s, %d kits: heap %.1f MB (usedBytes() estimate %.1f MB) for %.1f MB written"
                        + " = %.3f heap bytes per written byte%n",
                where, all.size(), (after - before) / 1048576.0, estimate / 1048576.0, written / 1048576.0,
                (after - before) / (double) written);
    }
}
