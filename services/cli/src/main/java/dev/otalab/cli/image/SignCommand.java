package dev.otalab.cli.image;

import dev.otalab.cli.BasedInt;
import dev.otalab.mcuboot.image.ImageVersion;
import dev.otalab.mcuboot.keys.McubootKey;
import dev.otalab.mcuboot.sign.Dependency;
import dev.otalab.mcuboot.sign.ImageSigner;
import dev.otalab.mcuboot.sign.SignOptions;
import dev.otalab.mcuboot.sign.SignedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code imgtool sign}: same option names, argument forms and output bytes. */
@Command(name = "sign", aliases = "create", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Create a signed or unsigned image. INFILE and OUTFILE are Intel HEX when their "
                + "name ends in .hex, binary otherwise.")
public final class SignCommand implements Callable<Integer> {

    @Option(names = {"-k", "--key"}, paramLabel = "filename", description = "PEM private key to sign with")
    Path key;
    @Option(names = {"-v", "--version"}, required = true, description = "maj.min.rev+build, later parts optional")
    String version;
    @Option(names = {"-H", "--header-size"}, required = true, converter = BasedInt.class)
    long headerSize;
    @Option(names = "--pad-header", description = "prepend header-size bytes of the erased value")
    boolean padHeader;
    @Option(names = {"-S", "--slot-size"}, required = true, converter = BasedInt.class)
    long slotSize;
    @Option(names = "--pad", description = "pad to the slot size and add the boot magic")
    boolean pad;
    @Option(names = "--confirm", description = "pad and mark the image confirmed (image_ok)")
    boolean confirm;
    @Option(names = "--test", description = "pad and mark the image for a test swap")
    boolean test;
    @Option(names = {"-s", "--security-counter"}, paramLabel = "N|auto")
    String securityCounter;
    @Option(names = {"-d", "--dependencies"}, paramLabel = "\"(id,ver),...\"")
    String dependencies;
    @Option(names = {"-R", "--erased-val"}, paramLabel = "0|0xff")
    String erasedValue;
    @Option(names = {"-x", "--hex-addr"}, converter = BasedInt.class, description = "base address of .hex output")
    Long hexAddress;
    @Option(names = "--align", paramLabel = "1|2|4|8|16|32", defaultValue = "1")
    String align;
    @Option(names = "--max-align", paramLabel = "8|16|32")
    String maxAlign;
    @Option(names = {"-M", "--max-sectors"}, paramLabel = "N")
    Integer maxSectors;
    @Option(names = "--overwrite-only")
    boolean overwriteOnly;
    @Option(names = "--public-key-format", paramLabel = "hash|full", defaultValue = "hash")
    String publicKeyFormat;
    @Option(names = {"-L", "--load-addr"}, converter = BasedInt.class)
    Long loadAddress;
    @Option(names = {"-F", "--rom-fixed"}, converter = BasedInt.class)
    Long romFixed;
    @Option(names = "--boot-record", paramLabel = "sw_type")
    String bootRecord;
    @Option(names = "--custom-tlv", arity = "2", paramLabel = "TAG VALUE",
            description = "protected TLV; a VALUE starting with 0x is hex, otherwise UTF-8 text")
    List<String> customTlvs = new ArrayList<>();
    @Option(names = "--custom-tlv-file", arity = "2", paramLabel = "TAG FILE")
    List<String> customTlvFiles = new ArrayList<>();
    @Option(names = "--non-bootable")
    boolean nonBootable;
    @Option(names = "--sha", paramLabel = "auto|256|384|512", defaultValue = "auto")
    String sha;
    @Option(names = "--pure", description = "Ed25519 signature over the image itself")
    boolean pure;
    @Option(names = "--vid")
    String vid;
    @Option(names = "--cid")
    String cid;
    @Option(names = "--fix-sig", paramLabel = "filename", description = "base64 signature made elsewhere")
    Path fixSig;
    @Option(names = "--fix-sig-pubkey", paramLabel = "filename")
    Path fixSigPubkey;
    @Option(names = "--sig-out", paramLabel = "filename", description = "write the signature, base64")
    Path sigOut;
    @Option(names = {"-e", "--endian"}, paramLabel = "little", defaultValue = "little")
    String endian;

    @Parameters(index = "0", paramLabel = "INFILE")
    Path infile;
    @Parameters(index = "1", paramLabel = "OUTFILE")
    Path outfile;

    @Override
    public Integer call() throws Exception {
        SignOptions options = options();
        ImageFiles.Loaded input = ImageFiles.read(infile);
        SignedImage signed = ImageSigner.sign(input.bytes(), input.baseAddress(), options);
        ImageFiles.write(outfile, signed, hexAddress);
        if (sigOut != null && signed.signature() != null) {
            Files.writeString(sigOut, Base64.getEncoder().encodeToString(signed.signature()));
        }
        return 0;
    }

    SignOptions options() throws Exception {
        if (!"little".equals(endian)) {
            throw new IllegalArgumentException("only little-endian images are supported (-e little)");
        }
        SignOptions.Builder b = SignOptions.builder()
                .version(ImageVersion.parse(version))
                .headerSize(toInt("header size", headerSize))
                .padHeader(padHeader)
                .slotSize(slotSize)
                .pad(pad).confirm(confirm).test(test)
                .align(choice("--align", align, "1", "2", "4", "8", "16", "32"))
                .overwriteOnly(overwriteOnly)
                .publicKeyFormat("full".equals(choiceText("--public-key-format", publicKeyFormat, "hash", "full"))
                        ? SignOptions.PublicKeyFormat.FULL : SignOptions.PublicKeyFormat.HASH)
                .loadAddress(loadAddress == null ? 0 : loadAddress)
                .romFixed(romFixed)
                .bootRecord(bootRecord)
                .nonBootable(nonBootable)
                .sha(choiceText("--sha", sha, "auto", "256", "384", "512"))
                .pure(pure)
                .vid(vid).cid(cid);
        if (erasedValue != null) {
            b.erasedValue(choice("-R", erasedValue.toLowerCase(Locale.ROOT), "0", "0xff"));
        }
        if (maxAlign != null) {
            b.maxAlign(choice("--max-align", maxAlign, "8", "16", "32"));
        }
        if (maxSectors != null) {
            b.maxSectors(maxSectors);
        }
        if (securityCounter != null) {
            if ("auto".equalsIgnoreCase(securityCounter)) {
                b.securityCounterAuto();
            } else {
                b.securityCounter(BasedInt.parse(securityCounter));
            }
        }
        if (dependencies != null) {
            b.dependencies(Dependency.parseList(dependencies));
        }
        for (int i = 0; i + 1 < customTlvs.size(); i += 2) {
            b.customTlv(toInt("custom TLV tag", BasedInt.parse(customTlvs.get(i))), customValue(customTlvs.get(i + 1)));
        }
        for (int i = 0; i + 1 < customTlvFiles.size(); i += 2) {
            b.customTlv(toInt("custom TLV tag", BasedInt.parse(customTlvFiles.get(i))),
                    Files.readAllBytes(Path.of(customTlvFiles.get(i + 1))));
        }
        if (key != null) {
            b.key(McubootKey.read(key, null));
        }
        if (fixSig != null) {
            byte[] signature = Base64.getMimeDecoder().decode(Files.readString(fixSig, StandardCharsets.US_ASCII).trim());
            b.fixedSignature(signature, fixSigPubkey == null ? null : McubootKey.read(fixSigPubkey, null));
        }
        return b.build();
    }

    private static byte[] customValue(String value) {
        if (value.startsWith("0x")) {
            String hex = value.substring(2);
            if (hex.length() % 2 != 0) {
                throw new IllegalArgumentException("Custom TLV length is odd.");
            }
            return HexFormat.of().parseHex(hex);
        }
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static int toInt(String what, long value) {
        if (value < 0 || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + " " + value + " is out of range");
        }
        return (int) value;
    }

    private static int choice(String option, String value, String... allowed) {
        return (int) BasedInt.parse(choiceText(option, value, allowed));
    }

    private static String choiceText(String option, String value, String... allowed) {
        for (String a : allowed) {
            if (a.equals(value)) {
                return value;
            }
        }
        throw new IllegalArgumentException("Invalid value for '" + option + "': '" + value + "' is not one of "
                + String.join(", ", allowed));
    }
}
