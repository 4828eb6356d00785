package io.github.snapshotregistry.jdbi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.snapshotregistry.RegistryConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExpiryTest {

    private static Expiry after(Duration ttl) {
        return Expiry.of(RegistryConfig.builder().maxEntries(1).expireAfterAccess(ttl).build());
    }

    @Test
    void anEntryExpiresExactlyTheDurationAfterItsLastAccess() {
        Expiry expiry = after(Duration.ofMillis(100));

        assertEquals(900, expiry.cutoff(1_000));
        assertTrue(expiry.isExpired(900, 1_000));
        assertFalse(expiry.isExpired(901, 1_000));
    }

    @Test
    void withoutExpiryNothingExpires() {
        Expiry expiry = Expiry.of(RegistryConfig.builder().maxEntries(1).build());

        assertFalse(expiry.enabled());
        assertEquals(Long.MIN_VALUE, expiry.cutoff(Long.MAX_VALUE));
        assertFalse(expiry.isExpired(Long.MIN_VALUE, Long.MAX_VALUE));
    }

    @Test
    void aDurationReachingBackPastTheEarliestTimeDoesNotOverflow() {
        Expiry longest = after(Duration.ofSeconds(Long.MAX_VALUE));
        Expiry long_ = after(Duration.ofMillis(Long.MAX_VALUE - 10));

        assertEquals(Long.MIN_VALUE, longest.cutoff(-2));
        assertEquals(-1, longest.cutoff(Long.MAX_VALUE - 1));
        assertEquals(Long.MIN_VALUE, long_.cutoff(-20));
        assertEquals(Long.MIN_VALUE + 1, long_.cutoff(-10));
        assertFalse(long_.isExpired(0, 1_000));
    }
}
