package io.vmodem.control;

import io.vmodem.runtime.Fleet;
import io.vmodem.runtime.VirtualModem;
import io.vmodem.testing.Await;
import io.vmodem.testing.HostUart;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

/** A host on a fresh modem of a fleet, booted, echo off; and the modem's ID, as the API names it. */
record FleetHost(HostUart link, long id) implements AutoCloseable {
    /** Connects to {@code link}, waits for the boot, and finds the modem that joined {@code fleet}. */
    static FleetHost connect(Fleet fleet, InetSocketAddress link) throws Exception {
        Set<Long> before = fleet.all().stream().map(VirtualModem::id).collect(Collectors.toSet());
        HostUart c = new HostUart(link).endingLinesWith("\r\n");
        c.until("+QIND: PB DONE\r\n");
        c.command("ATE0");
        Set<Long> now = new HashSet<>();
        Await.until("the modem joins the fleet", () -> {
            now.clear();
            fleet.all().forEach(m -> now.add(m.id()));
            now.removeAll(before);
            return now.size() == 1;
        });
        return new FleetHost(c, now.iterator().next());
    }

    @Override
    public void close() throws IOException {
        link.close();
    }
}
