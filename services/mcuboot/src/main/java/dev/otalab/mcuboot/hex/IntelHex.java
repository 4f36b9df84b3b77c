package dev.otalab.mcuboot.hex;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Intel HEX reading and writing, byte-compatible with the Python {@code intelhex} package
 * (2.3.0) as used by imgtool: {@code IntelHex(path)} to read, {@code tofile(f, 'hex')} to write.
 *
 * <h2>Reading</h2>
 * Record types 00 (data), 01 (end of file), 02 (extended segment address: offset = value × 16),
 * 03 (start segment address), 04 (extended linear address: offset = value × 65536) and 05
 * (start linear address). Data address = offset + the record's 16-bit address, without 64 KB
 * wrap-around (as {@code intelhex}). Hex digits may be either case; lines end at LF, CRLF or a
 * lone CR (as Python's universal newlines, which {@code intelhex} reads with); blank lines are
 * skipped. Anything else is a {@link HexFormatException} naming the line:
 * a line not starting with {@code ':'}, a non-hex character, an odd number of digits, fewer
 * than 5 bytes, a byte count that does not match the line, a record type above 05, a bad
 * checksum, a malformed 01–05 record, a second start address, a data byte at an address already
 * defined (even with the same value), data past 0xFFFFFFFF, a missing end-of-file record.
 * Deliberately stricter than {@code intelhex}, which silently ignores everything after the
 * first EOF record (so a {@code cat} of two HEX files would lose the second): a non-blank line
 * after the EOF record is an error, and so is a missing EOF record.
 *
 * <h2>Writing</h2>
 * Exactly what {@code intelhex}'s {@code write_hex_file} writes with its defaults on Linux:
 * <ol>
 * <li>the start address record, if one is set: type 03 ({@code CS:IP}) or 05 ({@code EIP});</li>
 * <li>if the highest address is above 0xFFFF, a type 04 record with the upper 16 bits of the
 *     address before the first data record and again before the first data record in every
 *     later 64 KB page that holds data (an image wholly below 64 KB gets none, even if it does
 *     not start at 0);</li>
 * <li>data records of up to 16 bytes (configurable 1..255), counted from the start of each
 *     contiguous run, never crossing a gap or a 64 KB boundary (a record that would cross is
 *     cut at the boundary and the next one starts there);</li>
 * <li>{@code :00000001FF}.</li>
 * </ol>
 * Upper-case hex digits, every line ends with {@code \n}.
 */
public final class IntelHex {

    /** Data bytes per record written by default (imgtool / {@code intelhex} default). */
    public static final int DEFAULT_BYTES_PER_RECORD = 16;

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EOF_LINE = ":00000001FF\n".getBytes(StandardCharsets.US_ASCII);

    private IntelHex() {
    }

    // ------------------------------------------------------------------------------------------
    // Reading

    /** Reads a HEX file. @throws HexFormatException if it is malformed */
    public static MemoryImage read(Path file) throws IOException {
        return parse(Files.readAllBytes(file));
    }

    /** Reads HEX text from a stream (not closed). @throws HexFormatException if it is malformed */
    public static MemoryImage parse(InputStream in) throws IOException {
        return parse(in.readAllBytes());
    }

    /** Parses HEX text given as bytes (any byte outside ASCII is a non-hex character). */
    public static MemoryImage parse(byte[] text) {
        // Latin-1 maps every byte to one char and never fails; such strings are stored compactly.
        return parse(new String(text, StandardCharsets.ISO_8859_1));
    }

    /** Parses HEX text. @throws HexFormatException if it is malformed */
    public static MemoryImage parse(String text) {
        return new Parser(text).run();
    }

    private static final class Parser {
        private final String text;
        private final MemoryImage image = new MemoryImage();
        private final byte[] rec = new byte[5 + 255];
        private long offset;
        private int lineNo;

        Parser(String text) {
            this.text = text;
        }

        MemoryImage run() {
            int n = text.length();
            int pos = 0;
            boolean eof = false;
            while (pos < n) {
                lineNo++;
                // Lines end at LF, CRLF or a lone CR, like Python's universal newlines.
                int end = pos;
                while (end < n && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
                    end++;
                }
                int next = end + 1;
                if (end + 1 < n && text.charAt(end) == '\r' && text.charAt(end + 1) == '\n') {
                    next++;
                }
                if (end > pos) {
                    if (eof) {
                        throw error("data after the end-of-file record");
                    }
                    eof = record(pos, end);
                }
                pos = next;
            }
            if (!eof) {
                lineNo++;
                throw error("missing end-of-file record (:00000001FF)");
            }
            return image;
        }

        /** Decodes one non-blank line; returns true for the EOF record. */
        private boolean record(int from, int to) {
            if (text.charAt(from) != ':') {
                throw error("record does not start with ':' (found " + describe(text.charAt(from)) + ")");
            }
            for (int i = from + 1; i < to; i++) {
                if (digit(text.charAt(i)) < 0) {
                    throw error("non-hex character " + describe(text.charAt(i)) + " at column " + (i - from + 1));
                }
            }
            int digits = to - from - 1;
            if ((digits & 1) != 0) {
                throw error("odd number of hex digits (" + digits + ")");
            }
            int bytes = digits / 2;
            if (bytes < 5) {
                throw error("record too short (" + bytes + " bytes, need at least 5)");
            }
            int count = hexByte(from + 1);
            if (bytes != count + 5) {
                throw error(String.format("byte count 0x%02X does not match the record's %d data bytes",
                        count, bytes - 5));
            }
            int sum = 0;
            for (int i = 0; i < bytes; i++) {
                int b = hexByte(from + 1 + 2 * i);
                rec[i] = (byte) b;
                sum += b;
            }
            int type = rec[3] & 0xFF;
            if (type > 5) {
                throw error(String.format("bad record type 0x%02X", type));
            }
            if ((sum & 0xFF) != 0) {
                int stored = rec[bytes - 1] & 0xFF;
                throw error(String.format("bad checksum 0x%02X (expected 0x%02X)",
                        stored, (stored - sum) & 0xFF));
            }
            int addr16 = ((rec[1] & 0xFF) << 8) | (rec[2] & 0xFF);
            switch (type) {
                case 0 -> data(offset + addr16, count);
                case 1 -> {
                    if (count != 0) {
                        throw error("end-of-file record carries data");
                    }
                    return true;
                }
                case 2 -> offset = 16L * word(count, addr16, "extended segment address");
                case 4 -> offset = 65536L * word(count, addr16, "extended linear address");
                case 3 -> start(count, addr16, "start segment address", new StartAddress.Segment(
                        ((rec[4] & 0xFF) << 8) | (rec[5] & 0xFF), ((rec[6] & 0xFF) << 8) | (rec[7] & 0xFF)));
                case 5 -> start(count, addr16, "start linear address", new StartAddress.Linear(
                        ((rec[4] & 0xFFL) << 24) | ((rec[5] & 0xFF) << 16) | ((rec[6] & 0xFF) << 8) | (rec[7] & 0xFF)));
                default -> throw new AssertionError(type);
            }
            return false;
        }

        private void data(long address, int count) {
            if (address + count > MemoryImage.ADDRESS_LIMIT) {
                throw error(String.format("data at 0x%X runs past 0xFFFFFFFF", address));
            }
            long used = image.firstUsedAddress(address, count);
            if (used >= 0) {
                throw error(String.format("overlapping data at 0x%08X", used));
            }
            image.put(address, rec, 4, count);
        }

        private int word(int count, int addr16, String what) {
            if (count != 2 || addr16 != 0) {
                throw error(what + " record must have 2 data bytes and address 0000");
            }
            return ((rec[4] & 0xFF) << 8) | (rec[5] & 0xFF);
        }

        private void start(int count, int addr16, String what, StartAddress value) {
            if (count != 4 || addr16 != 0) {
                throw error(what + " record must have 4 data bytes and address 0000");
            }
            if (image.startAddress().isPresent()) {
                throw error("duplicate start address record");
            }
            image.setStartAddress(value);
        }

        private int hexByte(int at) {
            return (digit(text.charAt(at)) << 4) | digit(text.charAt(at + 1));
        }

        private HexFormatException error(String what) {
            return new HexFormatException(lineNo, what);
        }
    }

    private static int digit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }

    private static String describe(char c) {
        return c >= 0x20 && c < 0x7F ? "'" + c + "'" : String.format("0x%02X", (int) c);
    }

    // ------------------------------------------------------------------------------------------
    // Writing

    /** The image as HEX text, 16 data bytes per record. */
    public static String write(MemoryImage image) {
        return write(image, DEFAULT_BYTES_PER_RECORD);
    }

    /** The image as HEX text with up to {@code bytesPerRecord} (1..255) data bytes per record. */
    public static String write(MemoryImage image, int bytesPerRecord) {
        long estimate = Math.min(Integer.MAX_VALUE - 8L, 32 + image.size() * 2 + image.size() / 16 * 12);
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) estimate);
        try {
            write(image, out, bytesPerRecord);
        } catch (IOException e) {
            throw new AssertionError(e); // ByteArrayOutputStream does not throw
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    /** Writes the image as a HEX file, 16 data bytes per record. */
    public static void write(MemoryImage image, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            write(image, out, DEFAULT_BYTES_PER_RECORD);
        }
    }

    /** Writes the image as HEX text to {@code out} (buffered here; not closed). */
    public static void write(MemoryImage image, OutputStream out, int bytesPerRecord) throws IOException {
        if (bytesPerRecord < 1 || bytesPerRecord > 255) {
            throw new IllegalArgumentException("bytesPerRecord must be 1..255, got " + bytesPerRecord);
        }
        new Writer(out).write(image, bytesPerRecord);
    }

    private static final class Writer {
        private final OutputStream out;
        private final byte[] chunk = new byte[64 * 1024];
        private int used;
        private final byte[] rec = new byte[5 + 255];

        Writer(OutputStream out) {
            this.out = out;
        }

        void write(MemoryImage image, int perRecord) throws IOException {
            if (image.startAddress().isPresent()) {
                StartAddress sa = image.startAddress().get();
                if (sa instanceof StartAddress.Segment s) {
                    fourByteRecord(3, ((long) s.cs() << 16) | s.ip());
                } else if (sa instanceof StartAddress.Linear l) {
                    fourByteRecord(5, l.eip());
                }
            }
            if (!image.isEmpty()) {
                boolean extended = image.maxAddress() > 0xFFFF;
                long page = -1;
                for (MemoryImage.Run run : image.runs()) {
                    int at = 0;
                    while (at < run.len) {
                        long address = run.start + at;
                        int low = (int) (address & 0xFFFF);
                        if (extended && (address >>> 16) != page) {
                            page = address >>> 16;
                            rec[4] = (byte) (page >>> 8);
                            rec[5] = (byte) page;
                            record(4, 0, 2);
                        }
                        int n = Math.min(perRecord, Math.min(run.len - at, 0x10000 - low));
                        System.arraycopy(run.buf, run.off + at, rec, 4, n);
                        record(0, low, n);
                        at += n;
                    }
                }
            }
            line(EOF_LINE, EOF_LINE.length);
            out.write(chunk, 0, used);
            out.flush();
        }

        private void fourByteRecord(int type, long value) throws IOException {
            rec[4] = (byte) (value >>> 24);
            rec[5] = (byte) (value >>> 16);
            rec[6] = (byte) (value >>> 8);
            rec[7] = (byte) value;
            record(type, 0, 4);
        }

        /** Emits the record whose data bytes are already in {@code rec[4..4+count)}. */
        private void record(int type, int addr16, int count) throws IOException {
            rec[0] = (byte) count;
            rec[1] = (byte) (addr16 >>> 8);
            rec[2] = (byte) addr16;
            rec[3] = (byte) type;
            int sum = 0;
            for (int i = 0; i < 4 + count; i++) {
                sum += rec[i];
            }
            rec[4 + count] = (byte) -sum;
            int chars = 1 + 2 * (5 + count) + 1;
            if (used + chars > chunk.length) {
                out.write(chunk, 0, used);
                used = 0;
            }
            chunk[used++] = ':';
            for (int i = 0; i < 5 + count; i++) {
                chunk[used++] = HEX[(rec[i] >>> 4) & 0xF];
                chunk[used++] = HEX[rec[i] & 0xF];
            }
            chunk[used++] = '\n';
        }

        private void line(byte[] bytes, int length) throws IOException {
            if (used + length > chunk.length) {
                out.write(chunk, 0, used);
                used = 0;
            }
            System.arraycopy(bytes, 0, chunk, used, length);
            used += length;
        }
    }
}
