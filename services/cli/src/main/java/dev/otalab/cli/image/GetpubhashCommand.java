package dev.otalab.cli.image;

import dev.otalab.mcuboot.keys.KeyExport;
import dev.otalab.mcuboot.keys.McubootKey;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code imgtool getpubhash}: SHA-256 of the public key bytes, as a C array or raw. */
@Command(name = "getpubhash", mixinStandardHelpOptions = true, description = "Dump the SHA-256 of the public key.")
public final class GetpubhashCommand implements Callable<Integer> {

    @Option(names = {"-k", "--key"}, required = true, paramLabel = "filename")
    Path key;
    @Option(names = {"-e", "--encoding"}, paramLabel = "encoding", description = "lang-c or raw")
    String encoding;
    @Option(names = "--name-suffix", paramLabel = "SUFFIX", defaultValue = "")
    String nameSuffix;
    @Option(names = {"-o", "--output"}, paramLabel = "output")
    Path output;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        KeyExport.Encoding e = encoding == null ? KeyExport.Encoding.LANG_C : KeyExport.Encoding.byCliName(encoding);
        byte[] bytes = KeyExport.getpubhash(McubootKey.read(key, null), e, nameSuffix);
        KeyOutput.write(spec, output, bytes, e == KeyExport.Encoding.RAW);
        return 0;
    }
}
