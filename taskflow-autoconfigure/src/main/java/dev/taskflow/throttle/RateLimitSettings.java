package dev.taskflow.throttle;

import java.time.Duration;

/**
 * A rate limit: at most {@code limitForPeriod} jobs start in any window of
 * {@code limitRefreshPeriod}, on each node or across the cluster.
 *
 * @param limitForPeriod the jobs per period
 * @param limitRefreshPeriod the period
 * @param scope where the limit holds
 * @author TaskFlow
 */
public record RateLimitSettings(int limitForPeriod, Duration limitRefreshPeriod, Scope scope) {

	private static final Duration MIN_MARGIN = Duration.ofMillis(20);

	private static final Duration MAX_MARGIN = Duration.ofMillis(100);

	public RateLimitSettings {
		if (limitForPeriod < 1) {
			throw new IllegalArgumentException("limit-for-period must be at least 1, was " + limitForPeriod);
		}
		if (limitRefreshPeriod == null || limitRefreshPeriod.isNegative() || limitRefreshPeriod.isZero()) {
			throw new IllegalArgumentException("limit-refresh-period must be positive, was " + limitRefreshPeriod);
		}
		if (scope == null) {
			scope = Scope.NODE;
		}
	}

	/**
	 * How late after its claim a job of this limit may start: a tenth of the period,
	 * between 20 and 100 ms. A job that cannot start by then goes back to the database
	 * instead, so that a permit's start never drifts into the next use of that permit.
	 * @return the margin
	 */
	public Duration margin() {
		Duration margin = this.limitRefreshPeriod.dividedBy(10);
		if (margin.compareTo(MIN_MARGIN) < 0) {
			return MIN_MARGIN;
		}
		return (margin.compareTo(MAX_MARGIN) > 0) ? MAX_MARGIN : margin;
	}

	/**
	 * How long a permit stays used: the period and the {@link #margin() margin}. As every
	 * job starts within the margin of its claim, two starts on one permit are at least a
	 * period apart, so no window of one period holds more starts than the limit.
	 * @return the window
	 */
	public Duration window() {
		return this.limitRefreshPeriod.plus(margin());
	}

	@Override
	public String toString() {
		return this.limitForPeriod + " per " + this.limitRefreshPeriod.toString().substring(2).toLowerCase() + " ("
				+ this.scope.name().toLowerCase() + ")";
	}

}
