package io.vmodem.modem;

/**
 * The numbers that make one modem unique: IMEI (Luhn-valid, from the model's TAC), IMSI and ICCID.
 * Derived from a serial number, so the same serial gives the same modem across program runs (its
 * non-volatile store follows it).
 */
public record Identity(long serial, String imei, String imsi, String iccid) {

    public static Identity of(ModemProfile profile, long serial) {
        long s = Math.floorMod(serial, 1_000_000L);
        String body = profile.imeiTac() + String.format("%06d", s);
        String imei = body + luhn(body);
        String msin = String.format("%0" + (15 - profile.plmn().length()) + "d", 10_000_000L + serial);
        String imsi = profile.plmn()
                + msin.substring(msin.length() - (15 - profile.plmn().length()));
        String iccidBody = "8901" + profile.mcc() + String.format("%012d", serial);
        iccidBody = iccidBody.substring(0, Math.min(19, iccidBody.length()));
        String iccid = iccidBody + luhn(iccidBody);
        return new Identity(serial, imei, imsi, iccid);
    }

    /** The Luhn check digit of {@code digits} (ISO/IEC 7812-1). */
    public static int luhn(String digits) {
        int sum = 0;
        boolean twice = true;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return (10 - sum % 10) % 10;
    }

    public static boolean luhnValid(String number) {
        return luhn(number.substring(0, number.length() - 1)) == number.charAt(number.length() - 1) - '0';
    }
}
