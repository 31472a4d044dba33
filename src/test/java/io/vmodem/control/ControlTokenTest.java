package io.vmodem.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vmodem.runtime.Fleet;
import org.junit.jupiter.api.Test;

/** The token rule: required off loopback (always), and from every request once one is set. */
class ControlTokenTest {

    @Test
    void withATokenEveryRequestMustCarryIt() throws Exception {
        String token = ControlServer.newToken();
        try (ControlServer api = ControlServer.start(new Fleet(), new ControlServer.Options("127.0.0.1", 0, token))) {
            Http none = new Http(api.url(), null);
            Http.Response refused = none.get("/api/modems");
            assertThat(refused.status()).isEqualTo(401);
            assertThat(refused.type()).startsWith("application/problem+json");
            assertThat(refused.json().getString("detail")).contains("Authorization: Bearer");
            assertThat(none.get("/metrics").status()).isEqualTo(401);
            assertThat(new Http(api.url(), "wrong").get("/api/modems").status()).isEqualTo(401);
            assertThat(new Http(api.url(), token).get("/api/modems").status()).isEqualTo(200);
            assertThat(none.get("/api/modems?token=" + token).status()).isEqualTo(200);
            // with a token, the Host header no longer matters: the token is the guard
            assertThat(ControlApiTest.rawStatus(api.address(), "anything.example"))
                    .isEqualTo(401);
        }
    }

    @Test
    void offLoopbackTheApiDoesNotStartWithoutAToken() {
        assertThat(new ControlServer.Options("0.0.0.0", 0, null).loopback()).isFalse();
        assertThat(new ControlServer.Options("127.0.0.5", 0, null).loopback()).isTrue();
        assertThat(new ControlServer.Options("::1", 0, null).loopback()).isTrue();
        assertThat(new ControlServer.Options("localhost", 0, null).loopback()).isTrue();
        assertThat(new ControlServer.Options("vmodem.example", 0, null).loopback())
                .isFalse();
        assertThatThrownBy(() -> ControlServer.start(new Fleet(), new ControlServer.Options("0.0.0.0", 0, null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs a token");
        assertThat(ControlServer.newToken()).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(ControlServer.newToken());
    }
}
