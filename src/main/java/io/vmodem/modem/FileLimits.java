package io.vmodem.modem;

/**
 * What a module's file storage holds: data, so that modules differ by values.
 *
 * @param totalBytes the storage's size: the sum of all files' sizes never exceeds it
 * @param maxFileSize the largest one file may be
 * @param maxNameLength the longest name, in bytes of UTF-8
 * @param maxOpenFiles how many files may be open at once (BG96 {@code AT+QFOPEN})
 * @param firstHandle the handle the first open file gets; the next ones count up from it
 */
public record FileLimits(long totalBytes, long maxFileSize, int maxNameLength, int maxOpenFiles, int firstHandle) {

    public FileLimits {
        if (totalBytes <= 0 || maxFileSize <= 0 || maxNameLength <= 0 || maxOpenFiles < 0 || firstHandle < 0) {
            throw new IllegalArgumentException("file limits must be positive");
        }
    }

    /**
     * The Quectel BG96's UFS (BG96 FILE AT Commands Manual 2.1, 2.4, 2.6): the manual's example
     * reports 14483456 bytes in all; a name has at most 80 bytes. How many files may be open at once
     * and how handles are numbered the manual does not say (a handle is "4 bytes"); drivers' logs
     * show handles from 3000 on, and 10 open files is a choice.
     */
    public static final FileLimits BG96_UFS = new FileLimits(14_483_456, 14_483_456, 80, 10, 3000);

    /**
     * The SIMCom SIM7600's local storage, C:/ (SIM7500/SIM7600 HTTP(S) AT manual: AT+HTTPPOSTFILE,
     * AT+HTTPREADFILE), which holds the certificate files of AT+CCERTDOWN too (those have 1 to 10240
     * bytes, the SSL chapter's limit, checked by the command). The manuals give no sizes: 4 MiB in
     * all, 1 MiB a file (the most body an HTTP response keeps here) and 128 bytes a name are choices.
     */
    public static final FileLimits SIM7600 = new FileLimits(4 << 20, 1 << 20, 128, 0, 0);

    /** A module whose manuals describe no file commands: storage nobody can reach, kept small. */
    public static final FileLimits NONE = new FileLimits(1 << 20, 1 << 20, 80, 0, 0);
}
