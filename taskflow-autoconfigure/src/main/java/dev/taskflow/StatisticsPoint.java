package dev.taskflow;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.util.Assert;

/**
 * What happened to jobs in a span of time, from {@link Statistics}: how many were
 * enqueued, succeeded, failed, retried and cancelled, and how long the attempts that
 * ended in it waited and ran. Immutable.
 * <p>
 * Counts are of events, told once across the cluster by the node where they happened:
 * <ul>
 * <li>{@link #enqueued()}: jobs enqueued (also by a schedule, and again by
 * {@link TaskFlow#retry});</li>
 * <li>{@link #succeeded()}: attempts that succeeded;</li>
 * <li>{@link #failed()}: jobs that failed for good (out of attempts, not retryable, or
 * their lease expired on their last attempt);</li>
 * <li>{@link #retried()}: attempts after which the job is due again (it failed and will
 * be retried, or its lease expired and it was handed back);</li>
 * <li>{@link #cancelled()}: jobs cancelled.</li>
 * </ul>
 * Times are kept as histograms of the attempts that ended (succeeded, failed or retried)
 * with {@value #HISTOGRAM_BUCKETS} buckets: bucket {@code i} counts the times up to
 * {@link #HISTOGRAM_BOUNDS}{@code .get(i)} and above the bound before it; the last one
 * those above 60 s. A percentile is estimated from them: {@link #waitTime(double)} and
 * {@link #runTime(double)}.
 *
 * @author TaskFlow
 */
public final class StatisticsPoint {

	/**
	 * The number of buckets of each histogram.
	 */
	public static final int HISTOGRAM_BUCKETS = 16;

	/**
	 * The upper bounds of the histograms' buckets but the last, which has none: 1, 2, 5,
	 * 10, 25, 50, 100, 250 and 500 ms, 1, 2.5, 5, 10, 30 and 60 s.
	 */
	public static final List<Duration> HISTOGRAM_BOUNDS = List.of(Duration.ofMillis(1), Duration.ofMillis(2),
			Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
			Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
			Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
			Duration.ofSeconds(60));

	private static final long MINUTE_NANOS = Duration.ofMinutes(1).toNanos();

	private final Instant start;

	private final Duration length;

	private final long enqueued;

	private final long succeeded;

	private final long failed;

	private final long retried;

	private final long cancelled;

	private final long[] waitTimes;

	private final long[] runTimes;

	/**
	 * Create a point.
	 * @param start the start of its span
	 * @param length the length of its span, positive
	 * @param enqueued jobs enqueued
	 * @param succeeded attempts that succeeded
	 * @param failed jobs that failed for good
	 * @param retried attempts after which the job is due again
	 * @param cancelled jobs cancelled
	 * @param waitTimes the attempts that ended, by bucket of their time from due to
	 * start: {@value #HISTOGRAM_BUCKETS} counts (copied)
	 * @param runTimes the attempts that ended, by bucket of the time they ran:
	 * {@value #HISTOGRAM_BUCKETS} counts (copied)
	 */
	public StatisticsPoint(Instant start, Duration length, long enqueued, long succeeded, long failed, long retried,
			long cancelled, long[] waitTimes, long[] runTimes) {
		Assert.notNull(start, "'start' must not be null");
		Assert.isTrue(length != null && !length.isNegative() && !length.isZero(), "'length' must be positive");
		Assert.isTrue(enqueued >= 0 && succeeded >= 0 && failed >= 0 && retried >= 0 && cancelled >= 0,
				"Counts must not be negative");
		this.start = start;
		this.length = length;
		this.enqueued = enqueued;
		this.succeeded = succeeded;
		this.failed = failed;
		this.retried = retried;
		this.cancelled = cancelled;
		this.waitTimes = histogram("waitTimes", waitTimes);
		this.runTimes = histogram("runTimes", runTimes);
	}

	private static long[] histogram(String name, long[] counts) {
		Assert.isTrue(counts != null && counts.length == HISTOGRAM_BUCKETS,
				() -> "'" + name + "' must have " + HISTOGRAM_BUCKETS + " counts, one per bucket");
		Assert.isTrue(Arrays.stream(counts).allMatch((count) -> count >= 0),
				() -> "'" + name + "' must not have negative counts");
		return counts.clone();
	}

	/**
	 * The start of the span this point covers.
	 * @return the start, at a whole minute
	 */
	public Instant start() {
		return this.start;
	}

	/**
	 * The length of the span this point covers: the series' step, or less for a last
	 * point cut short by the end of the series.
	 * @return the length
	 */
	public Duration length() {
		return this.length;
	}

	/**
	 * The number of jobs enqueued.
	 * @return the count
	 */
	public long enqueued() {
		return this.enqueued;
	}

	/**
	 * The number of attempts that succeeded.
	 * @return the count
	 */
	public long succeeded() {
		return this.succeeded;
	}

	/**
	 * The number of jobs that failed for good.
	 * @return the count
	 */
	public long failed() {
		return this.failed;
	}

	/**
	 * The number of attempts after which the job is due again.
	 * @return the count
	 */
	public long retried() {
		return this.retried;
	}

	/**
	 * The number of jobs cancelled.
	 * @return the count
	 */
	public long cancelled() {
		return this.cancelled;
	}

	/**
	 * A count of this point as a rate per minute, for charts of points of any length:
	 * {@code point.perMinute(point.succeeded())}.
	 * @param count a count of this point
	 * @return the count divided by the point's length in minutes
	 */
	public double perMinute(long count) {
		return count * (double) MINUTE_NANOS / this.length.toNanos();
	}

	/**
	 * An estimate of a percentile of the time the attempts that ended here waited, from
	 * their due time to their start: linear within the histogram bucket it falls in; in
	 * the last bucket, which has no upper bound, its lower bound (60 s).
	 * @param percentile the percentile as a fraction: 0.5 for the median, 0.95, 0.99
	 * @return the estimate, or empty if no attempt ended here
	 * @throws IllegalArgumentException if the percentile is not between 0.0 and 1.0
	 */
	public Optional<Duration> waitTime(double percentile) {
		return estimate(this.waitTimes, percentile);
	}

	/**
	 * An estimate of a percentile of the time the attempts that ended here ran: linear
	 * within the histogram bucket it falls in; in the last bucket, which has no upper
	 * bound, its lower bound (60 s).
	 * @param percentile the percentile as a fraction: 0.5 for the median, 0.95, 0.99
	 * @return the estimate, or empty if no attempt ended here
	 * @throws IllegalArgumentException if the percentile is not between 0.0 and 1.0
	 */
	public Optional<Duration> runTime(double percentile) {
		return estimate(this.runTimes, percentile);
	}

	/**
	 * The histogram of the time the attempts that ended here waited, from due time to
	 * start.
	 * @return {@value #HISTOGRAM_BUCKETS} counts, by bucket of {@link #HISTOGRAM_BOUNDS}
	 */
	public List<Long> waitTimeCounts() {
		return Arrays.stream(this.waitTimes).boxed().toList();
	}

	/**
	 * The histogram of the time the attempts that ended here ran.
	 * @return {@value #HISTOGRAM_BUCKETS} counts, by bucket of {@link #HISTOGRAM_BOUNDS}
	 */
	public List<Long> runTimeCounts() {
		return Arrays.stream(this.runTimes).boxed().toList();
	}

	private static Optional<Duration> estimate(long[] counts, double percentile) {
		Assert.isTrue(percentile >= 0.0 && percentile <= 1.0,
				() -> "'percentile' must be between 0.0 and 1.0 (such as 0.95 for the 95th percentile), was "
						+ percentile);
		long total = Arrays.stream(counts).sum();
		if (total == 0) {
			return Optional.empty();
		}
		double rank = percentile * total;
		long below = 0;
		for (int bucket = 0; bucket < HISTOGRAM_BUCKETS; bucket++) {
			long count = counts[bucket];
			if (count == 0) {
				continue;
			}
			// reached at the last bucket that has counts at the latest: rank <= total
			if (below + count >= rank) {
				long lower = (bucket == 0) ? 0 : HISTOGRAM_BOUNDS.get(bucket - 1).toNanos();
				if (bucket == HISTOGRAM_BUCKETS - 1) {
					return Optional.of(Duration.ofNanos(lower));
				}
				long upper = HISTOGRAM_BOUNDS.get(bucket).toNanos();
				double within = Math.min(1.0, Math.max(0.0, (rank - below) / count));
				return Optional.of(Duration.ofNanos(lower + Math.round(within * (upper - lower))));
			}
			below += count;
		}
		throw new IllegalStateException("unreachable: the histogram has counts");
	}

	@Override
	public boolean equals(Object other) {
		return this == other || (other instanceof StatisticsPoint point && this.start.equals(point.start)
				&& this.length.equals(point.length) && this.enqueued == point.enqueued
				&& this.succeeded == point.succeeded && this.failed == point.failed && this.retried == point.retried
				&& this.cancelled == point.cancelled && Arrays.equals(this.waitTimes, point.waitTimes)
				&& Arrays.equals(this.runTimes, point.runTimes));
	}

	@Override
	public int hashCode() {
		int hash = this.start.hashCode();
		hash = 31 * hash + this.length.hashCode();
		hash = 31 * hash + Long.hashCode(this.enqueued);
		hash = 31 * hash + Long.hashCode(this.succeeded);
		hash = 31 * hash + Long.hashCode(this.failed);
		hash = 31 * hash + Long.hashCode(this.retried);
		hash = 31 * hash + Long.hashCode(this.cancelled);
		hash = 31 * hash + Arrays.hashCode(this.waitTimes);
		return 31 * hash + Arrays.hashCode(this.runTimes);
	}

	@Override
	public String toString() {
		return "StatisticsPoint[" + this.start + ", " + this.length + ", enqueued=" + this.enqueued + ", succeeded="
				+ this.succeeded + ", failed=" + this.failed + ", retried=" + this.retried + ", cancelled="
				+ this.cancelled + "]";
	}

}
