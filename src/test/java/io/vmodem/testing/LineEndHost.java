package io.vmodem.testing;

import io.vmodem.testing.HostTyping.LineEnd;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * A host at one modem as the data-path properties drive it, reused across tries: it ends its lines
 * with CR, CR LF or LF (switching S3 when it must), writes a command in random pieces, and sends the
 * LF of a CR LF with the CR, in a write of its own, or after the answer. The modem may answer after
 * a response delay; the host moves virtual time itself, so a try costs no waiting.
 */
public final class LineEndHost {
    /** Where the LF of a CR LF line end goes. */
    public enum LfWrite {
        /** In the same write as the CR. */
        WITH_CR,
        /** In a write of its own, right after the CR's, without waiting for the answer. */
        OWN_WRITE,
        /** After the answer has arrived: data. */
        AFTER_ANSWER
    }

    /** Enough virtual time for any setup command to answer. */
    private static final Duration SETUP_TIME = Duration.ofSeconds(5);

    private final ModemHarness modem;
    private final Duration responseDelay;
    private LineEnd lineEnd = LineEnd.CRLF;

    /** {@code responseDelay}: the modem's setting ({@link io.vmodem.modem.ModemSettings#responseDelay}). */
    public LineEndHost(ModemHarness modem, Duration responseDelay) {
        this.modem = modem;
        this.responseDelay = responseDelay;
    }

    /** Powers the modem on; from here on the host moves virtual time itself. */
    public LineEndHost boot() {
        modem.boot();
        modem.autoAdvance(false);
        return this;
    }

    /**
     * A setup command, ended by CR LF: the modem's timers (the response delay, the network's delays)
     * run at once in virtual time.
     */
    public ModemHarness setUp(String command) {
        modem.send(command);
        modem.advance(SETUP_TIME);
        return modem;
    }

    public ModemHarness modem() {
        return modem;
    }

    public LineEnd lineEnd() {
        return lineEnd;
    }

    /** Ends command lines with {@code end} from now on; sets S3 when that changes. */
    public void use(LineEnd end) {
        if (end.s3() != lineEnd.s3()) {
            modem.sendRaw("ATS3=" + end.s3() + lineEnd.text());
            answer();
            modem.expectRaw(end.framed("OK")); // framed with the new S3 already
        }
        lineEnd = end;
    }

    /**
     * Whether the LF of this host's line end will be data, by the rule: only an LF that reached the
     * modem before its answer went out ends the line. Without a response delay the answer goes out as
     * the CR arrives, so an LF in a later write is data.
     */
    public boolean lfIsData(LfWrite how) {
        return lineEnd == LineEnd.CRLF
                && (how == LfWrite.AFTER_ANSWER || how == LfWrite.OWN_WRITE && responseDelay.isZero());
    }

    /**
     * Types {@code command} and the line end in random writes, expects {@code answer} exactly (the
     * prompt or CONNECT, framed), and with {@link LfWrite#AFTER_ANSWER} sends the LF after it.
     */
    public void command(String command, LfWrite how, String answer, Random random) {
        boolean separate = lineEnd == LineEnd.CRLF && how != LfWrite.WITH_CR;
        List<byte[]> writes = HostTyping.cut(command.getBytes(StandardCharsets.ISO_8859_1), random, 8);
        String end = separate ? "\r" : lineEnd.text();
        // The line end goes with the last piece of the command or in a write of its own; CR LF whole.
        if (random.nextBoolean()) {
            writes.add(end.getBytes(StandardCharsets.ISO_8859_1));
        } else {
            writes.set(
                    writes.size() - 1,
                    HostTyping.concat("", writes.get(writes.size() - 1), end.getBytes(StandardCharsets.ISO_8859_1)));
        }
        writes.forEach(modem::sendRaw);
        if (separate && how == LfWrite.OWN_WRITE) {
            modem.sendRaw("\n");
        }
        answer();
        modem.expectRaw(answer);
        if (separate && how == LfWrite.AFTER_ANSWER) {
            modem.sendRaw("\n");
        }
    }

    /** The prompt as this host sees it: S3, LF, {@code "> "}. */
    public String prompt() {
        return (char) lineEnd.s3() + "\n> ";
    }

    /** Types {@code data} in random writes of 1..64 bytes, all at the same moment. */
    public void type(byte[] data, Random random) {
        for (byte[] write : HostTyping.cut(data, random, 64)) {
            modem.sendRaw(write);
        }
    }

    /** Lets the module's response time pass, so that its answer comes. */
    private void answer() {
        if (!responseDelay.isZero()) {
            modem.advance(responseDelay);
        }
    }
}
