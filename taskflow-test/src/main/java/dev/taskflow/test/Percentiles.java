package dev.taskflow.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.util.Assert;

/**
 * The 50th, 95th and 99th percentiles and the maximum of measured times, such as the wait
 * or run times of a {@link TaskFlowLoad} run. Percentiles are nearest-rank: the least
 * value with at least that share of all values at or below it, always one of the values
 * measured (never interpolated).
 *
 * @param p50 the median, or {@code null} when nothing was measured
 * @param p95 the 95th percentile, or {@code null} when nothing was measured
 * @param p99 the 99th percentile, or {@code null} when nothing was measured
 * @param max the longest, or {@code null} when nothing was measured
 * @author TaskFlow
 */
public record Percentiles(Duration p50, Duration p95, Duration p99, Duration max) {

	private static final Percentiles NONE = new Percentiles(null, null, null, null);

	/**
	 * The percentiles of the given times.
	 * @param times the times, in any order
	 * @return their percentiles; all {@code null} when there are none
	 */
	public static Percentiles of(List<Duration> times) {
		Assert.notNull(times, "'times' must not be null");
		Assert.noNullElements(times, "'times' must not contain null");
		if (times.isEmpty()) {
			return NONE;
		}
		List<Duration> sorted = new ArrayList<>(times);
		sorted.sort(null);
		return new Percentiles(nearestRank(sorted, 50), nearestRank(sorted, 95), nearestRank(sorted, 99),
				sorted.get(sorted.size() - 1));
	}

	/**
	 * The nearest-rank percentile of sorted values: the least value with at least
	 * {@code percentile} % of all values at or below it.
	 * @param sorted the values, in ascending order
	 * @param percentile from 0 to 100; 0 gives the least value, 100 the greatest
	 * @return the value, or {@link Double#NaN} when there are none
	 */
	public static double percentile(List<Double> sorted, int percentile) {
		Assert.notNull(sorted, "'sorted' must not be null");
		if (sorted.isEmpty()) {
			return Double.NaN;
		}
		return nearestRank(sorted, percentile);
	}

	private static <T> T nearestRank(List<T> sorted, int percentile) {
		Assert.isTrue(percentile >= 0 && percentile <= 100,
				() -> "'percentile' must be from 0 to 100, was " + percentile);
		int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
		return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
	}

	/**
	 * Whether any time was measured.
	 * @return {@code false} when the percentiles are all {@code null}
	 */
	public boolean isMeasured() {
		return this.max != null;
	}

	/**
	 * The percentiles in milliseconds, such as
	 * {@code p50 4.2 ms, p95 11.0 ms, p99 15.3 ms, max 20.1 ms}, or {@code none}.
	 */
	@Override
	public String toString() {
		if (!isMeasured()) {
			return "none";
		}
		return "p50 " + format(this.p50) + ", p95 " + format(this.p95) + ", p99 " + format(this.p99) + ", max "
				+ format(this.max);
	}

	static String format(Duration duration) {
		return String.format(Locale.ROOT, "%.1f ms", duration.toNanos() / 1e6);
	}

}
