package io.vmodem.at;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class CommandLineParserTest {

    private static List<AtRequest> parse(String body) {
        return CommandLineParser.parse(body, name -> name.equals("+QISEND"));
    }

    @Test
    void basicCommandsFollowEachOther() {
        assertThat(parse("&FZE0&W"))
                .extracting(AtRequest::name, AtRequest::kind)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("&F", AtRequest.Kind.EXEC),
                        org.assertj.core.groups.Tuple.tuple("Z", AtRequest.Kind.EXEC),
                        org.assertj.core.groups.Tuple.tuple("E", AtRequest.Kind.SET),
                        org.assertj.core.groups.Tuple.tuple("&W", AtRequest.Kind.EXEC));
        assertThat(parse("S3=13S4?S12=?"))
                .extracting(AtRequest::name, AtRequest::kind)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("S3", AtRequest.Kind.SET),
                        org.assertj.core.groups.Tuple.tuple("S4", AtRequest.Kind.READ),
                        org.assertj.core.groups.Tuple.tuple("S12", AtRequest.Kind.TEST));
    }

    @Test
    void extendedCommandsTakeFourFormsAndKeepTheirArguments() {
        List<AtRequest> r = parse("+cipopen=1,\"UDP\",,,8080;+CSQ;+QIACT?;+QIACT=?");
        assertThat(r).extracting(AtRequest::name).containsExactly("+CIPOPEN", "+CSQ", "+QIACT", "+QIACT");
        assertThat(r)
                .extracting(AtRequest::kind)
                .containsExactly(AtRequest.Kind.SET, AtRequest.Kind.EXEC, AtRequest.Kind.READ, AtRequest.Kind.TEST);
        assertThat(r.get(0).args()).extracting(Arg::value).containsExactly("1", "UDP", "", "", "8080");
        assertThat(r.get(0).args().get(1).quoted()).isTrue();
        assertThat(r.get(0).args().get(2).omitted()).isTrue();
        assertThat(r.get(0).raw()).isEqualTo("1,\"UDP\",,,8080");
    }

    @Test
    void spacesBetweenParametersAndSemicolonsInStrings() {
        List<AtRequest> r = parse("+QICSGP=1, 1, \"a;b\", \"user\" , \"pass\"");
        assertThat(r).hasSize(1);
        assertThat(r.get(0).args()).extracting(Arg::value).containsExactly("1", "1", "a;b", "user", "pass");
    }

    @Test
    void restOfLineCommandsKeepQuotesAndSemicolons() {
        List<AtRequest> r = parse("+QISEND=0,17,\"{\"a\":\"b\",\"b\":\"b\"};x");
        assertThat(r).hasSize(1);
        assertThat(r.get(0).raw()).isEqualTo("0,17,\"{\"a\":\"b\",\"b\":\"b\"};x");
    }

    @Test
    void malformedLinesEndInAnInvalidRequestAfterTheValidPrefix() {
        List<AtRequest> r = parse("E0+QIACT=\"unterminated");
        assertThat(r).hasSize(2);
        assertThat(r.get(0).name()).isEqualTo("E");
        assertThat(r.get(1).isInvalid()).isTrue();
        assertThat(parse("+").get(0).isInvalid()).isTrue();
        assertThat(parse("+CSQ?x").get(0).isInvalid()).isTrue();
        assertThat(parse("!")).singleElement().satisfies(req -> assertThat(req.isInvalid())
                .isTrue());
    }

    @Property(tries = 2000)
    void anyLineParsesWithoutThrowingAndInvalidOnlyLast(@ForAll String body) {
        List<AtRequest> r = parse(body);
        for (int i = 0; i < r.size() - 1; i++) {
            assertThat(r.get(i).isInvalid()).isFalse();
        }
        r.forEach(req -> assertThat(req.args()).isNotNull());
    }
}
