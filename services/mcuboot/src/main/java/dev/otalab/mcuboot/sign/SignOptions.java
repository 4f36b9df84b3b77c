package dev.otalab.mcuboot.sign;

import dev.otalab.mcuboot.image.BootTrailer;
import dev.otalab.mcuboot.image.ImageFormatException;
import dev.otalab.mcuboot.image.ImageHeader;
import dev.otalab.mcuboot.image.ImageVersion;
import dev.otalab.mcuboot.image.TlvTypes;
import dev.otalab.mcuboot.keys.McubootKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything {@code imgtool sign} can be told, validated as a whole by {@link Builder#build()}.
 * Names follow imgtool's options (mcuboot-image.md §14). Encryption and compression are not
 * supported.
 */
public final class SignOptions {

    /** How the public key is recorded next to the signature. */
    public enum PublicKeyFormat { HASH, FULL }

    private static final Set<Integer> ALIGNS = Set.of(1, 2, 4, 8, 16, 32);
    private static final Set<Integer> MAX_ALIGNS = Set.of(8, 16, 32);

    private final ImageVersion version;
    private final int headerSize;
    private final boolean padHeader;
    private final long slotSize;
    private final boolean pad;
    private final boolean confirm;
    private final boolean test;
    private final int erasedValue;
    private final int align;
    private final int maxAlign;
    private final int maxSectors;
    private final boolean overwriteOnly;
    private final Long securityCounter;
    private final List<Dependency> dependencies;
    private final PublicKeyFormat publicKeyFormat;
    private final long loadAddress;
    private final Long romFixed;
    private final String bootRecord;
    private final Map<Integer, byte[]> customTlvs;
    private final McubootKey key;
    private final String sha;
    private final boolean pure;
    private final boolean nonBootable;
    private final String vid;
    private final String cid;
    private final byte[] fixedSignature;
    private final McubootKey fixedSignatureKey;

    private SignOptions(Builder b) {
        version = b.version;
        headerSize = b.headerSize;
        padHeader = b.padHeader;
        slotSize = b.slotSize;
        pad = b.pad || b.confirm || b.test;
        confirm = b.confirm;
        test = b.test;
        erasedValue = b.erasedValue;
        align = b.align;
        maxAlign = b.maxAlign != null ? b.maxAlign : Math.max(BootTrailer.DEFAULT_MAX_ALIGN, b.align);
        maxSectors = b.maxSectors;
        overwriteOnly = b.overwriteOnly;
        securityCounter = b.securityCounterAuto
                ? Long.valueOf(((long) version.major() << 24) + (version.minor() << 16) + version.revision())
                : b.securityCounter;
        dependencies = List.copyOf(b.dependencies);
        publicKeyFormat = b.publicKeyFormat;
        loadAddress = b.loadAddress;
        romFixed = b.romFixed;
        bootRecord = b.bootRecord;
        customTlvs = Collections.unmodifiableMap(new LinkedHashMap<>(b.customTlvs));
        key = b.key;
        sha = b.sha;
        pure = b.pure;
        nonBootable = b.nonBootable;
        vid = b.vid;
        cid = b.cid;
        fixedSignature = b.fixedSignature;
        fixedSignatureKey = b.fixedSignatureKey;
    }

    public static Builder builder() {
        return new Builder();
    }

    public ImageVersion version() { return version; }
    public int headerSize() { return headerSize; }
    public boolean padHeader() { return padHeader; }
    public long slotSize() { return slotSize; }
    /** True with {@code --pad}, and implied by {@code --confirm} and {@code --test}. */
    public boolean pad() { return pad; }
    public boolean confirm() { return confirm; }
    public boolean test() { return test; }
    public int erasedValue() { return erasedValue; }
    public int align() { return align; }
    public int maxAlign() { return maxAlign; }
    public int maxSectors() { return maxSectors; }
    public boolean overwriteOnly() { return overwriteOnly; }
    /** The SEC_CNT value, already resolved for {@code auto}; null when absent. */
    public Long securityCounter() { return securityCounter; }
    public List<Dependency> dependencies() { return dependencies; }
    public PublicKeyFormat publicKeyFormat() { return publicKeyFormat; }
    public long loadAddress() { return loadAddress; }
    public Long romFixed() { return romFixed; }
    public String bootRecord() { return bootRecord; }
    public Map<Integer, byte[]> customTlvs() { return customTlvs; }
    public McubootKey key() { return key; }
    public String sha() { return sha; }
    public boolean pure() { return pure; }
    public boolean nonBootable() { return nonBootable; }
    public String vid() { return vid; }
    public String cid() { return cid; }
    public byte[] fixedSignature() { return fixedSignature; }
    public McubootKey fixedSignatureKey() { return fixedSignatureKey; }

    /** imgtool's trailer estimate for the fit check. */
    public int trailerSize() {
        return BootTrailer.imgtoolTrailerSize(align, maxSectors, overwriteOnly, maxAlign);
    }

    public static final class Builder {
        private ImageVersion version;
        private int headerSize = -1;
        private boolean padHeader;
        private long slotSize = -1;
        private boolean pad;
        private boolean confirm;
        private boolean test;
        private int erasedValue = 0xFF;
        private int align = 1;
        private Integer maxAlign;
        private int maxSectors = BootTrailer.DEFAULT_MAX_SECTORS;
        private boolean overwriteOnly;
        private Long securityCounter;
        private boolean securityCounterAuto;
        private final List<Dependency> dependencies = new ArrayList<>();
        private PublicKeyFormat publicKeyFormat = PublicKeyFormat.HASH;
        private long loadAddress;
        private Long romFixed;
        private String bootRecord;
        private final Map<Integer, byte[]> customTlvs = new LinkedHashMap<>();
        private McubootKey key;
        private String sha = "auto";
        private boolean pure;
        private boolean nonBootable;
        private String vid;
        private String cid;
        private byte[] fixedSignature;
        private McubootKey fixedSignatureKey;

        private Builder() {
        }

        public Builder version(ImageVersion v) { version = v; return this; }
        public Builder version(String v) { version = ImageVersion.parse(v); return this; }
        public Builder headerSize(int size) { headerSize = size; return this; }
        public Builder padHeader(boolean on) { padHeader = on; return this; }
        public Builder slotSize(long size) { slotSize = size; return this; }
        public Builder pad(boolean on) { pad = on; return this; }
        public Builder confirm(boolean on) { confirm = on; return this; }
        public Builder test(boolean on) { test = on; return this; }
        public Builder erasedValue(int value) { erasedValue = value; return this; }
        public Builder align(int value) { align = value; return this; }
        public Builder maxAlign(Integer value) { maxAlign = value; return this; }
        public Builder maxSectors(int value) { maxSectors = value; return this; }
        public Builder overwriteOnly(boolean on) { overwriteOnly = on; return this; }
        public Builder securityCounter(long value) { securityCounter = value; securityCounterAuto = false; return this; }
        public Builder securityCounterAuto() { securityCounterAuto = true; securityCounter = null; return this; }
        public Builder dependency(Dependency d) { dependencies.add(d); return this; }
        public Builder dependencies(List<Dependency> ds) { dependencies.addAll(ds); return this; }
        public Builder publicKeyFormat(PublicKeyFormat f) { publicKeyFormat = f; return this; }
        public Builder loadAddress(long address) { loadAddress = address; return this; }
        public Builder romFixed(Long address) { romFixed = address; return this; }
        public Builder bootRecord(String swType) { bootRecord = swType; return this; }
        public Builder key(McubootKey k) { key = k; return this; }
        public Builder sha(String s) { sha = s; return this; }
        public Builder pure(boolean on) { pure = on; return this; }
        public Builder nonBootable(boolean on) { nonBootable = on; return this; }
        public Builder vid(String v) { vid = v; return this; }
        public Builder cid(String c) { cid = c; return this; }

        /** Uses a signature made elsewhere (imgtool's {@code --fix-sig}) instead of signing. */
        public Builder fixedSignature(byte[] signature, McubootKey publicKey) {
            fixedSignature = signature == null ? null : signature.clone();
            fixedSignatureKey = publicKey;
            return this;
        }

        /** A protected custom TLV, in the order given (imgtool's {@code --custom-tlv}). */
        public Builder customTlv(int tag, byte[] value) {
            if (tag < TlvTypes.CUSTOM_MIN || tag > TlvTypes.CUSTOM_MAX) {
                throw new ImageFormatException(String.format(
                        "Invalid custom TLV type value '0x%04x', allowed value should be between 0x%04x and 0x%04x",
                        tag, TlvTypes.CUSTOM_MIN, TlvTypes.CUSTOM_MAX));
            }
            if (TlvTypes.isPredefined(tag)) {
                throw new ImageFormatException(String.format("Custom TLV 0x%x conflicts with predefined TLV.", tag));
            }
            if (customTlvs.containsKey(tag)) {
                throw new ImageFormatException(String.format("Custom TLV 0x%x already exists.", tag));
            }
            customTlvs.put(tag, value.clone());
            return this;
        }

        public SignOptions build() {
            if (version == null) {
                throw new ImageFormatException("a version is required (-v)");
            }
            if (headerSize < ImageHeader.SIZE || headerSize > 0xFFFF) {
                throw new ImageFormatException(headerSize < 0 ? "a header size is required (-H)"
                        : "header size " + headerSize + " is out of range: minimum value for -H/--header-size is 32");
            }
            if (slotSize < 0) {
                throw new ImageFormatException("a slot size is required (-S)");
            }
            if (erasedValue != 0 && erasedValue != 0xFF) {
                throw new ImageFormatException("erased value must be 0 or 0xff");
            }
            if (!ALIGNS.contains(align)) {
                throw new ImageFormatException("invalid alignment " + align + ": use 1, 2, 4, 8, 16 or 32");
            }
            if (maxAlign != null && !MAX_ALIGNS.contains(maxAlign)) {
                throw new ImageFormatException("invalid max alignment " + maxAlign + ": use 8, 16 or 32");
            }
            if (maxSectors < 0) {
                throw new ImageFormatException("max sectors must not be negative");
            }
            if (loadAddress != 0 && romFixed != null) {
                throw new ImageFormatException("Can not set rom_fixed and load_addr at the same time");
            }
            if (securityCounter != null && (securityCounter < 0 || securityCounter > 0xFFFF_FFFFL)) {
                throw new ImageFormatException("security counter " + securityCounter + " does not fit in 32 bits");
            }
            if (bootRecord != null && bootRecord.length() > BootRecord.MAX_SW_TYPE_LENGTH) {
                throw new ImageFormatException("'" + bootRecord + "' is too long (" + bootRecord.length()
                        + " characters) for sw_type. Its maximum allowed length is 12 characters.");
            }
            if (!Set.of("auto", "256", "384", "512").contains(sha)) {
                throw new ImageFormatException("invalid --sha '" + sha + "': use auto, 256, 384 or 512");
            }
            if (pure && !"auto".equals(sha)) {
                throw new ImageFormatException(
                        "Pure signatures, currently, enforces preferred hash algorithm, and forbids sha selection by user.");
            }
            if (key != null && !key.hasPrivateKey()) {
                throw new ImageFormatException(
                        "Cannot sign with a public-only PEM; signing requires the private key.");
            }
            if (fixedSignature != null && key != null) {
                throw new ImageFormatException(
                        "Can not sign using key and provide fixed-signature at the same time");
            }
            if (fixedSignature != null && fixedSignatureKey == null) {
                throw new ImageFormatException("public key of the fixed signature is not specified");
            }
            return new SignOptions(this);
        }
    }
}
