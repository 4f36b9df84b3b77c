package dev.otalab.cli.image;

import dev.otalab.mcuboot.keys.McubootKey;
import dev.otalab.mcuboot.verify.ImageVerifier;
import dev.otalab.mcuboot.verify.VerifyResult;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code imgtool verify}: imgtool's three lines and exit 0, or one line naming the failure and exit 1. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check that a signed image can be verified by the given key.")
public final class VerifyCommand implements Callable<Integer> {

    @Option(names = {"-k", "--key"}, paramLabel = "filename", description = "public or private PEM key")
    Path key;
    @Parameters(paramLabel = "IMGFILE")
    Path imageFile;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        McubootKey k = key == null ? null : McubootKey.read(key, null);
        VerifyResult result = ImageVerifier.verify(ImageFiles.read(imageFile).bytes(), k);
        result.lines().forEach(spec.commandLine().getOut()::println);
        return result.ok() ? 0 : 1;
    }
}
