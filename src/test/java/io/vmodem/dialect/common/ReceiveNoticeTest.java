package io.vmodem.dialect.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReceiveNoticeTest {
    private final ReceiveNotice notice = new ReceiveNotice();
    private int given;

    private void arrived() {
        notice.arrived(() -> given++);
    }

    @Test
    void moreDataBeforeTheBufferIsEmptyIsNotNoticedAgain() {
        arrived();
        arrived();
        notice.read(10);
        arrived();
        assertThat(given).isEqualTo(1);
    }

    @Test
    void dataAfterTheBufferWasReadEmptyIsNoticedAgain() {
        arrived();
        notice.read(0);
        arrived();
        assertThat(given).isEqualTo(2);
    }

    @Test
    void aModeChangeStartsAfresh() {
        arrived();
        notice.reset();
        arrived();
        assertThat(given).isEqualTo(2);
    }
}
