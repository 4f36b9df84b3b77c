package dev.otalab.cli.bench;

import dev.otalab.cli.ProjectPaths;
import dev.otalab.emulator.kit.KitSpec;
import dev.otalab.emulator.kit.KitState;
import dev.otalab.emulator.kit.VirtualKit;
import dev.otalab.labapi.FlashTarget;
import dev.otalab.labapi.dto.BootloaderKind;
import dev.otalab.labapi.dto.ImageFormat;
import dev.otalab.mcuboot.flashmap.Flashmap;
import dev.otalab.mcuboot.keys.McubootKey;
import dev.otalab.mcuboot.sign.ImageSigner;
import dev.otalab.mcuboot.sign.SignOptions;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Boots N emulated kits, each with its own signed 256 KiB image in the primary slot, keeps them
 * all running and reports the heap they hold and the boot times. Last line:
 * {@code boards N, heap MB M, boot ms P50/P99}.
 */
@Command(name = "emulator", mixinStandardHelpOptions = true,
        description = "Boot N emulated kits with a signed 256 KiB image each; heap and boot time.")
public final class EmulatorBench implements Callable<Integer> {

    @Option(names = "--boards", required = true, paramLabel = "N")
    int boards;
    @Option(names = "--image-size", defaultValue = "262144", paramLabel = "BYTES",
            description = "application size (default 256 KiB)")
    int imageSize;
    @Option(names = "--flashmap", defaultValue = "psoc62_2m_ext_swap_single", paramLabel = "NAME")
    String flashmap;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (boards < 1 || boards > 100_000) {
            throw new IllegalArgumentException("--boards must be between 1 and 100000");
        }
        PrintWriter out = spec.commandLine().getOut();
        Flashmap map = Flashmap.read(ProjectPaths.flashmaps().resolve(flashmap + ".json"));
        McubootKey key = McubootKey.read(ProjectPaths.testSigningKey(), null);
        byte[] payload = new byte[imageSize];
        new Random(3).nextBytes(payload);
        byte[] image = ImageSigner.sign(payload, null, SignOptions.builder().version("1.0.0").headerSize(0x400)
                .padHeader(true).align(8).slotSize(map.primary(1).size())
                .erasedValue(map.primary(1).erasedValue()).key(key).build()).toBinary();

        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
        ExecutorService executor = Executors.newFixedThreadPool(2);
        List<VirtualKit> kits = new ArrayList<>(boards);
        long[] bootNanos = new long[boards];
        long baseline = usedHeap();
        try {
            for (int i = 0; i < boards; i++) {
                VirtualKit kit = VirtualKit.create(KitSpec.builder().id("bench-" + i).kit("CY8CPROTO-062S2-43439")
                        .flashmap(map).flashmapName(flashmap).bootloader(BootloaderKind.MCUBOOT)
                        .trustedKey(key.publicOnly()).scheduler(scheduler).executor(executor).build());
                kits.add(kit);
                kit.program(FlashTarget.ofArea("primary"), image, ImageFormat.BIN);
                long start = System.nanoTime();
                kit.powerOn();
                bootNanos[i] = System.nanoTime() - start;
                if (kit.state() != KitState.RUNNING) {
                    throw new IllegalStateException("kit " + i + " did not boot: " + kit.state());
                }
                if ((i + 1) % 250 == 0) {
                    spec.commandLine().getErr().printf("  %d kits running%n", i + 1);
                    spec.commandLine().getErr().flush();
                }
            }
            long heapMb = (usedHeap() - baseline) >> 20;
            Arrays.sort(bootNanos);
            out.printf("boards %d, heap MB %d, boot ms %.2f/%.2f%n", boards, heapMb,
                    percentile(bootNanos, 50) / 1e6, percentile(bootNanos, 99) / 1e6);
            return 0;
        } finally {
            kits.forEach(VirtualKit::close);
            scheduler.shutdownNow();
            executor.shutdownNow();
        }
    }

    private static long percentile(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    /** Heap in use after a full collection, so the figure is what the kits hold, not garbage. */
    private static long usedHeap() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
