package dev.otalab.cli;

import dev.otalab.mcuboot.flashmap.FlashArea;
import dev.otalab.mcuboot.flashmap.Flashmap;
import dev.otalab.mcuboot.keys.McubootKey;
import dev.otalab.mcuboot.sign.ImageSigner;
import dev.otalab.mcuboot.sign.SignOptions;
import dev.otalab.mcuboot.sign.SignedImage;
import dev.otalab.mcuboot.verify.ImageVerifier;
import dev.otalab.mcuboot.verify.VerifyResult;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The main job. For now it exercises what has landed: for every supported kit layout it signs
 * an application for the secondary slot with the test key, as the build would, and verifies it.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "Run the main job.")
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        McubootKey key = McubootKey.read(ProjectPaths.testSigningKey(), null);
        byte[] app = new byte[200_000];
        new Random(1).nextBytes(app);
        out.printf("Signing a %d-byte application for each supported kit layout with %s%n", app.length, key);
        int failures = 0;
        for (Path file : flashmapFiles()) {
            Flashmap map = Flashmap.read(file);
            FlashArea slot = map.secondary(1);
            SignOptions options = SignOptions.builder().version("1.1.0").headerSize(0x400).padHeader(true)
                    .align(8).slotSize(slot.size()).erasedValue(slot.erasedValue())
                    .overwriteOnly(map.upgradeMode().name().startsWith("OVERWRITE")).key(key).build();
            SignedImage signed = ImageSigner.sign(app, null, options);
            VerifyResult result = ImageVerifier.verify(signed.toBinary(), key.publicOnly());
            failures += result.ok() ? 0 : 1;
            out.printf("  %-36s %-14s slot 0x%06x erased 0x%02x  %s%n", file.getFileName(), map.upgradeMode(),
                    slot.size(), slot.erasedValue(), result.ok() ? "signed and verified" : result.lines().get(0));
        }
        out.println("Emulated kits, OTA services and the nightly HIL suite join this demo as they land.");
        out.println(failures == 0 ? "demo: all layouts signed and verified" : "demo: " + failures + " failed");
        return failures == 0 ? 0 : 1;
    }

    private static List<Path> flashmapFiles() throws java.io.IOException {
        try (Stream<Path> files = Files.list(ProjectPaths.flashmaps())) {
            return files.filter(p -> p.toString().endsWith(".json") && !p.getFileName().toString().contains("platform"))
                    .sorted().toList();
        }
    }
}
