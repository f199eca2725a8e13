package dev.taskflow.store;

import java.util.Arrays;

import org.springframework.util.Assert;

import dev.taskflow.StatisticsPoint;

/**
 * The figures of one row of {@code taskflow_statistics}, or of a sum of rows: the counts
 * of events and the two histograms of the attempts that ended, wait time and run time,
 * with {@link StatisticsPoint#HISTOGRAM_BUCKETS} buckets each, in the order of
 * {@link StatisticsPoint#HISTOGRAM_BOUNDS}. The arrays are the record's own: callers
 * neither change those they pass nor those they read.
 *
 * @param enqueued jobs enqueued
 * @param succeeded attempts that succeeded
 * @param failed jobs that failed for good
 * @param retried attempts after which the job is due again
 * @param cancelled jobs cancelled
 * @param waitTimes attempts that ended, by bucket of the time from due to start
 * @param runTimes attempts that ended, by bucket of the time they ran
 * @author TaskFlow
 */
public record StatisticsFigures(long enqueued, long succeeded, long failed, long retried, long cancelled,
		long[] waitTimes, long[] runTimes) {

	/**
	 * Check the histograms.
	 */
	public StatisticsFigures {
		Assert.isTrue(waitTimes.length == StatisticsPoint.HISTOGRAM_BUCKETS,
				"'waitTimes' must have one count per bucket");
		Assert.isTrue(runTimes.length == StatisticsPoint.HISTOGRAM_BUCKETS,
				"'runTimes' must have one count per bucket");
	}

	/**
	 * Figures of nothing: no event, no attempt.
	 * @return the figures
	 */
	public static StatisticsFigures none() {
		return new StatisticsFigures(0, 0, 0, 0, 0, new long[StatisticsPoint.HISTOGRAM_BUCKETS],
				new long[StatisticsPoint.HISTOGRAM_BUCKETS]);
	}

	/**
	 * These figures and others added up.
	 * @param other the other figures
	 * @return the sums
	 */
	public StatisticsFigures plus(StatisticsFigures other) {
		long[] waits = this.waitTimes.clone();
		long[] runs = this.runTimes.clone();
		for (int i = 0; i < waits.length; i++) {
			waits[i] += other.waitTimes[i];
			runs[i] += other.runTimes[i];
		}
		return new StatisticsFigures(this.enqueued + other.enqueued, this.succeeded + other.succeeded,
				this.failed + other.failed, this.retried + other.retried, this.cancelled + other.cancelled, waits,
				runs);
	}

	/**
	 * Whether nothing happened: every count and bucket is zero.
	 * @return {@code true} if nothing was counted
	 */
	public boolean isEmpty() {
		return this.enqueued == 0 && this.succeeded == 0 && this.failed == 0 && this.retried == 0 && this.cancelled == 0
				&& Arrays.stream(this.waitTimes).allMatch((count) -> count == 0)
				&& Arrays.stream(this.runTimes).allMatch((count) -> count == 0);
	}

	@Override
	public boolean equals(Object other) {
		return this == other || (other instanceof StatisticsFigures figures && this.enqueued == figures.enqueued
				&& this.succeeded == figures.succeeded && this.failed == figures.failed
				&& this.retried == figures.retried && this.cancelled == figures.cancelled
				&& Arrays.equals(this.waitTimes, figures.waitTimes) && Arrays.equals(this.runTimes, figures.runTimes));
	}

	@Override
	public int hashCode() {
		return 31 * (31
				* Long.hashCode(
						this.enqueued + 3 * this.succeeded + 7 * this.failed + 11 * this.retried + 13 * this.cancelled)
				+ Arrays.hashCode(this.waitTimes)) + Arrays.hashCode(this.runTimes);
	}

	@Override
	public String toString() {
		return "StatisticsFigures[enqueued=" + this.enqueued + ", succeeded=" + this.succeeded + ", failed="
				+ this.failed + ", retried=" + this.retried + ", cancelled=" + this.cancelled + ", waitTimes="
				+ Arrays.toString(this.waitTimes) + ", runTimes=" + Arrays.toString(this.runTimes) + "]";
	}

}
