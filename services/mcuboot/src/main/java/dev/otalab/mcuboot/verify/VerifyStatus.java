package dev.otalab.mcuboot.verify;

/** Outcomes of image verification, with the line {@code imgtool verify} prints for each. */
public enum VerifyStatus {
    OK("Image was correctly validated"),
    INVALID_MAGIC("Invalid image magic; is this an MCUboot image?"),
    INVALID_TLV_INFO_MAGIC("Invalid TLV info magic; is this an MCUboot image?"),
    INVALID_HASH("Image has an invalid hash"),
    INVALID_SIGNATURE("No signature found for the given key"),
    KEY_MISMATCH("Key type does not match TLV record"),
    /** Stricter than imgtool: the image's KEYHASH or PUBKEY names another key. */
    KEY_HASH_MISMATCH("Image names a different public key than the given key"),
    /** Stricter than imgtool, which crashes or reads past a broken structure. */
    MALFORMED("Malformed image");

    private final String message;

    VerifyStatus(String message) {
        this.message = message;
    }

    public String message() {
        return message;
    }
}
