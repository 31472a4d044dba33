package io.vmodem.testing;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * A property hook: {@code -Dvmodem.tries=N} runs N tries instead of the property's own number, for
 * a longer search than CI's ({@code mvn test -Dvmodem.tries=100000 -Dtest=...}).
 */
public final class Tries implements AroundPropertyHook {
    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        Integer tries = Integer.getInteger("vmodem.tries");
        if (tries != null) {
            context.attributes().setTries(tries);
        }
        return property.execute();
    }
}
