package io.vmodem.modem;

/**
 * What a module model is: its identity strings and the radio it reports. One per dialect; data,
 * not code, so the dialects differ by values where they can.
 *
 * @param manufacturer {@code AT+CGMI}
 * @param model {@code AT+CGMM}
 * @param revision {@code AT+CGMR}
 * @param fullRevision the detailed firmware version ({@code AT+QGMR} on Quectel)
 * @param imeiTac the 8-digit type allocation code that starts every IMEI of this model
 * @param mcc mobile country code of the simulated home network
 * @param mnc mobile network code
 * @param operatorName long alphanumeric operator name
 * @param accessTechnology {@code AT+COPS} AcT: 7 LTE, 8 LTE Cat-M1, 9 LTE Cat-NB1
 * @param rssi {@code AT+CSQ} signal quality (0..31)
 * @param ber {@code AT+CSQ} bit error rate (0..7, 99 unknown)
 */
public record ModemProfile(
        String manufacturer,
        String model,
        String revision,
        String fullRevision,
        String imeiTac,
        String mcc,
        String mnc,
        String operatorName,
        int accessTechnology,
        int rssi,
        int ber) {

    public ModemProfile {
        if (imeiTac.length() != 8 || !imeiTac.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("a TAC is 8 digits: " + imeiTac);
        }
    }

    /** MCC and MNC together, as {@code AT+COPS} numeric format shows them. */
    public String plmn() {
        return mcc + mnc;
    }
}
