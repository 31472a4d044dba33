package io.vmodem.dialect.bc260y;

import static org.assertj.core.api.Assertions.assertThat;

import io.vmodem.dialect.common.Hex;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The data of AT+QISEND=<id>,<len>,<data>[,<rai>]: the length decides where the data ends. */
class InlineDataTest {

    private static String text(InlineData d) {
        return new String(d.data(), StandardCharsets.ISO_8859_1);
    }

    @Test
    void theGuidesExamples() {
        InlineData plain = InlineData.parse("0,10,\"1234567890\"", false);
        assertThat(text(plain)).isEqualTo("1234567890");
        InlineData json = InlineData.parse("0,17,\"{\"a\":\"b\",\"b\":\"b\"}\"", false);
        assertThat(text(json)).isEqualTo("{\"a\":\"b\",\"b\":\"b\"}");
        InlineData hex = InlineData.parse("0,3,313233", true);
        assertThat(text(hex)).isEqualTo("123");
        InlineData query = InlineData.parse("0,0", false);
        assertThat(query.query()).isTrue();
        assertThat(query.connectId()).isZero();
    }

    @Test
    void unquotedTextMayHoldCommasAndQuotes() {
        assertThat(text(InlineData.parse("1,10,hi,quectel", false))).isEqualTo("hi,quectel");
        assertThat(text(InlineData.parse("1,5,\"ab\"c", false))).isEqualTo("\"ab\"c");
        assertThat(text(InlineData.parse("1,4,\"ab\"", false))).isEqualTo("\"ab\"");
        assertThat(text(InlineData.parse("1,2,\"ab\"", false))).isEqualTo("ab");
    }

    @Test
    void aRaiModeMayFollowTheData() {
        InlineData d = InlineData.parse("2,3,\"a,b\",1", false);
        assertThat(text(d)).isEqualTo("a,b");
        assertThat(d.raiMode()).isEqualTo(1);
        assertThat(InlineData.parse("2,3,abc,2", false).raiMode()).isEqualTo(2);
        assertThat(text(InlineData.parse("2,5,abc,2", false))).isEqualTo("abc,2");
        assertThat(InlineData.parse("2,3,abc,3", false)).isNull();
        assertThat(InlineData.parse("2,2,\"ab\",1", true)).isNull();
        assertThat(InlineData.parse("2,1,\"ab\",2", true).raiMode()).isEqualTo(2);
    }

    @Test
    void lengthMismatchesAndBadInputAreRefused() {
        assertThat(InlineData.parse("0,11,\"1234567890\"", false)).isNull();
        assertThat(InlineData.parse("0,9,\"1234567890\"", false)).isNull();
        assertThat(InlineData.parse("0,3,ab", false)).isNull();
        assertThat(InlineData.parse("0,3,abcd", false)).isNull();
        assertThat(InlineData.parse("0,3,31323", true)).isNull();
        assertThat(InlineData.parse("0,3,31323X", true)).isNull();
        assertThat(InlineData.parse("0,0,\"\"", false)).isNull();
        assertThat(InlineData.parse("0,1025," + "x".repeat(1025), false)).isNull();
        assertThat(InlineData.parse("0,513," + "00".repeat(513), true)).isNull();
        assertThat(InlineData.parse("5,1,x", false)).isNull();
        assertThat(InlineData.parse("0", false)).isNull();
        assertThat(InlineData.parse("0,5", false)).isNull();
        assertThat(InlineData.parse("a,1,x", false)).isNull();
        assertThat(InlineData.parse("", false)).isNull();
    }

    @Test
    void theLongestDataFits() {
        assertThat(InlineData.parse("4,1024," + "x".repeat(1024), false).data()).hasSize(1024);
        assertThat(InlineData.parse("4,512,\"" + "AB".repeat(512) + "\"", true).data())
                .hasSize(512);
    }

    @Test
    void aSpaceBeforeTheQuoteIsNotData() {
        assertThat(text(InlineData.parse("0,3, \"abc\"", false))).isEqualTo("abc");
        assertThat(text(InlineData.parse("0,4, abc", false))).isEqualTo(" abc");
    }

    /** Bytes a command line can carry: all but NUL, LF, CR and backspace (S5). */
    @Provide
    Arbitrary<String> lineText() {
        return Arbitraries.chars()
                .range('\u0001', '\u00ff')
                .filter(c -> c != '\n' && c != '\r' && c != 8)
                .list()
                .ofMinSize(1)
                .ofMaxSize(InlineData.MAX_TEXT)
                .map(cs -> {
                    StringBuilder sb = new StringBuilder();
                    cs.forEach(sb::append);
                    return sb.toString();
                });
    }

    @Property(tries = 300)
    void anyTextQuotedOrNotWithOrWithoutRaiComesBackExactly(
            @ForAll("lineText") String data, @ForAll boolean quoted, @ForAll @IntRange(min = -1, max = 2) int rai) {
        String line = "3," + data.length() + "," + (quoted ? "\"" + data + "\"" : data) + (rai < 0 ? "" : "," + rai);
        InlineData d = InlineData.parse(line, false);
        assertThat(d).isNotNull();
        assertThat(text(d)).isEqualTo(data);
        assertThat(d.raiMode()).isEqualTo(Math.max(rai, 0));
    }

    @Property(tries = 300)
    void anyBytesAsHexComeBackExactly(
            @ForAll("hexPayloads") byte[] data, @ForAll boolean quoted, @ForAll boolean lowerCase) {
        String hex = Hex.encode(data);
        if (lowerCase) {
            hex = hex.toLowerCase(java.util.Locale.ROOT);
        }
        InlineData d = InlineData.parse("1," + data.length + "," + (quoted ? "\"" + hex + "\"" : hex), true);
        assertThat(d.data()).isEqualTo(data);
    }

    @Provide
    Arbitrary<byte[]> hexPayloads() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(InlineData.MAX_HEX);
    }
}
