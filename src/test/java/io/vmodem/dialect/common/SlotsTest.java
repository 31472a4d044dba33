package io.vmodem.dialect.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SlotsTest {
    record Item(int id) {}

    private final Slots<Item> slots = new Slots<>(4, Item::id);

    @Test
    void anItemHoldsItsOwnNumberUntilReleased() {
        Item a = new Item(2);
        slots.claim(a);
        assertThat(slots.get(2)).isSameAs(a);
        assertThat(slots.taken()).containsExactly(a);
        slots.release(a);
        assertThat(slots.get(2)).isNull();
        assertThat(slots.taken()).isEmpty();
    }

    @Test
    void aStaleItemDoesNotFreeTheNumberANewerOneTook() {
        Item old = new Item(1);
        Item newer = new Item(1);
        slots.claim(old);
        slots.claim(newer);
        assertThat(slots.holds(old)).isFalse();
        slots.release(old);
        assertThat(slots.get(1)).isSameAs(newer);
    }

    @Test
    void freeNumbersFromEitherEnd() {
        slots.claim(new Item(0));
        slots.claim(new Item(3));
        assertThat(slots.highestFree()).isEqualTo(2);
        assertThat(slots.lowestFree(n -> true)).isEqualTo(1);
        assertThat(slots.lowestFree(n -> n != 1)).isEqualTo(2);
        slots.claim(new Item(1));
        slots.claim(new Item(2));
        assertThat(slots.highestFree()).isEqualTo(-1);
        assertThat(slots.lowestFree(n -> true)).isEqualTo(-1);
        assertThat(slots.taken()).extracting(Item::id).containsExactly(0, 1, 2, 3);
    }
}
