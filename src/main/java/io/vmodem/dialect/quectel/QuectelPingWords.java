package io.vmodem.dialect.quectel;

import io.vmodem.dialect.common.ServiceUrcs;
import io.vmodem.net.NetError;
import io.vmodem.net.PingObserver;

/**
 * AT+QPING's URCs as both Quectel modules word them: a loss, or a ping that could send nothing, is
 * {@code +QPING: <err>} (chapter 4's codes: no answer is 569), the end {@code +QPING:
 * 0,<sent>,<rcvd>,<lost>,<min>,<max>,<avg>}. A reply differs: the BG96 quotes the address and
 * adds the TTL (BG96 2.1.11), the BC260Y-CN does neither (guide 2.3.8).
 */
public final class QuectelPingWords implements ServiceUrcs.PingWords {
    private final boolean quotedWithTtl;

    /** @param quotedWithTtl a reply is {@code 0,"<ip>",<bytes>,<time>,<ttl>}, else {@code 0,<ip>,<bytes>,<time>} */
    public QuectelPingWords(boolean quotedWithTtl) {
        this.quotedWithTtl = quotedWithTtl;
    }

    @Override
    public String reply(PingObserver.Reply r) {
        String ip = r.address().getHostAddress();
        return quotedWithTtl
                ? "+QPING: 0,\"" + ip + "\"," + r.bytes() + "," + r.timeMillis() + "," + r.ttl()
                : "+QPING: 0," + ip + "," + r.bytes() + "," + r.timeMillis();
    }

    @Override
    public String lost(NetError error) {
        return "+QPING: " + QuectelErrors.of(error);
    }

    @Override
    public String summary(PingObserver.Summary s) {
        return "+QPING: 0," + s.sent() + "," + s.received() + "," + s.lost() + "," + s.min() + "," + s.max() + ","
                + s.avg();
    }

    @Override
    public String failed(NetError error) {
        return lost(error);
    }
}
