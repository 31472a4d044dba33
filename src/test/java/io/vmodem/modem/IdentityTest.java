package io.vmodem.modem;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.dialect.bg96.Bg96Dialect;
import java.nio.file.Files;
import java.nio.file.Path;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityTest {

    @Test
    void luhnCheckDigitOfAKnownImei() {
        assertThat(Identity.luhn("49015420323751")).isEqualTo(8);
        assertThat(Identity.luhnValid("490154203237518")).isTrue();
        assertThat(Identity.luhnValid("490154203237517")).isFalse();
    }

    @Property(tries = 300)
    void everyIdentityIsWellFormedAndFollowsItsSerial(@ForAll @LongRange(min = 0, max = 999_999) long serial) {
        ModemProfile p = new Bg96Dialect().profile();
        Identity id = Identity.of(p, serial);
        assertThat(id.imei()).hasSize(15).startsWith(p.imeiTac()).containsOnlyDigits();
        assertThat(Identity.luhnValid(id.imei())).isTrue();
        assertThat(id.imsi()).hasSize(15).startsWith(p.plmn()).containsOnlyDigits();
        assertThat(id.iccid()).hasSize(20).startsWith("89").containsOnlyDigits();
        assertThat(Identity.luhnValid(id.iccid())).isTrue();
        assertThat(Identity.of(p, serial)).isEqualTo(id);
        assertThat(Identity.of(p, serial + 1).imei()).isNotEqualTo(id.imei());
    }

    @Test
    void nonVolatileValuesSurviveReopeningTheStore(@TempDir Path dir) {
        NvStore first = NvStore.open(dir, "866677040000018");
        first.put("dataformat", "1,1");
        assertThat(NvStore.awaitWritten(java.time.Duration.ofSeconds(10))).isTrue(); // written off the caller's thread
        assertThat(Files.exists(dir.resolve("866677040000018.properties"))).isTrue();
        NvStore again = NvStore.open(dir, "866677040000018");
        assertThat(again.get("dataformat", "0,0")).isEqualTo("1,1");
        assertThat(NvStore.open(dir, "866677040000026").get("dataformat", "0,0"))
                .isEqualTo("0,0");
    }
}
