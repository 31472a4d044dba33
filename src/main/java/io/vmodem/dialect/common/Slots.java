package io.vmodem.dialect.common;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.ToIntFunction;

/**
 * A module's numbered slots for what the host opens (the Quectel connect IDs, the SIMCom link
 * numbers): each holds at most one item, and an item knows its own number.
 */
public final class Slots<T> {
    private final Object[] items;
    private final ToIntFunction<T> numberOf;

    public Slots(int count, ToIntFunction<T> numberOf) {
        this.items = new Object[count];
        this.numberOf = numberOf;
    }

    public int count() {
        return items.length;
    }

    /** The item in slot {@code number}, or null. */
    @SuppressWarnings("unchecked")
    public T get(int number) {
        return (T) items[number];
    }

    /** The items held, in slot order. */
    public List<T> taken() {
        List<T> list = new ArrayList<>();
        for (int i = 0; i < items.length; i++) {
            if (items[i] != null) {
                list.add(get(i));
            }
        }
        return list;
    }

    public void claim(T item) {
        items[numberOf.applyAsInt(item)] = item;
    }

    /** Whether {@code item} still holds its slot (a newer item may have taken the number since). */
    public boolean holds(T item) {
        return items[numberOf.applyAsInt(item)] == item;
    }

    /** Frees the slot of {@code item} if it still holds it. */
    public void release(T item) {
        if (holds(item)) {
            items[numberOf.applyAsInt(item)] = null;
        }
    }

    /** Frees every slot (the module restarted). */
    public void clear() {
        Arrays.fill(items, null);
    }

    /** The lowest free number that {@code eligible} accepts, or -1. */
    public int lowestFree(IntPredicate eligible) {
        for (int i = 0; i < items.length; i++) {
            if (items[i] == null && eligible.test(i)) {
                return i;
            }
        }
        return -1;
    }

    /** The highest free number, or -1. */
    public int highestFree() {
        for (int i = items.length - 1; i >= 0; i--) {
            if (items[i] == null) {
                return i;
            }
        }
        return -1;
    }
}
