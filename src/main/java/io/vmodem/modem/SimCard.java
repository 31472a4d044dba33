package io.vmodem.modem;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The module's (U)SIM as {@code AT+CRSM} (27.007 8.18) reaches it: the elementary files drivers read,
 * encoded as a real card holds them (3GPP TS 31.102, 51.011, 24.008), with contents that follow the
 * modem's identity and home network, and the card's status words for everything else. Files the user
 * may update (forbidden PLMNs, the user's PLMN list) take updates; the rest are the operator's.
 *
 * <p>The card is in the world around the module: a fault removes it or leaves it not ready, and it
 * stays so across the module's reboots until the fault clears ({@link #state(State)}); listeners
 * hear each change and the dialects word it ({@code +CPIN: NOT READY}, {@code +CPIN: READY}).
 */
public final class SimCard {
    /** What the module finds in its SIM holder. */
    public enum State {
        /** In place and initialised: {@code +CPIN: READY}. */
        READY,
        /** In place, not (yet) answering: commands that need it are refused as busy. */
        NOT_READY,
        /** Not there: commands that need it answer "SIM not inserted". */
        REMOVED
    }

    /** Hears the card change state. */
    public interface Listener {
        void stateChanged(State state);
    }

    private State state = State.READY;
    private final java.util.List<Listener> listeners = new java.util.ArrayList<>(1);
    /** {@code <command>} values of AT+CRSM: the card instructions (ISO/IEC 7816-4, TS 102 221). */
    public static final int READ_BINARY = 176;

    public static final int READ_RECORD = 178;
    public static final int GET_RESPONSE = 192;
    public static final int UPDATE_BINARY = 214;
    public static final int UPDATE_RECORD = 220;
    public static final int STATUS = 242;

    /** The instructions 27.007 lets AT+CRSM carry. */
    public static final Set<Integer> COMMANDS =
            Set.of(READ_BINARY, READ_RECORD, GET_RESPONSE, UPDATE_BINARY, UPDATE_RECORD, STATUS);

    public static final int EF_ICCID = 0x2FE2;
    public static final int EF_IMSI = 0x6F07;
    public static final int EF_AD = 0x6FAD;
    public static final int EF_HPLMN_W_ACT = 0x6F62;
    public static final int EF_PLMN_W_ACT = 0x6F60;
    public static final int EF_OPLMN_W_ACT = 0x6F61;
    public static final int EF_FPLMN = 0x6F7B;
    public static final int EF_EHPLMN = 0x6FD9;
    public static final int EF_UST = 0x6F38;
    public static final int EF_SPN = 0x6F46;

    /** What the card answers: its status words, and data for a read. */
    public record Response(int sw1, int sw2, byte[] data) {
        static Response ok(byte[] data) {
            return new Response(0x90, 0x00, data);
        }

        static Response status(int sw1, int sw2) {
            return new Response(sw1, sw2, new byte[0]);
        }
    }

    /** Access technology of a PLMN-with-AcT entry: E-UTRAN, in WB-S1 and NB-S1 mode (31.102 4.2.5). */
    private static final byte[] ACT_E_UTRAN = {0x40, 0x00};

    /** Files the user may update with the PIN; the others need the operator's keys. */
    private static final Set<Integer> USER_UPDATABLE = Set.of(EF_FPLMN, EF_PLMN_W_ACT);

    private final Map<Integer, byte[]> files = new HashMap<>();

    public SimCard(Identity identity, ModemProfile profile) {
        byte[] home = plmn(profile.mcc(), profile.mnc());
        files.put(EF_ICCID, swappedBcd(identity.iccid(), 10));
        files.put(EF_IMSI, imsi(identity.imsi()));
        files.put(EF_AD, new byte[] {0x00, 0x00, 0x00, (byte) profile.mnc().length()});
        files.put(EF_HPLMN_W_ACT, plmnList(8, home, ACT_E_UTRAN));
        files.put(EF_OPLMN_W_ACT, plmnList(8, home, ACT_E_UTRAN));
        files.put(EF_PLMN_W_ACT, plmnList(8, null, null));
        files.put(EF_FPLMN, filled(12));
        files.put(EF_EHPLMN, concat(home, filled(9)));
        files.put(EF_UST, serviceTable(20, 42, 43, 71));
        files.put(EF_SPN, spn(profile.operatorName()));
    }

    public State state() {
        return state;
    }

    public boolean ready() {
        return state == State.READY;
    }

    /** The card is removed, not ready, or back and ready; listeners hear a change once. */
    public void state(State next) {
        if (next == state) {
            return;
        }
        state = java.util.Objects.requireNonNull(next);
        for (Listener l : java.util.List.copyOf(listeners)) {
            l.stateChanged(next);
        }
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    /**
     * One AT+CRSM access. Offsets and lengths follow READ BINARY: {@code p1} and {@code p2} the
     * offset, {@code p3} the length, 0 for the rest of the file (at most 256 bytes).
     */
    public Response access(int command, int fileId, int p1, int p2, int p3, byte[] data) {
        if (command == STATUS) {
            return Response.ok(fcp(0x7FFF, 0, true));
        }
        byte[] file = files.get(fileId);
        if (file == null) {
            return Response.status(0x6A, 0x82); // file not found
        }
        return switch (command) {
            case READ_BINARY -> readBinary(file, (p1 << 8) | p2, p3);
            case GET_RESPONSE -> Response.ok(fcp(fileId, file.length, false));
            case UPDATE_BINARY -> updateBinary(fileId, file, (p1 << 8) | p2, data);
            default -> Response.status(0x69, 0x81); // command incompatible with file structure (all are transparent)
        };
    }

    private static Response readBinary(byte[] file, int offset, int length) {
        if (offset >= file.length) {
            return Response.status(0x6B, 0x00); // wrong parameters P1-P2
        }
        int available = file.length - offset;
        int wanted = length == 0 ? Math.min(available, 256) : length;
        byte[] out = Arrays.copyOfRange(file, offset, offset + Math.min(wanted, available));
        // End of file reached before reading Le bytes (TS 102 221 table 10.10): the data there is.
        return wanted > available ? new Response(0x62, 0x82, out) : Response.ok(out);
    }

    private Response updateBinary(int fileId, byte[] file, int offset, byte[] data) {
        if (!USER_UPDATABLE.contains(fileId)) {
            return Response.status(0x69, 0x82); // security status not satisfied
        }
        if (data == null || offset + data.length > file.length) {
            return Response.status(0x67, 0x00); // wrong length
        }
        byte[] updated = file.clone();
        System.arraycopy(data, 0, updated, offset, data.length);
        files.put(fileId, updated);
        return Response.ok(new byte[0]);
    }

    /**
     * The FCP template GET RESPONSE and STATUS give (TS 102 221 11.1.1.3): file descriptor, file ID,
     * life cycle status, and for an EF its size.
     */
    private static byte[] fcp(int fileId, int size, boolean directory) {
        byte[] body = directory
                ? new byte[] {
                    (byte) 0x82,
                    0x02,
                    0x78,
                    0x21,
                    (byte) 0x83,
                    0x02,
                    (byte) (fileId >> 8),
                    (byte) fileId,
                    (byte) 0x8A,
                    0x01,
                    0x05
                }
                : new byte[] {
                    (byte) 0x82,
                    0x02,
                    0x41,
                    0x21,
                    (byte) 0x83,
                    0x02,
                    (byte) (fileId >> 8),
                    (byte) fileId,
                    (byte) 0x8A,
                    0x01,
                    0x05,
                    (byte) 0x80,
                    0x02,
                    (byte) (size >> 8),
                    (byte) size
                };
        return concat(new byte[] {0x62, (byte) body.length}, body);
    }

    // ---- encodings ----

    /** Digits as BCD with the nibbles of each byte swapped, padded with F (ICCID, 31.102 / 102 221). */
    static byte[] swappedBcd(String digits, int bytes) {
        byte[] out = filled(bytes);
        for (int i = 0; i < digits.length() && i / 2 < bytes; i++) {
            int d = digits.charAt(i) - '0';
            int b = out[i / 2] & 0xFF;
            out[i / 2] = (byte) (i % 2 == 0 ? (b & 0xF0) | d : (b & 0x0F) | (d << 4));
        }
        return out;
    }

    /**
     * EF_IMSI (31.102 4.2.2): the length in bytes, then the first digit with the identity type
     * (IMSI, odd or even digit count), then the other digits, two by two, nibbles swapped.
     */
    static byte[] imsi(String imsi) {
        int parity = imsi.length() % 2 == 1 ? 0x08 : 0x00;
        byte[] out = filled(9);
        out[0] = (byte) ((imsi.length() + 2) / 2);
        out[1] = (byte) (((imsi.charAt(0) - '0') << 4) | parity | 0x01);
        byte[] rest = swappedBcd(imsi.substring(1), 7);
        System.arraycopy(rest, 0, out, 2, 7);
        return out;
    }

    /**
     * A PLMN in three bytes (24.008 table 10.5.3): MCC digit 2 and 1, MNC digit 3 and MCC digit 3, MNC
     * digit 2 and 1; a two-digit MNC has F for its third digit.
     */
    static byte[] plmn(String mcc, String mnc) {
        int[] c = mcc.chars().map(ch -> ch - '0').toArray();
        int[] n = mnc.chars().map(ch -> ch - '0').toArray();
        int n3 = n.length == 3 ? n[2] : 0xF;
        return new byte[] {(byte) (c[1] << 4 | c[0]), (byte) (n3 << 4 | c[2]), (byte) (n[1] << 4 | n[0])};
    }

    /** {@code count} PLMN-with-AcT entries of five bytes: {@code first} then unused ones. */
    private static byte[] plmnList(int count, byte[] first, byte[] act) {
        byte[] out = new byte[5 * count];
        for (int i = 0; i < count; i++) {
            boolean used = i == 0 && first != null;
            out[5 * i] = used ? first[0] : (byte) 0xFF;
            out[5 * i + 1] = used ? first[1] : (byte) 0xFF;
            out[5 * i + 2] = used ? first[2] : (byte) 0xFF;
            out[5 * i + 3] = used ? act[0] : 0;
            out[5 * i + 4] = used ? act[1] : 0;
        }
        return out;
    }

    /** EF_UST: bit (n-1) % 8 of byte (n-1) / 8 says service n is there. */
    private static byte[] serviceTable(int... services) {
        byte[] out = new byte[10];
        for (int n : services) {
            out[(n - 1) / 8] |= (byte) (1 << ((n - 1) % 8));
        }
        return out;
    }

    /** EF_SPN (31.102 4.2.12): the display condition, then the name in 16 bytes, padded with FF. */
    private static byte[] spn(String name) {
        byte[] out = filled(17);
        out[0] = 0x01; // show the registered PLMN's name too
        byte[] text = name.getBytes(StandardCharsets.US_ASCII); // letters, digits, "&": the same in the GSM alphabet
        System.arraycopy(text, 0, out, 1, Math.min(16, text.length));
        return out;
    }

    private static byte[] filled(int n) {
        byte[] out = new byte[n];
        Arrays.fill(out, (byte) 0xFF);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
