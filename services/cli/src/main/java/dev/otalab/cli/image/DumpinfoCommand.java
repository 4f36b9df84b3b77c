package dev.otalab.cli.image;

import dev.otalab.mcuboot.image.BootTrailer;
import dev.otalab.mcuboot.image.ImageFlags;
import dev.otalab.mcuboot.image.ImageHeader;
import dev.otalab.mcuboot.image.McubootImage;
import dev.otalab.mcuboot.image.Tlv;
import dev.otalab.mcuboot.image.TlvArea;
import dev.otalab.mcuboot.image.TlvTypes;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code imgtool dumpinfo}: header, TLV areas and trailer of an image, in a readable table. */
@Command(name = "dumpinfo", mixinStandardHelpOptions = true,
        description = "Print header, TLV area and trailer information of a signed image.")
public final class DumpinfoCommand implements Callable<Integer> {

    @Parameters(paramLabel = "IMGFILE")
    Path imageFile;
    @Option(names = {"-o", "--outfile"}, paramLabel = "filename", description = "also write the information here")
    Path outfile;
    @Option(names = {"-s", "--silent"}, description = "do not print to stdout")
    boolean silent;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        McubootImage image = McubootImage.parse(ImageFiles.read(imageFile).bytes());
        String text = describe(imageFile.getFileName().toString(), image);
        if (!silent) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(text);
            out.flush();
        }
        if (outfile != null) {
            Files.writeString(outfile, text);
        }
        return 0;
    }

    static String describe(String name, McubootImage image) {
        StringBuilder s = new StringBuilder();
        ImageHeader h = image.header();
        byte[] b = image.bytes();
        s.append(String.format("%s: %d bytes, image %d bytes%n", name, b.length, image.length()));
        s.append("header\n");
        row(s, "magic", String.format("0x%08x", h.magic()));
        row(s, "load address", String.format("0x%08x", h.loadAddress()));
        row(s, "header size", String.format("0x%x", h.headerSize()));
        row(s, "protected TLV size", String.format("0x%x", h.protectedTlvSize()));
        row(s, "image size", String.format("0x%x (%d)", h.imageSize(), h.imageSize()));
        row(s, "flags", String.format("0x%08x %s", h.flags(), ImageFlags.names(h.flags())));
        row(s, "version", h.version().toString());
        image.protectedArea().ifPresent(area -> area(s, "protected TLVs", area));
        area(s, "unprotected TLVs", image.unprotectedArea());
        row(s, "hash", image.hashMatches() ? "matches the content" : "DOES NOT match the content");
        trailer(s, b, image.length());
        return s.toString();
    }

    private static void area(StringBuilder s, String title, TlvArea area) {
        s.append(String.format("%s (magic 0x%04x, %d bytes at 0x%x)%n", title, area.magic(), area.totalLength(),
                area.offset()));
        for (Tlv t : area.entries()) {
            String value = HexFormat.of().formatHex(t.value());
            if (t.type() >= TlvTypes.CUSTOM_MIN && isText(t.value())) {
                value = "\"" + new String(t.value(), java.nio.charset.StandardCharsets.UTF_8) + "\"";
            }
            s.append(String.format("  %-18s %4d  %s%n", TlvTypes.name(t.type()), t.value().length, value));
        }
    }

    /** A padded file is taken to end at its slot end; its trailer is read with each possible alignment. */
    private static void trailer(StringBuilder s, byte[] b, int imageLength) {
        if (b.length - imageLength < BootTrailer.MAGIC_SIZE) {
            s.append("trailer: none (image not padded)\n");
            return;
        }
        int end = b.length;
        byte[] magic = Arrays.copyOfRange(b, end - BootTrailer.MAGIC_SIZE, end);
        for (int maxAlign : new int[] {8, 16, 32}) {
            if (Arrays.equals(magic, BootTrailer.magic(maxAlign))) {
                int imageOk = b[end - BootTrailer.imageOkFromEnd(maxAlign)] & 0xFF;
                int copyDone = b[end - BootTrailer.copyDoneFromEnd(maxAlign)] & 0xFF;
                int swapInfo = b[end - BootTrailer.swapInfoFromEnd(maxAlign)] & 0xFF;
                s.append(String.format("trailer (slot size 0x%x, max align %d)%n", end, maxAlign));
                row(s, "magic", "good");
                row(s, "image_ok", String.format("0x%02x", imageOk));
                row(s, "copy_done", String.format("0x%02x", copyDone));
                row(s, "swap_info", String.format("0x%02x", swapInfo));
                return;
            }
        }
        s.append(String.format("trailer: %d bytes of padding, no boot magic%n", end - imageLength));
    }

    private static boolean isText(byte[] value) {
        for (byte v : value) {
            if (v < 0x20 || v > 0x7E) {
                return false;
            }
        }
        return value.length > 0;
    }

    private static void row(StringBuilder s, String key, String value) {
        s.append(String.format("  %-18s %s%n", key, value));
    }
}
