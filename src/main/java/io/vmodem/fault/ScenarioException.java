package io.vmodem.fault;

/**
 * A scenario, or one step of it, that cannot be used: the message names where ({@code flaky.yaml
 * line 7, steps[2].do.ms}) and what is wrong, in one line.
 */
public final class ScenarioException extends IllegalArgumentException {
    private final String field;

    ScenarioException(Spec.Where where, String problem) {
        super(where + ": " + problem);
        this.field = where.path();
    }

    /** The path of the field at fault ({@code steps[2].do.ms}); empty for the whole text. */
    public String field() {
        return field;
    }
}
