package io.vmodem.testing;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;

/**
 * The one way a test waits for something real to happen (a peer got its bytes, a thread ended):
 * the condition is asked every millisecond until it holds, for at most 15 seconds. Waiting for the
 * modem's own time never comes here: that is virtual and moves when the test moves it.
 */
public final class Await {
    private static final Duration AT_MOST = Duration.ofSeconds(15);

    private Await() {}

    public static void until(String what, Callable<Boolean> condition) {
        Awaitility.await(what)
                .atMost(AT_MOST)
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(1))
                // on the test's own thread: a thread of the wait's would count among those a test watches
                .pollInSameThread()
                .until(condition);
    }
}
