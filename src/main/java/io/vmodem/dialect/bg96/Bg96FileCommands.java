package io.vmodem.dialect.bg96;

import io.vmodem.at.AtCommand;
import io.vmodem.at.CommandCall;
import io.vmodem.at.Handler;
import io.vmodem.at.Reply;
import io.vmodem.dialect.common.FileDownload;
import io.vmodem.dialect.common.FileUpload;
import io.vmodem.dialect.quectel.QuectelFileErrors;
import io.vmodem.modem.FileRefused;
import io.vmodem.modem.FileStore;
import io.vmodem.modem.FileStore.OpenFile;
import io.vmodem.modem.FileStore.OpenMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The BG96's file commands on its UFS (BG96 FILE AT Commands Manual V1.0, chapter 2): list, delete,
 * upload and download whole files, and open files read and written at a pointer. The store and its
 * limits are the modem's ({@link FileStore}); here is the wording. Refusals are {@code +CME ERROR:
 * 4xx} (chapter 4); a parameter the manual's syntax does not allow is 400, invalid input value.
 */
public final class Bg96FileCommands {
    /** The storage's name in AT+QFLDS; a file name may start with it and a colon. */
    static final String UFS = "UFS";

    private static final String UFS_PREFIX = UFS + ":";

    /** AT+QFUPL's defaults (2.4): 10240 bytes, 5 s without data. */
    private static final int DEFAULT_UPLOAD_SIZE = 10_240;

    private static final int DEFAULT_TIMEOUT_S = 5;

    /** ACK mode (2.4, note 4): an A after each 1 KiB block. */
    private static final int ACK_BLOCK = 1024;

    private static final Handler<Bg96Session> INVALID = (s, call) -> Reply.cme(QuectelFileErrors.INVALID_INPUT);

    private Bg96FileCommands() {}

    static List<AtCommand<Bg96Session>> commands() {
        return List.of(
                qflds(),
                qflst(),
                qfdel(),
                qfupl(),
                qfdwl(),
                qfopen(),
                qfread(),
                qfwrite(),
                qfseek(),
                qfposition(),
                qftucat(),
                qfclose());
    }

    /**
     * A file name as the host gives it: quoted or not, with or without the {@code UFS:} prefix
     * (newer firmware lists files with it); the store's name is without. Public for the services
     * that name uploaded files (AT+QSSLCFG="cacert").
     */
    public static String fileName(String given) {
        return given.startsWith(UFS_PREFIX) ? given.substring(UFS_PREFIX.length()) : given;
    }

    /** A file store refusal as the module's +CME ERROR, with the reason for the trace. */
    private static Handler<Bg96Session> files(Handler<Bg96Session> h) {
        return (s, call) -> {
            try {
                return h.handle(s, call);
            } catch (FileRefused e) {
                return Reply.cme(QuectelFileErrors.of(e.failure())).because(e.getMessage());
            }
        };
    }

    private static FileStore store(Bg96Session s) {
        return s.modem().files();
    }

    private static String name(Bg96Session s, CommandCall call, int i) {
        return store(s).checkName(fileName(call.stringArg(i)));
    }

    private static String quoted(String name) {
        return "\"" + name + "\"";
    }

    /**
     * FILE 2.1 AT+QFLDS=<name_pattern> ("UFS") gives +QFLDS: <freesize>,<total_size>; AT+QFLDS
     * gives +QFLDS: <UFS_file_size>,<UFS_file_number>, the bytes in files and how many.
     */
    private static AtCommand<Bg96Session> qflds() {
        return AtCommand.<Bg96Session>named("+QFLDS")
                .summary("UFS space: free and total bytes; without a pattern, bytes in files and their number")
                .section("FILE 2.1")
                .test()
                .set(files((s, call) -> {
                    call.atMost(1);
                    String pattern = call.stringArg(0);
                    if (!pattern.equals(UFS)) {
                        return Reply.cme(QuectelFileErrors.INVALID_INPUT)
                                .because("the BG96 has one storage, UFS; given " + pattern);
                    }
                    FileStore f = store(s);
                    return Reply.ok("+QFLDS: " + f.free() + "," + f.limits().totalBytes());
                }))
                .exec((s, call) -> {
                    FileStore f = store(s);
                    return Reply.ok("+QFLDS: " + f.used() + "," + f.count());
                })
                .onInvalid(INVALID)
                .build();
    }

    /**
     * FILE 2.2 AT+QFLST=<name_pattern> ("*" for all, or one file's name) and AT+QFLST list
     * +QFLST: <filename>,<file_size>, one line a file.
     */
    private static AtCommand<Bg96Session> qflst() {
        Handler<Bg96Session> all = (s, call) -> {
            FileStore f = store(s);
            List<String> lines = new ArrayList<>();
            for (String name : f.names()) {
                lines.add("+QFLST: " + quoted(name) + "," + f.size(name));
            }
            return Reply.ok(lines);
        };
        return AtCommand.<Bg96Session>named("+QFLST")
                .summary("List the files of UFS with their sizes: all (\"*\") or one")
                .section("FILE 2.2")
                .test()
                .set(files((s, call) -> {
                    call.atMost(1);
                    String pattern = call.stringArg(0);
                    if (pattern.equals("*") || pattern.equals(UFS_PREFIX + "*")) {
                        return all.handle(s, call);
                    }
                    String name = name(s, call, 0);
                    return Reply.ok("+QFLST: " + quoted(name) + "," + store(s).size(name));
                }))
                .exec(all)
                .onInvalid(INVALID)
                .build();
    }

    /** FILE 2.3 AT+QFDEL=<filename> deletes a file; "*" deletes every file of UFS. */
    private static AtCommand<Bg96Session> qfdel() {
        return AtCommand.<Bg96Session>named("+QFDEL")
                .summary("Delete a file of UFS, or all (\"*\")")
                .section("FILE 2.3")
                .test("+QFDEL: <filename>")
                .set(files((s, call) -> {
                    call.atMost(1);
                    String pattern = call.stringArg(0);
                    if (pattern.equals("*") || pattern.equals(UFS_PREFIX + "*")) {
                        store(s).deleteAll();
                    } else {
                        store(s).delete(name(s, call, 0));
                    }
                    return Reply.ok();
                }))
                .onInvalid(INVALID)
                .build();
    }

    /**
     * FILE 2.4 AT+QFUPL=<filename>[,<file_size>[,<timeout>[,<ackmode>]]]: CONNECT, then the file's
     * bytes; once <file_size> are in (or none came for <timeout> seconds) +QFUPL:
     * <upload_size>,<checksum> and OK. +++ ends it early and keeps what came.
     */
    private static AtCommand<Bg96Session> qfupl() {
        return AtCommand.<Bg96Session>named("+QFUPL")
                .summary("Upload a file to UFS after CONNECT; answers its size and checksum (XOR of 16-bit words)")
                .section("FILE 2.4")
                .test("+QFUPL: <filename>[,(1-<freesize>)[,(1-65535)[,(0,1)]]]")
                .set(files((s, call) -> {
                    call.atMost(4);
                    String name = name(s, call, 0);
                    int size = call.intArg(1, 1, Integer.MAX_VALUE, DEFAULT_UPLOAD_SIZE);
                    int timeout = call.intArg(2, 1, 65535, DEFAULT_TIMEOUT_S);
                    boolean ack = call.intArg(3, 0, 1, 0) == 1;
                    FileStore f = store(s);
                    if (f.exists(name)) {
                        throw new FileRefused(FileRefused.Failure.EXISTS, "file " + name + " exists: delete it first");
                    }
                    f.checkRoom(size);
                    return new FileUpload(
                                    s.engine(),
                                    s.modem().scheduler(),
                                    size,
                                    Duration.ofSeconds(timeout),
                                    ack ? ACK_BLOCK : 0,
                                    new FileUpload.Receiver() {
                                        @Override
                                        public Reply.Done complete(byte[] data) {
                                            return uploaded(s, name, data);
                                        }

                                        @Override
                                        public Reply.Done timedOut(byte[] data) {
                                            if (data.length == 0) {
                                                return Reply.cme(QuectelFileErrors.TIMEOUT)
                                                        .because("no data came within " + timeout + " s");
                                            }
                                            return uploaded(s, name, data);
                                        }

                                        @Override
                                        public void escaped(byte[] data) {
                                            if (data.length > 0) {
                                                uploaded(s, name, data);
                                            }
                                        }
                                    })
                            .connect();
                }))
                .onInvalid(INVALID)
                .build();
    }

    private static Reply.Done uploaded(Bg96Session s, String name, byte[] data) {
        try {
            store(s).create(name, data);
        } catch (FileRefused e) {
            return Reply.cme(QuectelFileErrors.of(e.failure())).because(e.getMessage());
        }
        return Reply.ok("+QFUPL: " + data.length + "," + QuectelFileErrors.checksumText(data));
    }

    /**
     * FILE 2.5 AT+QFDWL=<filename>: CONNECT, the file's bytes, then +QFDWL:
     * <download_size>,<checksum> and OK.
     */
    private static AtCommand<Bg96Session> qfdwl() {
        return AtCommand.<Bg96Session>named("+QFDWL")
                .summary("Download a file of UFS after CONNECT; then its size and checksum")
                .section("FILE 2.5")
                .test("+QFDWL: <filename>")
                .set(files((s, call) -> {
                    call.atMost(1);
                    byte[] data = store(s).read(name(s, call, 0));
                    String end = "+QFDWL: " + data.length + "," + QuectelFileErrors.checksumText(data);
                    return new FileDownload(s.engine(), "", data, () -> Reply.ok(end)).connect();
                }))
                .onInvalid(INVALID)
                .build();
    }

    /**
     * FILE 2.6 AT+QFOPEN=<filename>[,<mode>] answers +QFOPEN: <filehandle>; mode 0 creates or
     * opens, 1 creates or empties, 2 opens read-only. AT+QFOPEN? lists the open files.
     */
    private static AtCommand<Bg96Session> qfopen() {
        return AtCommand.<Bg96Session>named("+QFOPEN")
                .summary("Open a file of UFS: 0 create or open, 1 create or empty, 2 read only; answers its handle")
                .section("FILE 2.6")
                .test("+QFOPEN: <filename>[,(0-2)]")
                .read((s, call) -> {
                    List<String> lines = new ArrayList<>();
                    for (OpenFile f : store(s).openFiles()) {
                        lines.add("+QFOPEN: " + quoted(f.name()) + "," + f.handle() + ","
                                + f.mode().ordinal());
                    }
                    return Reply.ok(lines);
                })
                .set(files((s, call) -> {
                    call.atMost(2);
                    String name = name(s, call, 0);
                    OpenMode mode = OpenMode.values()[call.intArg(1, 0, 2, 0)];
                    return Reply.ok("+QFOPEN: " + store(s).open(name, mode).handle());
                }))
                .onInvalid(INVALID)
                .build();
    }

    /**
     * FILE 2.7 AT+QFREAD=<filehandle>[,<length>]: CONNECT <read_length>, that many bytes from the
     * pointer, OK. Without a length it reads to the end of the file.
     */
    private static AtCommand<Bg96Session> qfread() {
        return AtCommand.<Bg96Session>named("+QFREAD")
                .summary("Read from an open file at its pointer: CONNECT <length>, the bytes, OK")
                .section("FILE 2.7")
                .test("+QFREAD: <filehandle>[,<length>]")
                .set(files((s, call) -> {
                    call.atMost(2);
                    OpenFile f = store(s).file(call.intArg(0, 0, Integer.MAX_VALUE));
                    long length = call.intArg(1, 1, Integer.MAX_VALUE, Integer.MAX_VALUE);
                    byte[] data = f.read(length);
                    return new FileDownload(s.engine(), Integer.toString(data.length), data, () -> Reply.ok())
                            .connect();
                }))
                .onInvalid(INVALID)
                .build();
    }

    /**
     * FILE 2.8 AT+QFWRITE=<filehandle>[,<length>[,<timeout>]]: CONNECT, the bytes written at the
     * pointer, then +QFWRITE: <written_length>,<total_length> and OK. Without a length it takes
     * what comes until the host is quiet for <timeout> seconds (5).
     */
    private static AtCommand<Bg96Session> qfwrite() {
        return AtCommand.<Bg96Session>named("+QFWRITE")
                .summary(
                        "Write to an open file at its pointer after CONNECT; answers bytes written and the file's size")
                .section("FILE 2.8")
                .test("+QFWRITE: <filehandle>[,<length>[,<timeout>]]")
                .set(files((s, call) -> {
                    call.atMost(3);
                    FileStore store = store(s);
                    OpenFile f = store.file(call.intArg(0, 0, Integer.MAX_VALUE));
                    if (f.mode() == OpenMode.READ_ONLY) {
                        throw new FileRefused(FileRefused.Failure.READ_ONLY, "file " + f.name() + " is read only");
                    }
                    long room = Math.min(
                            store.free() + f.size() - f.position(),
                            store.limits().maxFileSize() - f.position());
                    int length = call.has(1)
                            ? call.intArg(1, 1, Integer.MAX_VALUE)
                            : (int) Math.max(0, Math.min(room, Integer.MAX_VALUE));
                    int timeout = call.intArg(2, 1, 65535, DEFAULT_TIMEOUT_S);
                    if (length > room) {
                        throw new FileRefused(
                                FileRefused.Failure.NO_SPACE, length + " bytes do not fit: room for " + room);
                    }
                    FileUpload.Receiver write = new FileUpload.Receiver() {
                        @Override
                        public Reply.Done complete(byte[] data) {
                            return written(f, data);
                        }

                        @Override
                        public Reply.Done timedOut(byte[] data) {
                            return written(f, data);
                        }

                        @Override
                        public void escaped(byte[] data) {
                            written(f, data);
                        }
                    };
                    return new FileUpload(
                                    s.engine(), s.modem().scheduler(), length, Duration.ofSeconds(timeout), 0, write)
                            .connect();
                }))
                .onInvalid(INVALID)
                .build();
    }

    private static Reply.Done written(OpenFile f, byte[] data) {
        try {
            f.write(data);
        } catch (FileRefused e) {
            return Reply.cme(QuectelFileErrors.of(e.failure())).because(e.getMessage());
        }
        return Reply.ok("+QFWRITE: " + data.length + "," + f.size());
    }

    /**
     * FILE 2.9 AT+QFSEEK=<filehandle>,<offset>[,<position>]: the pointer moves to <offset> from the
     * beginning (0), from itself (1) or back from the end (2). A pointer past the end is ERROR.
     */
    private static AtCommand<Bg96Session> qfseek() {
        return AtCommand.<Bg96Session>named("+QFSEEK")
                .summary("Move an open file's pointer: from the beginning (0), the pointer (1) or the end (2)")
                .section("FILE 2.9")
                .test("+QFSEEK: <filehandle>,<offset>[,(0-2)]")
                .set(files((s, call) -> {
                    call.atMost(3);
                    OpenFile f = store(s).file(call.intArg(0, 0, Integer.MAX_VALUE));
                    long offset = call.intArg(1, 0, Integer.MAX_VALUE);
                    int from = call.intArg(2, 0, 2, 0);
                    long to =
                            switch (from) {
                                case 0 -> offset;
                                case 1 -> f.position() + offset;
                                default -> f.size() - offset;
                            };
                    if (to < 0 || to > f.size()) {
                        // The manual's notes: past the file's size the command returns ERROR.
                        return Reply.error()
                                .because("position " + to + " is outside the file's " + f.size() + " bytes");
                    }
                    f.seek(to);
                    return Reply.ok();
                }))
                .onInvalid(INVALID)
                .build();
    }

    /** FILE 2.10 AT+QFPOSITION=<filehandle> answers +QFPOSITION: <offset>, the pointer. */
    private static AtCommand<Bg96Session> qfposition() {
        return AtCommand.<Bg96Session>named("+QFPOSITION")
                .summary("The pointer of an open file: bytes from its beginning")
                .section("FILE 2.10")
                .test("+QFPOSITION: <filehandle>")
                .set(files((s, call) -> {
                    call.atMost(1);
                    OpenFile f = store(s).file(call.intArg(0, 0, Integer.MAX_VALUE));
                    return Reply.ok("+QFPOSITION: " + f.position());
                }))
                .onInvalid(INVALID)
                .build();
    }

    /** FILE 2.11 AT+QFTUCAT=<filehandle> drops every byte of the file from its pointer on. */
    private static AtCommand<Bg96Session> qftucat() {
        return AtCommand.<Bg96Session>named("+QFTUCAT")
                .summary("Truncate an open file at its pointer")
                .section("FILE 2.11")
                .test("+QFTUCAT: <filehandle>")
                .set(files((s, call) -> {
                    call.atMost(1);
                    store(s).file(call.intArg(0, 0, Integer.MAX_VALUE)).truncate();
                    return Reply.ok();
                }))
                .onInvalid(INVALID)
                .build();
    }

    /** FILE 2.12 AT+QFCLOSE=<filehandle> closes the file; its handle is free again. */
    private static AtCommand<Bg96Session> qfclose() {
        return AtCommand.<Bg96Session>named("+QFCLOSE")
                .summary("Close an open file")
                .section("FILE 2.12")
                .test("+QFCLOSE: <filehandle>")
                .set(files((s, call) -> {
                    call.atMost(1);
                    store(s).close(call.intArg(0, 0, Integer.MAX_VALUE));
                    return Reply.ok();
                }))
                .onInvalid(INVALID)
                .build();
    }
}
