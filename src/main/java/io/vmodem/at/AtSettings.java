package io.vmodem.at;

import java.util.Arrays;

/**
 * The V.250 settings that shape what the engine sends: echo, verbose and quiet result codes, the
 * S-registers and the +CME ERROR mode. {@code ATZ} restores the saved profile, {@code AT&F} the
 * factory one.
 */
public final class AtSettings {
    /** Highest S-register number kept. */
    public static final int MAX_REGISTER = 30;

    public static final int S_ESCAPE_CHAR = 2;
    public static final int S_LINE_END = 3;
    public static final int S_RESPONSE_FORMAT = 4;
    public static final int S_BACKSPACE = 5;
    public static final int S_ESCAPE_GUARD = 12;

    /** What {@code AT+CMEE} selects for errors: plain ERROR, a number or a text. */
    public enum CmeeMode {
        OFF,
        NUMERIC,
        VERBOSE
    }

    /** What a drop of DTR does ({@code AT&D}). */
    public enum DtrMode {
        IGNORE,
        LEAVE_ONLINE,
        HANG_UP
    }

    private boolean echo;
    private boolean verbose;
    private boolean quiet;
    private CmeeMode cmee;
    private DtrMode dtrMode;
    private int dcdMode;
    private int resultCodeSet;
    private final int[] registers = new int[MAX_REGISTER + 1];

    private AtSettings() {}

    /** The V.250 factory defaults: echo on, verbose, S3=13, S4=10, S5=8, S12=50 (1 s). */
    public static AtSettings factory() {
        AtSettings s = new AtSettings();
        s.echo = true;
        s.verbose = true;
        s.quiet = false;
        s.cmee = CmeeMode.OFF;
        s.dtrMode = DtrMode.LEAVE_ONLINE;
        s.dcdMode = 1;
        s.resultCodeSet = 4;
        s.registers[0] = 0;
        s.registers[S_ESCAPE_CHAR] = '+';
        s.registers[S_LINE_END] = '\r';
        s.registers[S_RESPONSE_FORMAT] = '\n';
        s.registers[S_BACKSPACE] = 8;
        s.registers[6] = 2;
        s.registers[7] = 60;
        s.registers[8] = 2;
        s.registers[10] = 15;
        s.registers[S_ESCAPE_GUARD] = 50;
        return s;
    }

    public AtSettings copy() {
        AtSettings s = new AtSettings();
        s.copyFrom(this);
        return s;
    }

    public void copyFrom(AtSettings other) {
        echo = other.echo;
        verbose = other.verbose;
        quiet = other.quiet;
        cmee = other.cmee;
        dtrMode = other.dtrMode;
        dcdMode = other.dcdMode;
        resultCodeSet = other.resultCodeSet;
        System.arraycopy(other.registers, 0, registers, 0, registers.length);
    }

    public boolean echo() {
        return echo;
    }

    public AtSettings echo(boolean on) {
        echo = on;
        return this;
    }

    public boolean verbose() {
        return verbose;
    }

    public AtSettings verbose(boolean on) {
        verbose = on;
        return this;
    }

    public boolean quiet() {
        return quiet;
    }

    public AtSettings quiet(boolean on) {
        quiet = on;
        return this;
    }

    public CmeeMode cmee() {
        return cmee;
    }

    public AtSettings cmee(CmeeMode mode) {
        cmee = mode;
        return this;
    }

    public DtrMode dtrMode() {
        return dtrMode;
    }

    public AtSettings dtrMode(DtrMode mode) {
        dtrMode = mode;
        return this;
    }

    public int dcdMode() {
        return dcdMode;
    }

    public AtSettings dcdMode(int mode) {
        dcdMode = mode;
        return this;
    }

    public int resultCodeSet() {
        return resultCodeSet;
    }

    public AtSettings resultCodeSet(int set) {
        resultCodeSet = set;
        return this;
    }

    public int register(int n) {
        return registers[n];
    }

    public AtSettings register(int n, int value) {
        registers[n] = value;
        return this;
    }

    /** The escape guard time of S12, in milliseconds (S12 counts fiftieths of a second). */
    public long escapeGuardMillis() {
        return registers[S_ESCAPE_GUARD] * 20L;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AtSettings s
                && echo == s.echo
                && verbose == s.verbose
                && quiet == s.quiet
                && cmee == s.cmee
                && dtrMode == s.dtrMode
                && dcdMode == s.dcdMode
                && resultCodeSet == s.resultCodeSet
                && Arrays.equals(registers, s.registers);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(registers) * 31 + (echo ? 1 : 0) + (verbose ? 2 : 0) + (quiet ? 4 : 0);
    }
}
