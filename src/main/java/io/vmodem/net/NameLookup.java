package io.vmodem.net;

import java.util.function.Consumer;

/** A name lookup the host asked for (AT+QIDNSGIP): one answer, then it ends. */
public final class NameLookup extends ServiceRun {
    private final String name;
    private final Consumer<Resolution> done;

    NameLookup(ModemNetwork network, PdpContext context, String name, Consumer<Resolution> done) {
        super(network, context, Services.Kind.DNS);
        this.name = name;
        this.done = done;
    }

    /** The name as the host gave it. */
    public String name() {
        return name;
    }

    @Override
    public String target() {
        return name;
    }

    @Override
    public String progress() {
        return "resolving";
    }

    @Override
    void start() {
        network.resolve(context, name, r -> {
            if (!over()) {
                end();
                done.accept(r);
            }
        });
    }
}
