package dev.otalab.jobs.service;

import dev.otalab.jobs.mapping.ProblemType;
import dev.otalab.jobs.model.Job;
import dev.otalab.ota.JobDocument;
import dev.otalab.ota.OtaProtocolException;
import dev.otalab.ota.OtaTopics;
import dev.otalab.ota.OtaVersion;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The job documents this service sends, and the checks that make sure a stored job can always be
 * turned into one a device accepts. All byte rules are {@link JobDocument}'s and {@link OtaTopics}'s.
 */
public final class JobDocuments {

    /** Longest {@code SerialNumber} echoed into a job document (the device's buffer holds 31). */
    static final int MAX_ECHOED_SERIAL = 31;

    /** image-store's version: {@code a.b.c}, or MCUboot's {@code a.b.c+build} (the build is not part of the OTA version). */
    private static final Pattern IMAGE_VERSION = Pattern.compile("(\\d{1,10})\\.(\\d{1,10})\\.(\\d{1,10})(?:\\+\\d{1,10})?");

    private JobDocuments() {
    }

    /**
     * Refuses a board that no device could have as {@code CY_TARGET_BOARD_STRING} with the fleet's
     * prepend: it must fit the job document's {@code Board} (47 printable ASCII characters without
     * {@code "} or {@code \}) and be one topic level whose unique topics fit the device's 255 bytes.
     */
    public static void checkBoard(String prepend, String board) {
        try {
            if (board == null || board.isEmpty()) {
                throw new ProblemException(ProblemType.INVALID_BOARD, "board must not be empty");
            }
            JobDocument.builder().board(board).build();
            new OtaTopics(prepend, board);
        } catch (OtaProtocolException e) {
            throw new ProblemException(ProblemType.INVALID_BOARD, "board cannot be a device's board string: "
                    + e.getMessage());
        }
    }

    /** True when {@link #checkBoard} accepts {@code board}. */
    public static boolean isUsableBoard(String prepend, String board) {
        try {
            checkBoard(prepend, board);
            return true;
        } catch (ProblemException e) {
            return false;
        }
    }

    /**
     * The OTA version of an image-store version text. Not {@code a.b.c[+n]} is image-store's fault
     * ({@code image-store-error}); a version the job document cannot carry is the job's
     * ({@code invalid-job}, checked by {@link #checkJob}).
     */
    public static OtaVersion imageVersion(String text, String digest) {
        Matcher m = text == null ? null : IMAGE_VERSION.matcher(text);
        if (m == null || !m.matches()) {
            throw new ProblemException(ProblemType.BAD_GATEWAY, "image-store reports version "
                    + (text == null ? "null" : "'" + text + "'") + " for image " + digest + ", not a.b.c");
        }
        try {
            return OtaVersion.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)));
        } catch (NumberFormatException e) {
            throw new ProblemException(ProblemType.INVALID_JOB, "image version " + text
                    + " would not fit the job document: a part is beyond 2147483647");
        }
    }

    /**
     * Refuses a job whose document a device would not take: the version must fit the document's
     * 16-bit parts and 15 characters; broker and port must be valid document values; a broker needs
     * a non-zero port (a new host with an empty port makes the device connect to port 0); and the
     * largest answer (longest unique topic, longest echoed serial) must stay below 1024 bytes.
     */
    public static void checkJob(String prepend, String board, OtaVersion version, String broker, String port) {
        if (!broker.isEmpty() && (port.isEmpty() || port.matches("0+"))) {
            throw new ProblemException(ProblemType.INVALID_JOB, "a broker needs a port: with broker '" + broker
                    + "' and port '" + port + "' the device would connect to port 0");
        }
        try {
            String longestTopic = new OtaTopics(prepend, board).uniqueTopic(OtaTopics.MAX_UNIQUE_SUFFIX);
            JobDocument.updateAvailable().serialNumber("0".repeat(MAX_ECHOED_SERIAL)).board(board).version(version)
                    .broker(broker).port(port).uniqueTopicName(longestTopic).build();
        } catch (OtaProtocolException e) {
            throw new ProblemException(ProblemType.INVALID_JOB, "the job would not fit the job document: "
                    + e.getMessage());
        }
    }

    /**
     * The offer: {@code Update Available} with the job's board, version, broker and port, the
     * device's unique topic and, when it is a valid document value, the device's serial number
     * (the device only logs it).
     */
    public static JobDocument updateAvailable(Job job, String serialNumber, String uniqueTopic) {
        return JobDocument.updateAvailable()
                .serialNumber(echoableSerial(serialNumber) ? serialNumber : null)
                .board(job.board)
                .version(OtaVersion.parse(job.version))
                .broker(job.broker)
                .port(job.port)
                .uniqueTopicName(uniqueTopic)
                .build();
    }

    /** {@code No Update Available} with the unique topic, or without it if it is no valid document value. */
    public static JobDocument noUpdate(String uniqueTopic) {
        try {
            return JobDocument.noUpdateAvailable(uniqueTopic);
        } catch (OtaProtocolException e) {
            return JobDocument.noUpdateAvailable(null);
        }
    }

    static boolean echoableSerial(String serial) {
        if (serial == null || serial.isEmpty() || serial.length() > MAX_ECHOED_SERIAL) {
            return false;
        }
        try {
            JobDocument.builder().serialNumber(serial).build();
            return true;
        } catch (OtaProtocolException e) {
            return false;
        }
    }
}
