package dev.otalab.emulator.ota;

/**
 * What a kit's OTA Agent has done since the kit was created (over every boot).
 *
 * @param checks cycles started (each one an {@code Update Availability} attempt, new unique topic)
 * @param connectFailures job or data phases that could not connect (after the connect retries)
 * @param jobsReceived job documents taken
 * @param noJob job waits that ended without a document
 * @param jobsRejected job documents rejected (malformed, version, board)
 * @param downloads jobs accepted (a download with up to {@code downloadTries} attempts)
 * @param attemptsFailed download attempts that failed
 * @param updatesPending downloads completed and marked pending for MCUboot
 * @param chunksWritten chunks written to the secondary slot
 * @param chunksDuplicate chunks ignored as duplicates
 * @param chunksRejected chunks that failed an attempt (bad header, old version, storage error)
 * @param bytesWritten chunk data bytes written to the secondary slot
 */
public record OtaCounters(long checks, long connectFailures, long jobsReceived, long noJob, long jobsRejected,
        long downloads, long attemptsFailed, long updatesPending, long chunksWritten, long chunksDuplicate,
        long chunksRejected, long bytesWritten) {
}
