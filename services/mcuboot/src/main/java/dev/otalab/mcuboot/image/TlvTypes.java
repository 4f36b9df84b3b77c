package dev.otalab.mcuboot.image;

import java.util.Map;

/** TLV type codes (mcuboot-image.md §6). */
public final class TlvTypes {

    public static final int KEYHASH = 0x01;
    public static final int PUBKEY = 0x02;
    public static final int SHA256 = 0x10;
    public static final int SHA384 = 0x11;
    public static final int SHA512 = 0x12;
    public static final int RSA2048 = 0x20;
    public static final int ECDSASIG = 0x22;
    public static final int RSA3072 = 0x23;
    public static final int ED25519 = 0x24;
    public static final int SIG_PURE = 0x25;
    public static final int ENCRSA2048 = 0x30;
    public static final int ENCKW = 0x31;
    public static final int ENCEC256 = 0x32;
    public static final int ENCX25519 = 0x33;
    public static final int ENCX25519_SHA512 = 0x34;
    public static final int DEPENDENCY = 0x40;
    public static final int SEC_CNT = 0x50;
    public static final int BOOT_RECORD = 0x60;
    public static final int DECOMP_SIZE = 0x70;
    public static final int DECOMP_SHA = 0x71;
    public static final int DECOMP_SIGNATURE = 0x72;
    public static final int COMP_DEC_SIZE = 0x73;
    public static final int UUID_VID = 0x74;
    public static final int UUID_CID = 0x75;

    /** The range imgtool's {@code --custom-tlv} accepts. */
    public static final int CUSTOM_MIN = 0x00A0;
    public static final int CUSTOM_MAX = 0xFFFE;

    /** otalab's protected TLV describing how the emulated app behaves (DESIGN.md). */
    public static final int EMULATED_APP = 0x00A0;

    public static final int PROTECTED_INFO_MAGIC = 0x6908;
    public static final int UNPROTECTED_INFO_MAGIC = 0x6907;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(KEYHASH, "KEYHASH"), Map.entry(PUBKEY, "PUBKEY"), Map.entry(SHA256, "SHA256"),
            Map.entry(SHA384, "SHA384"), Map.entry(SHA512, "SHA512"), Map.entry(RSA2048, "RSA2048"),
            Map.entry(ECDSASIG, "ECDSASIG"), Map.entry(RSA3072, "RSA3072"), Map.entry(ED25519, "ED25519"),
            Map.entry(SIG_PURE, "SIG_PURE"), Map.entry(ENCRSA2048, "ENCRSA2048"), Map.entry(ENCKW, "ENCKW"),
            Map.entry(ENCEC256, "ENCEC256"), Map.entry(ENCX25519, "ENCX25519"),
            Map.entry(ENCX25519_SHA512, "ENCX25519_SHA512"), Map.entry(DEPENDENCY, "DEPENDENCY"),
            Map.entry(SEC_CNT, "SEC_CNT"), Map.entry(BOOT_RECORD, "BOOT_RECORD"),
            Map.entry(DECOMP_SIZE, "DECOMP_SIZE"), Map.entry(DECOMP_SHA, "DECOMP_SHA"),
            Map.entry(DECOMP_SIGNATURE, "DECOMP_SIGNATURE"), Map.entry(COMP_DEC_SIZE, "COMP_DEC_SIZE"),
            Map.entry(UUID_VID, "UUID_VID"), Map.entry(UUID_CID, "UUID_CID"));

    private TlvTypes() {
    }

    public static boolean isPredefined(int type) {
        return NAMES.containsKey(type);
    }

    /** Name of a type, e.g. {@code SHA256}, or {@code 0x00a0} for custom types. */
    public static String name(int type) {
        String name = NAMES.get(type);
        return name != null ? name : String.format("0x%04x", type);
    }
}
