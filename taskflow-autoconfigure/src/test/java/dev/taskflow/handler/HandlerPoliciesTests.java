package dev.taskflow.handler;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.taskflow.retry.BackoffStrategy;
import dev.taskflow.retry.RetrySettings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HandlerPolicies}.
 *
 * @author TaskFlow
 */
class HandlerPoliciesTests {

	private static final RetrySettings DEFAULTS = new RetrySettings(3, BackoffStrategy.FIXED, Duration.ofSeconds(1),
			1.0, Duration.ofSeconds(1), 0.0, List.of(), List.of());

	private final AtomicInteger lookups = new AtomicInteger();

	private final HandlerPolicies policies = new HandlerPolicies(DEFAULTS, (name) -> {
		this.lookups.incrementAndGet();
		return name.equals("report.render")
				? new HandlerOverrides(null, 7, null, null, null, null, null, null, null, null) : null;
	}, Set.of("report.render"), (name) -> null);

	@Test
	void maxAttemptsOfAHandlerThisNodeLacksComeFromItsPropertiesElseTheDefaults() {
		assertThat(this.policies.maxAttempts(null, "report.render")).isEqualTo(7);
		assertThat(this.policies.maxAttempts(null, "mail.send")).isEqualTo(3);
	}

	@Test
	void propertiesOfAHandlerNameAreLookedUpOnce() {
		for (int i = 0; i < 10; i++) {
			this.policies.maxAttempts(null, "report.render");
			this.policies.maxAttempts(null, "mail.send");
		}
		assertThat(this.lookups).hasValue(2);
	}

	@Test
	void handlerNamesEnqueuedWithoutEndDoNotFillTheCache() {
		// an enqueue-only node, or enqueue.validate-handlers=false: any name goes through
		for (int i = 0; i < 3 * HandlerPolicies.MAX_CACHED_NAMES; i++) {
			assertThat(this.policies.maxAttempts(null, "made.up." + i)).isEqualTo(3);
		}
		assertThat(this.policies.cachedNames()).isLessThanOrEqualTo(HandlerPolicies.MAX_CACHED_NAMES);
		assertThat(this.policies.maxAttempts(null, "report.render")).isEqualTo(7);
	}

}
