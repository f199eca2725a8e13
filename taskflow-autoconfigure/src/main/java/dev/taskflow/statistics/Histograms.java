package dev.taskflow.statistics;

import java.time.Duration;

import dev.taskflow.StatisticsPoint;

/**
 * Which bucket of the statistics' histograms a time falls in: the first whose upper bound
 * ({@link StatisticsPoint#HISTOGRAM_BOUNDS}) it does not exceed, else the last.
 *
 * @author TaskFlow
 */
final class Histograms {

	private static final long[] BOUNDS = StatisticsPoint.HISTOGRAM_BOUNDS.stream()
		.mapToLong(Duration::toNanos)
		.toArray();

	private static final int LAST = StatisticsPoint.HISTOGRAM_BUCKETS - 1;

	// above every bound, and far below the 292 years Duration.toNanos can hold
	private static final long BEYOND_SECONDS = Duration.ofNanos(BOUNDS[BOUNDS.length - 1]).toSeconds() + 1;

	private Histograms() {
	}

	/**
	 * The bucket of a time. A negative time (a due time read from a clock slightly ahead
	 * of the one that timed the start) falls in the first.
	 * @param time the time
	 * @return the bucket, from 0 to {@code HISTOGRAM_BUCKETS - 1}
	 */
	static int bucketOf(Duration time) {
		if (time.getSeconds() >= BEYOND_SECONDS) {
			return LAST;
		}
		long nanos = time.toNanos();
		for (int bucket = 0; bucket < BOUNDS.length; bucket++) {
			if (nanos <= BOUNDS[bucket]) {
				return bucket;
			}
		}
		return LAST;
	}

}
