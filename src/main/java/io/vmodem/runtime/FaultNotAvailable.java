package io.vmodem.runtime;

import io.vmodem.fault.Fault;

/**
 * A fault or condition the catalogue names but this build cannot do yet: the control API answers
 * 501 naming it, and a scenario using it is refused at start with the step's line.
 */
public final class FaultNotAvailable extends RuntimeException {
    private final transient Fault fault;

    public FaultNotAvailable(Fault fault, String where) {
        super((where == null ? "" : where + ": ") + fault.id() + " is not available yet (available: "
                + FaultEffects.availableIds() + ")");
        this.fault = fault;
    }

    public Fault fault() {
        return fault;
    }
}
