package io.vmodem.testing;

import io.vmodem.net.NetError;
import io.vmodem.net.PingObserver;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** A ping as a test watches it: the replies, then the summary or the error that ended it. */
public final class PingOutcome implements PingObserver {
    public final List<Reply> replies = new CopyOnWriteArrayList<>();
    /** Completes with the {@link Summary}, or with the {@link NetError} when nothing was sent. */
    public final CompletableFuture<Object> end = new CompletableFuture<>();

    @Override
    public void reply(Reply reply) {
        replies.add(reply);
    }

    @Override
    public void lost(NetError error) {}

    @Override
    public void finished(Summary summary) {
        end.complete(summary);
    }

    @Override
    public void failed(NetError error) {
        end.complete(error);
    }
}
