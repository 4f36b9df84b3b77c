package dev.otalab.mcuboot.image;

import static dev.otalab.mcuboot.LittleEndian.putU16;
import static dev.otalab.mcuboot.LittleEndian.u16;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A TLV area: a 4-byte info header (magic, total length including the header) followed by
 * records packed back to back (mcuboot-image.md §5).
 */
public record TlvArea(int magic, int offset, int totalLength, List<Tlv> entries) {

    public static final int INFO_SIZE = 4;

    public TlvArea {
        entries = List.copyOf(entries);
    }

    public boolean isProtected() {
        return magic == TlvTypes.PROTECTED_INFO_MAGIC;
    }

    public int end() {
        return offset + totalLength;
    }

    public Optional<Tlv> find(int type) {
        return entries.stream().filter(t -> t.type() == type).findFirst();
    }

    public List<Tlv> findAll(int type) {
        return entries.stream().filter(t -> t.type() == type).toList();
    }

    /**
     * Reads an area strictly: magic as expected, the total inside {@code limit}, and records
     * that tile the area exactly.
     */
    public static TlvArea read(byte[] b, int offset, int limit, int expectedMagic) {
        String what = expectedMagic == TlvTypes.PROTECTED_INFO_MAGIC ? "protected" : "unprotected";
        if (offset < 0 || offset + INFO_SIZE > limit) {
            throw new ImageFormatException(String.format(
                    "image truncated: %s TLV area at 0x%x is beyond the end (0x%x)", what, offset, limit));
        }
        int magic = u16(b, offset);
        int total = u16(b, offset + 2);
        if (magic != expectedMagic) {
            throw new ImageFormatException(String.format(
                    "bad %s TLV info magic 0x%04x at 0x%x (expected 0x%04x)", what, magic, offset, expectedMagic));
        }
        if (total < INFO_SIZE || offset + total > limit) {
            throw new ImageFormatException(String.format(
                    "image truncated or damaged: %s TLV area at 0x%x claims %d bytes, %d available",
                    what, offset, total, limit - offset));
        }
        List<Tlv> entries = new ArrayList<>();
        int pos = offset + INFO_SIZE;
        int end = offset + total;
        while (pos < end) {
            if (pos + Tlv.HEADER_SIZE > end) {
                throw new ImageFormatException(String.format("%s TLV record at 0x%x is cut off", what, pos));
            }
            int type = u16(b, pos);
            int len = u16(b, pos + 2);
            if (pos + Tlv.HEADER_SIZE + len > end) {
                throw new ImageFormatException(String.format(
                        "%s TLV %s at 0x%x has length %d, beyond its area", what, TlvTypes.name(type), pos, len));
            }
            byte[] value = new byte[len];
            System.arraycopy(b, pos + Tlv.HEADER_SIZE, value, 0, len);
            entries.add(new Tlv(type, value, pos));
            pos += Tlv.HEADER_SIZE + len;
        }
        return new TlvArea(magic, offset, total, Collections.unmodifiableList(entries));
    }

    /** Encodes records into an area; an empty list gives an empty array (imgtool never writes an empty area). */
    public static byte[] encode(int magic, List<Tlv> records) {
        if (records.isEmpty()) {
            return new byte[0];
        }
        int total = INFO_SIZE + records.stream().mapToInt(Tlv::encodedLength).sum();
        if (total > 0xFFFF) {
            throw new ImageFormatException("TLV area of " + total + " bytes exceeds the 65535-byte limit");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(total);
        byte[] head = new byte[INFO_SIZE];
        putU16(head, 0, magic);
        putU16(head, 2, total);
        out.writeBytes(head);
        for (Tlv t : records) {
            putU16(head, 0, t.type());
            putU16(head, 2, t.value().length);
            out.writeBytes(head);
            out.writeBytes(t.value());
        }
        return out.toByteArray();
    }
}
