package dev.taskflow;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link StatisticsPoint}: the percentile estimates from its histograms, the
 * rate per minute and the checks of its values.
 *
 * @author TaskFlow
 */
class StatisticsPointTests {

	private static final Instant START = Instant.parse("2031-05-06T07:08:00Z");

	@Test
	void bucketsAreTheDocumentedLogScale() {
		assertThat(StatisticsPoint.HISTOGRAM_BOUNDS).extracting(Duration::toMillis)
			.containsExactly(1L, 2L, 5L, 10L, 25L, 50L, 100L, 250L, 500L, 1000L, 2500L, 5000L, 10000L, 30000L, 60000L);
		assertThat(StatisticsPoint.HISTOGRAM_BUCKETS).isEqualTo(StatisticsPoint.HISTOGRAM_BOUNDS.size() + 1);
	}

	@Test
	void noAttemptMeansNoPercentile() {
		StatisticsPoint point = point(new long[16]);
		assertThat(point.runTime(0.5)).isEmpty();
		assertThat(point.waitTime(0.99)).isEmpty();
	}

	@Test
	void percentileIsInterpolatedWithinItsBucket() {
		long[] counts = new long[16];
		// ten attempts between 100 and 250 ms
		counts[7] = 10;
		StatisticsPoint point = point(counts);
		assertThat(point.runTime(0.0)).hasValue(Duration.ofMillis(100));
		assertThat(point.runTime(0.5)).hasValue(Duration.ofMillis(175));
		assertThat(point.runTime(0.9)).hasValue(Duration.ofMillis(235));
		assertThat(point.runTime(1.0)).hasValue(Duration.ofMillis(250));
	}

	@Test
	void percentileFindsItsBucketAmongSeveral() {
		long[] counts = new long[16];
		// 50 up to 1 ms, 40 between 10 and 25 ms, 10 between 1 and 2.5 s
		counts[0] = 50;
		counts[4] = 40;
		counts[10] = 10;
		StatisticsPoint point = point(counts);
		assertThat(point.runTime(0.25)).hasValue(Duration.ofNanos(500_000));
		assertThat(point.runTime(0.5)).hasValue(Duration.ofMillis(1));
		assertThat(point.runTime(0.7)).hasValue(Duration.ofMillis(17).plusNanos(500_000));
		assertThat(point.runTime(0.95)).hasValue(Duration.ofMillis(1750));
		assertThat(point.runTime(0.99)).hasValue(Duration.ofMillis(2350));
	}

	@Test
	void lastBucketAnswersItsLowerBound() {
		long[] counts = new long[16];
		counts[3] = 1;
		counts[15] = 3;
		StatisticsPoint point = point(counts);
		assertThat(point.runTime(0.5)).hasValue(Duration.ofSeconds(60));
		assertThat(point.runTime(1.0)).hasValue(Duration.ofSeconds(60));
		assertThat(point.runTime(0.1)).hasValue(Duration.ofMillis(5).plus(Duration.ofMillis(2)));
	}

	@Test
	void waitAndRunTimesHaveHistogramsOfTheirOwn() {
		long[] waits = new long[16];
		waits[0] = 1;
		long[] runs = new long[16];
		runs[9] = 2;
		StatisticsPoint point = new StatisticsPoint(START, Duration.ofMinutes(1), 0, 2, 0, 0, 0, waits, runs);
		assertThat(point.waitTime(1.0)).hasValue(Duration.ofMillis(1));
		assertThat(point.runTime(1.0)).hasValue(Duration.ofSeconds(1));
		assertThat(point.waitTimeCounts()).containsExactly(1L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L,
				0L);
		assertThat(point.runTimeCounts().get(9)).isEqualTo(2L);
	}

	@Test
	void percentileOutsideZeroToOneIsRefusedNamingTheScale() {
		StatisticsPoint point = point(new long[16]);
		assertThatIllegalArgumentException().isThrownBy(() -> point.runTime(95))
			.withMessage("'percentile' must be between 0.0 and 1.0 (such as 0.95 for the 95th percentile), was 95.0");
		assertThatIllegalArgumentException().isThrownBy(() -> point.waitTime(-0.1))
			.withMessageStartingWith("'percentile' must be between 0.0 and 1.0");
		assertThatIllegalArgumentException().isThrownBy(() -> point.waitTime(Double.NaN))
			.withMessageStartingWith("'percentile' must be between 0.0 and 1.0");
	}

	@Test
	void perMinuteDividesByTheLengthInMinutes() {
		StatisticsPoint hour = new StatisticsPoint(START, Duration.ofHours(1), 120, 0, 0, 0, 0, new long[16],
				new long[16]);
		assertThat(hour.perMinute(hour.enqueued())).isEqualTo(2.0);
		StatisticsPoint halfMinute = new StatisticsPoint(START, Duration.ofSeconds(30), 3, 0, 0, 0, 0, new long[16],
				new long[16]);
		assertThat(halfMinute.perMinute(3)).isEqualTo(6.0);
	}

	@Test
	void histogramsAreCopiedSoThePointStaysAsItWas() {
		long[] counts = new long[16];
		counts[2] = 4;
		StatisticsPoint point = point(counts);
		counts[2] = 0;
		assertThat(point.runTimeCounts().get(2)).isEqualTo(4L);
		assertThat(point).isEqualTo(point(new long[] { 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }))
			.hasSameHashCodeAs(point(new long[] { 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }));
	}

	@Test
	void invalidValuesAreRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new StatisticsPoint(START, Duration.ZERO, 0, 0, 0, 0, 0, new long[16], new long[16]))
			.withMessage("'length' must be positive");
		assertThatIllegalArgumentException()
			.isThrownBy(
					() -> new StatisticsPoint(START, Duration.ofMinutes(1), 0, 0, 0, 0, 0, new long[15], new long[16]))
			.withMessage("'waitTimes' must have 16 counts, one per bucket");
		assertThatIllegalArgumentException()
			.isThrownBy(
					() -> new StatisticsPoint(START, Duration.ofMinutes(1), -1, 0, 0, 0, 0, new long[16], new long[16]))
			.withMessage("Counts must not be negative");
	}

	private static StatisticsPoint point(long[] runTimes) {
		long attempts = Arrays.stream(runTimes).sum();
		return new StatisticsPoint(START, Duration.ofMinutes(1), attempts, attempts, 0, 0, 0, runTimes.clone(),
				runTimes);
	}

}
