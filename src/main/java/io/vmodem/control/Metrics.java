package io.vmodem.control;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.vmodem.runtime.Fleet;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.ToDoubleFunction;

/**
 * {@code GET /metrics}: the fleet in Prometheus text format, through Micrometer. A scrape first
 * collects the counters of every event loop, each copied on its own loop ({@link Fleet#totals}), so
 * counting costs a modem no lock and no atomic; the meters then read that copy.
 *
 * <pre>
 * vmodem_modems                      modems whose link is up
 * vmodem_sockets                     their open sockets
 * vmodem_contexts_active             their active PDP contexts
 * vmodem_link_bytes_total{direction} bytes on the links: in (from the hosts) and out
 * vmodem_commands_total              command lines answered (rate() gives commands per second)
 * vmodem_command_latency_seconds     from a command line's end to its final result (a histogram)
 * vmodem_faults_injected_total       faults injected and condition changes
 * vmodem_engine_faults_total         exceptions the AT engines caught (0 when healthy)
 * </pre>
 */
final class Metrics {
    /** How long a scrape waits for a loop to copy its counters. */
    private static final Duration LOOP_TIMEOUT = Duration.ofSeconds(2);

    private final Fleet fleet;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private volatile Fleet.Totals last;

    Metrics(Fleet fleet) {
        this.fleet = fleet;
        this.last = new Fleet.Totals(0, 0, 0, 0, 0, 0, 0, new long[Fleet.LATENCY_BOUNDS.size() + 1], 0, 0);
        gauge("vmodem.modems", "Modems whose link is up", Fleet.Totals::modems);
        gauge("vmodem.sockets", "Open sockets of those modems", Fleet.Totals::sockets);
        gauge("vmodem.contexts.active", "Active PDP contexts of those modems", Fleet.Totals::activeContexts);
        counter("vmodem.link.bytes", "Bytes on the links to the hosts", t -> t.bytesIn(), "direction", "in");
        counter("vmodem.link.bytes", "Bytes on the links to the hosts", t -> t.bytesOut(), "direction", "out");
        counter("vmodem.commands", "Command lines answered", t -> t.commands());
        counter("vmodem.faults.injected", "Faults injected and condition changes", t -> t.faultsInjected());
        counter("vmodem.engine.faults", "Exceptions the AT engines caught (0 when healthy)", t -> t.engineFaults());
        registry.getPrometheusRegistry().register(new Latency());
    }

    private void gauge(String name, String help, ToDoubleFunction<Fleet.Totals> value) {
        Gauge.builder(name, this, m -> value.applyAsDouble(m.last))
                .description(help)
                .register(registry);
    }

    private void counter(String name, String help, ToDoubleFunction<Fleet.Totals> value, String... tags) {
        FunctionCounter.builder(name, this, m -> value.applyAsDouble(m.last))
                .description(help)
                .tags(tags)
                .register(registry);
    }

    /** The text of a scrape, once every loop has answered (or timed out). */
    CompletableFuture<String> scrape() {
        return fleet.totals(LOOP_TIMEOUT).thenApply(t -> {
            last = t;
            return registry.scrape();
        });
    }

    /** The command latency as a classic Prometheus histogram, from the loops' buckets. */
    private final class Latency implements Collector {
        @Override
        public MetricSnapshot collect() {
            Fleet.Totals t = last;
            List<Double> bounds = Fleet.LATENCY_BOUNDS;
            double[] upper = new double[bounds.size() + 1];
            for (int i = 0; i < bounds.size(); i++) {
                upper[i] = bounds.get(i);
            }
            upper[bounds.size()] = Double.POSITIVE_INFINITY;
            return HistogramSnapshot.builder()
                    .name("vmodem_command_latency_seconds")
                    .help("From the end of a command line to its final result")
                    .dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                            .classicHistogramBuckets(ClassicHistogramBuckets.of(upper, t.latencyCounts()))
                            .sum(t.latencySeconds())
                            .build())
                    .build();
        }
    }
}
