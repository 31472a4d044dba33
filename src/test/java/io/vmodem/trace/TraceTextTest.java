package io.vmodem.trace;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class TraceTextTest {

    @Test
    void controlsAreEscapedAndAFinalSpaceStaysVisible() {
        byte[] bytes = "\r\n> ".getBytes();
        assertThat(TraceText.escape(bytes)).isEqualTo("\\r\\n> \\");
        assertThat(TraceText.escape(new byte[] {'a', 0x1a, '\\', (byte) 0xff, '\t'}))
                .isEqualTo("a\\x1a\\\\\\xff\\t");
    }

    @Property
    void everyByteSequenceComesBackAsItWas(@ForAll byte[] bytes) {
        String text = TraceText.escape(bytes);
        assertThat(text).doesNotContain("\n", "\r");
        assertThat(TraceText.unescape(text)).isEqualTo(bytes);
    }
}
