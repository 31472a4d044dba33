package io.vmodem.dialect.quectel;

import io.vmodem.modem.FileRefused;
import java.util.Map;

/**
 * The {@code +CME ERROR} codes of Quectel's file commands (BG96 FILE AT Commands Manual chapter 4,
 * Table 1), with the table's descriptions, and the code for each refusal of the file store.
 */
public final class QuectelFileErrors {
    public static final int INVALID_INPUT = 400;
    public static final int LARGER_THAN_FILE = 401;
    public static final int READ_ZERO_BYTE = 402;
    public static final int DRIVE_FULL = 403;
    public static final int FILE_NOT_FOUND = 405;
    public static final int INVALID_FILE_NAME = 406;
    public static final int FILE_EXISTS = 407;
    public static final int WRITE_FAILED = 409;
    public static final int OPEN_FAILED = 410;
    public static final int READ_FAILED = 411;
    public static final int TOO_MANY_OPEN = 413;
    public static final int READ_ONLY = 414;
    public static final int INVALID_DESCRIPTOR = 416;
    public static final int LIST_FAILED = 417;
    public static final int DELETE_FAILED = 418;
    public static final int DISK_INFO_FAILED = 419;
    public static final int NO_SPACE = 420;
    public static final int TIMEOUT = 421;
    public static final int FILE_TOO_LARGE = 423;
    public static final int INVALID_PARAMETER = 425;
    public static final int ALREADY_OPEN = 426;

    public static final Map<Integer, String> TEXTS = Map.ofEntries(
            Map.entry(INVALID_INPUT, "Invalid input value"),
            Map.entry(LARGER_THAN_FILE, "Larger than the size of the file"),
            Map.entry(READ_ZERO_BYTE, "Read zero byte"),
            Map.entry(DRIVE_FULL, "Drive full"),
            Map.entry(FILE_NOT_FOUND, "File not found"),
            Map.entry(INVALID_FILE_NAME, "Invalid file name"),
            Map.entry(FILE_EXISTS, "File already existed"),
            Map.entry(WRITE_FAILED, "Fail to write the file"),
            Map.entry(OPEN_FAILED, "Fail to open the file"),
            Map.entry(READ_FAILED, "Fail to read the file"),
            Map.entry(TOO_MANY_OPEN, "Reach the max number of file allowed to be opened"),
            Map.entry(READ_ONLY, "The file read-only"),
            Map.entry(INVALID_DESCRIPTOR, "Invalid file descriptor"),
            Map.entry(LIST_FAILED, "Fail to list the file"),
            Map.entry(DELETE_FAILED, "Fail to delete the file"),
            Map.entry(DISK_INFO_FAILED, "Fail to get disk info"),
            Map.entry(NO_SPACE, "No space"),
            Map.entry(TIMEOUT, "Time out"),
            Map.entry(FILE_TOO_LARGE, "File too large"),
            Map.entry(INVALID_PARAMETER, "Invalid parameter"),
            Map.entry(ALREADY_OPEN, "File already opened"));

    private QuectelFileErrors() {}

    /** The code for a refusal of the file store. */
    public static int of(FileRefused.Failure failure) {
        return switch (failure) {
            case NOT_FOUND -> FILE_NOT_FOUND;
            case EXISTS -> FILE_EXISTS;
            case INVALID_NAME -> INVALID_FILE_NAME;
            case NO_SPACE -> NO_SPACE;
            case TOO_LARGE -> FILE_TOO_LARGE;
            case READ_ONLY -> READ_ONLY;
            case TOO_MANY_OPEN -> TOO_MANY_OPEN;
            case ALREADY_OPEN -> ALREADY_OPEN;
            case INVALID_HANDLE -> INVALID_DESCRIPTOR;
            case OUT_OF_RANGE -> INVALID_INPUT;
        };
    }

    /**
     * The checksum of {@code +QFUPL} and {@code +QFDWL} (FILE manual 2.4, note 2): the XOR of the
     * data's 16-bit words, each high byte first; an odd last byte is the high byte of a word whose
     * low byte is 0.
     */
    public static int checksum(byte[] data) {
        int sum = 0;
        int i = 0;
        for (; i + 1 < data.length; i += 2) {
            sum ^= (data[i] & 0xff) << 8 | data[i + 1] & 0xff;
        }
        if (i < data.length) {
            sum ^= (data[i] & 0xff) << 8;
        }
        return sum;
    }

    /** The checksum as the module writes it: lower-case hexadecimal. */
    public static String checksumText(byte[] data) {
        return Integer.toHexString(checksum(data));
    }
}
