package dev.taskflow.retry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import io.github.resilience4j.retry.RetryConfig;
import org.junit.jupiter.api.Test;

import dev.taskflow.NonRetryableException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link RetryPolicy}.
 *
 * @author TaskFlow
 */
class RetryPolicyTests {

	private static final RuntimeException FAILURE = new IllegalStateException("boom");

	@Test
	void exponentialBackoffGrowsByTheMultiplierUpToTheMax() {
		RetryPolicy policy = RetryPolicy.of(settings(BackoffStrategy.EXPONENTIAL, 0));
		assertThat(delays(policy, 6)).containsExactly(100L, 200L, 400L, 800L, 1000L, 1000L);
	}

	@Test
	void linearBackoffGrowsByTheInitialDelayUpToTheMax() {
		RetryPolicy policy = RetryPolicy.of(settings(BackoffStrategy.LINEAR, 0));
		assertThat(delays(policy, 12)).startsWith(100L, 200L, 300L, 400L).endsWith(1000L, 1000L);
	}

	@Test
	void fibonacciBackoffFollowsTheSequenceUpToTheMax() {
		RetryPolicy policy = RetryPolicy.of(settings(BackoffStrategy.FIBONACCI, 0));
		assertThat(delays(policy, 8)).containsExactly(100L, 100L, 200L, 300L, 500L, 800L, 1000L, 1000L);
	}

	@Test
	void fixedBackoffKeepsTheInitialDelay() {
		RetryPolicy policy = RetryPolicy.of(settings(BackoffStrategy.FIXED, 0));
		assertThat(delays(policy, 4)).containsOnly(100L);
	}

	@Test
	void jitterSpreadsDelaysWithinItsRange() {
		for (BackoffStrategy strategy : BackoffStrategy.values()) {
			RetryPolicy policy = RetryPolicy.of(settings(strategy, 0.5));
			List<Long> firstDelays = IntStream.range(0, 200)
				.mapToObj((i) -> policy.delayAfter(1, FAILURE).toMillis())
				.toList();
			assertThat(firstDelays).as(strategy.name()).allSatisfy((delay) -> assertThat(delay).isBetween(50L, 150L));
			assertThat(firstDelays.stream().distinct().count()).as(strategy.name()).isGreaterThan(10);
		}
	}

	@Test
	void nonRetryableExceptionIsNeverRetried() {
		RetryPolicy policy = RetryPolicy.of(settings(BackoffStrategy.FIXED, 0));
		assertThat(policy.isRetryable(FAILURE)).isTrue();
		assertThat(policy.isRetryable(new NonRetryableException("poison"))).isFalse();
	}

	@Test
	void exceptionFiltersDecideWhatIsRetried() {
		RetrySettings settings = new RetrySettings(3, BackoffStrategy.FIXED, Duration.ofMillis(100), 2.0,
				Duration.ofSeconds(1), 0, List.of(UncheckedIOException.class, IllegalStateException.class),
				List.of(IllegalStateException.class));
		RetryPolicy policy = RetryPolicy.of(settings);
		assertThat(policy.isRetryable(new UncheckedIOException(new IOException("io")))).isTrue();
		assertThat(policy.isRetryable(FAILURE)).isFalse();
		assertThat(policy.isRetryable(new IllegalArgumentException("not listed"))).isFalse();
	}

	@Test
	void userRetryConfigIsFollowed() {
		RetryConfig config = RetryConfig.custom()
			.maxAttempts(7)
			.waitDuration(Duration.ofMillis(250))
			.ignoreExceptions(UnsupportedOperationException.class)
			.build();
		RetryPolicy policy = RetryPolicy.of(config);
		assertThat(policy.maxAttempts()).isEqualTo(7);
		assertThat(policy.delayAfter(3, FAILURE)).isEqualTo(Duration.ofMillis(250));
		assertThat(policy.isRetryable(new UnsupportedOperationException())).isFalse();
		assertThat(policy.config()).isSameAs(config);
	}

	@Test
	void invalidSettingsAreRejectedWithTheirName() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RetrySettings(0, BackoffStrategy.FIXED, Duration.ofSeconds(1), 2,
					Duration.ofSeconds(1), 0, null, null))
			.withMessage("'maxAttempts' must be at least 1, was 0");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RetrySettings(3, BackoffStrategy.FIXED, Duration.ofSeconds(1), 2,
					Duration.ofSeconds(1), 1.0, null, null))
			.withMessage("'jitter' must be at least 0 and below 1, was 1.0");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new RetrySettings(3, BackoffStrategy.FIXED, Duration.ofSeconds(2), 2,
					Duration.ofSeconds(1), 0, null, null))
			.withMessage("'max' backoff must be at least the initial backoff PT2S, was PT1S");
	}

	private static RetrySettings settings(BackoffStrategy strategy, double jitter) {
		return new RetrySettings(10, strategy, Duration.ofMillis(100), 2.0, Duration.ofSeconds(1), jitter, null, null);
	}

	private static List<Long> delays(RetryPolicy policy, int attempts) {
		return IntStream.rangeClosed(1, attempts).mapToObj((n) -> policy.delayAfter(n, FAILURE).toMillis()).toList();
	}

}
