package io.vmodem.net;

import java.time.Instant;

/** The answer of an NTP server: its time at the moment the reply arrived, or why there is none. */
public record NtpResult(NetError error, Instant time) {
    public boolean ok() {
        return error == null;
    }
}
