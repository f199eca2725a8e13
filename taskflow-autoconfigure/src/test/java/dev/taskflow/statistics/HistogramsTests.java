package dev.taskflow.statistics;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link Histograms}: which bucket a time falls in.
 *
 * @author TaskFlow
 */
class HistogramsTests {

	@Test
	void eachBucketHoldsTheTimesUpToItsBoundAndAboveTheOneBefore() {
		assertThat(Histograms.bucketOf(Duration.ZERO)).isZero();
		assertThat(Histograms.bucketOf(Duration.ofMillis(1))).isZero();
		assertThat(Histograms.bucketOf(Duration.ofMillis(1).plusNanos(1))).isEqualTo(1);
		assertThat(Histograms.bucketOf(Duration.ofMillis(2))).isEqualTo(1);
		assertThat(Histograms.bucketOf(Duration.ofMillis(3))).isEqualTo(2);
		assertThat(Histograms.bucketOf(Duration.ofMillis(99))).isEqualTo(6);
		assertThat(Histograms.bucketOf(Duration.ofMillis(100))).isEqualTo(6);
		assertThat(Histograms.bucketOf(Duration.ofMillis(2500))).isEqualTo(10);
		assertThat(Histograms.bucketOf(Duration.ofSeconds(60))).isEqualTo(14);
	}

	@Test
	void timesAboveTheLastBoundFallInTheLastBucket() {
		assertThat(Histograms.bucketOf(Duration.ofSeconds(60).plusNanos(1))).isEqualTo(15);
		assertThat(Histograms.bucketOf(Duration.ofDays(3))).isEqualTo(15);
		// more than Duration.toNanos() can hold
		assertThat(Histograms.bucketOf(Duration.ofDays(365 * 1000))).isEqualTo(15);
	}

	@Test
	void negativeTimeFallsInTheFirstBucket() {
		assertThat(Histograms.bucketOf(Duration.ofMillis(-3))).isZero();
	}

}
