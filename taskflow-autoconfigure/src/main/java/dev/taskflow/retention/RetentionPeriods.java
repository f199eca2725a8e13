package dev.taskflow.retention;

import java.time.Duration;

import org.springframework.util.Assert;

import dev.taskflow.JobStatus;

/**
 * How long finished jobs are kept, per final status. {@link #KEEP} keeps them for ever; a
 * {@code null} period is not set, and falls back to the next rule (a handler's to its
 * queue's, a queue's to the default).
 *
 * @param succeeded how long {@code SUCCEEDED} jobs are kept, or {@code null}
 * @param failed how long {@code FAILED} jobs are kept, or {@code null}
 * @param cancelled how long {@code CANCELLED} jobs are kept, or {@code null}
 * @author TaskFlow
 */
public record RetentionPeriods(Duration succeeded, Duration failed, Duration cancelled) {

	/**
	 * The period that keeps jobs for ever ({@code keep} or {@code 0} in properties).
	 */
	public static final Duration KEEP = Duration.ZERO;

	/**
	 * Check the periods.
	 */
	public RetentionPeriods {
		for (Duration period : new Duration[] { succeeded, failed, cancelled }) {
			Assert.isTrue(period == null || !period.isNegative(),
					() -> "A retention period must not be negative, was " + period);
		}
	}

	/**
	 * The period of a final status.
	 * @param status {@code SUCCEEDED}, {@code FAILED} or {@code CANCELLED}
	 * @return the period, or {@code null} if it is not set
	 * @throws IllegalArgumentException for an active status
	 */
	public Duration of(JobStatus status) {
		return switch (status) {
			case SUCCEEDED -> this.succeeded;
			case FAILED -> this.failed;
			case CANCELLED -> this.cancelled;
			default -> throw new IllegalArgumentException("Only finished jobs have a retention, not " + status);
		};
	}

	/**
	 * Whether no period is set.
	 * @return {@code true} if all three are {@code null}
	 */
	public boolean isEmpty() {
		return this.succeeded == null && this.failed == null && this.cancelled == null;
	}

	/**
	 * These periods where they are set, the given ones elsewhere.
	 * @param others the periods to fall back to
	 * @return the merged periods
	 */
	public RetentionPeriods orElse(RetentionPeriods others) {
		return new RetentionPeriods((this.succeeded != null) ? this.succeeded : others.succeeded(),
				(this.failed != null) ? this.failed : others.failed(),
				(this.cancelled != null) ? this.cancelled : others.cancelled());
	}

}
