package dev.otalab.cli.image;

import dev.otalab.mcuboot.keys.KeyExport;
import dev.otalab.mcuboot.keys.McubootKey;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code imgtool getpub}: the public key as a C or Rust array, PEM, or raw bytes. */
@Command(name = "getpub", mixinStandardHelpOptions = true, description = "Dump public key from keypair.")
public final class GetpubCommand implements Callable<Integer> {

    @Option(names = {"-k", "--key"}, required = true, paramLabel = "filename")
    Path key;
    @Option(names = {"-e", "--encoding"}, paramLabel = "encoding", description = "lang-c, lang-rust, pem or raw")
    String encoding;
    @Option(names = {"-l", "--lang"}, paramLabel = "lang", description = "deprecated: c or rust")
    String lang;
    @Option(names = "--name-suffix", paramLabel = "SUFFIX", defaultValue = "")
    String nameSuffix;
    @Option(names = {"-o", "--output"}, paramLabel = "output")
    Path output;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (encoding != null && lang != null) {
            throw new IllegalArgumentException("Please use only one of `--encoding/-e` or `--lang/-l`");
        }
        KeyExport.Encoding e = lang != null ? KeyExport.Encoding.byCliName("lang-" + lang)
                : encoding != null ? KeyExport.Encoding.byCliName(encoding) : KeyExport.Encoding.LANG_C;
        byte[] bytes = KeyExport.getpub(McubootKey.read(key, null), e, nameSuffix);
        KeyOutput.write(spec, output, bytes, e == KeyExport.Encoding.RAW);
        return 0;
    }
}
