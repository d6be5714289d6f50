package io.acme.orders;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RedactorTest {

    // Documented AWS example pair; never valid.
    private static final String EXAMPLE_KEY_ID = "AKIAIOSFODNN7EXAMPLE";
    private static final String EXAMPLE_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final String BAD_CHECKSUM = "ghp_dwPPqjOI4M5fSXipaOfyJv9fdQ01p1075RoL";
    private static final String ORDER_ID = "982f34e6-ba5d-46e4-bf87-c90fa9fa9726";

    @Test
    void masksAwsKeys() {
        assertThat(Redactor.redact("key=" + EXAMPLE_KEY_ID)).isEqualTo("key=AKIA****");
    }

    @Test
    void masksTokenShapedStrings() {
        assertThat(Redactor.redact(BAD_CHECKSUM)).startsWith("ghp_");
    }

    @Test
    void keepsOrderIds() {
        assertThat(Redactor.redact(ORDER_ID)).isEqualTo(ORDER_ID);
    }

    @Test
    void placeholderPasswordsStayReadable() {
        assertThat(Redactor.redact("password=********")).isEqualTo("password=********");
    }
}
