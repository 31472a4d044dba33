package io.vmodem.modem;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.dialect.bc260y.Bc260yDialect;
import io.vmodem.dialect.bg96.Bg96Dialect;
import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The (U)SIM's files as AT+CRSM reads them, encoded as 31.102 and 24.008 say. */
class SimCardTest {
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private static String read(SimCard sim, int file, int length) {
        SimCard.Response r = sim.access(SimCard.READ_BINARY, file, 0, 0, length, null);
        assertThat(r.sw1()).isEqualTo(0x90);
        return HEX.formatHex(r.data());
    }

    @Test
    void knownEncodings() {
        assertThat(HEX.formatHex(SimCard.swappedBcd("89014104279876543210", 10)))
                .isEqualTo("98101440728967452301");
        assertThat(HEX.formatHex(SimCard.imsi("001010000000001"))).isEqualTo("080910100000000010");
        assertThat(HEX.formatHex(SimCard.plmn("310", "410"))).isEqualTo("130014");
        assertThat(HEX.formatHex(SimCard.plmn("460", "11"))).isEqualTo("64F011");
    }

    @Property(tries = 200)
    void theIdentityFilesDecodeToTheModemsIdentity(@ForAll @LongRange(min = 0, max = 999_999) long serial) {
        ModemProfile p = new Bg96Dialect().profile();
        Identity id = Identity.of(p, serial);
        SimCard sim = new SimCard(id, p);
        assertThat(unswap(read(sim, SimCard.EF_ICCID, 0))).isEqualTo(id.iccid());
        String imsi = read(sim, SimCard.EF_IMSI, 9);
        assertThat(imsi).startsWith("08");
        assertThat(imsi.charAt(2) + unswap(imsi.substring(4)).replace("F", "")).isEqualTo(id.imsi());
        assertThat(imsi.charAt(3)).as("IMSI, odd number of digits").isEqualTo('9');
    }

    @Test
    void theHomeNetworkFilesFollowTheProfile() {
        ModemProfile p = new Bc260yDialect().profile();
        SimCard sim = new SimCard(Identity.of(p, 7), p);
        assertThat(read(sim, SimCard.EF_HPLMN_W_ACT, 5)).isEqualTo("64F0114000");
        assertThat(read(sim, SimCard.EF_AD, 0)).isEqualTo("00000002");
        assertThat(read(sim, SimCard.EF_EHPLMN, 3)).isEqualTo("64F011");
    }

    @Test
    void statusWordsForWhatTheCardCannotDo() {
        ModemProfile p = new Bg96Dialect().profile();
        SimCard sim = new SimCard(Identity.of(p, 7), p);
        assertThat(sim.access(SimCard.READ_BINARY, 0x6F99, 0, 0, 0, null).sw1()).isEqualTo(0x6A);
        SimCard.Response past = sim.access(SimCard.READ_BINARY, SimCard.EF_AD, 0, 2, 4, null);
        assertThat(new int[] {past.sw1(), past.sw2()}).containsExactly(0x62, 0x82);
        assertThat(HEX.formatHex(past.data())).isEqualTo("0003");
        assertThat(sim.access(SimCard.READ_BINARY, SimCard.EF_AD, 0, 9, 1, null).sw1())
                .isEqualTo(0x6B);
        assertThat(sim.access(SimCard.UPDATE_BINARY, SimCard.EF_IMSI, 0, 0, 1, new byte[] {1})
                        .sw2())
                .isEqualTo(0x82);
        SimCard.Response update = sim.access(SimCard.UPDATE_BINARY, SimCard.EF_FPLMN, 0, 0, 3, HEX.parseHex("64F011"));
        assertThat(update.sw1()).isEqualTo(0x90);
        assertThat(read(sim, SimCard.EF_FPLMN, 6)).isEqualTo("64F011FFFFFF");
    }

    private static String unswap(String hex) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i + 1 < hex.length(); i += 2) {
            sb.append(hex.charAt(i + 1)).append(hex.charAt(i));
        }
        return sb.toString().replace("F", "");
    }
}
