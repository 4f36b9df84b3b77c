package dev.otalab.emulator.flash;

/**
 * Operation counters of one device since it was made or its statistics were reset.
 *
 * @param writes        write calls performed (including those failed by a bad region)
 * @param sectorErases  sectors erased (an erase of k sectors counts k)
 * @param bytesWritten  bytes stored by successful writes
 * @param bytesErased   bytes covered by performed sector erases
 * @param failedWrites  writes refused by a bad region (counted in {@code writes}, stored nothing)
 */
public record FlashStatistics(long writes, long sectorErases, long bytesWritten, long bytesErased, long failedWrites) {

    /** Operations as the power-failure injector counts them: writes plus sector erases. */
    public long operations() {
        return writes + sectorErases;
    }
}
