package dev.otalab.mcuboot.image;

import dev.otalab.mcuboot.McubootException;

/** A byte sequence that is not a well-formed MCUboot image, or an invalid image parameter. */
public class ImageFormatException extends McubootException {

    public ImageFormatException(String message) {
        super(message);
    }
}
