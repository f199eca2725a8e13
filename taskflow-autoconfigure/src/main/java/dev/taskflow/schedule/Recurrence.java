package dev.taskflow.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

import org.springframework.scheduling.support.CronExpression;

/**
 * The fire times of a schedule: a cron expression read in a zone (with Spring's
 * {@link CronExpression}, which handles daylight-saving transitions), or a fixed interval
 * counted from the epoch.
 *
 * @author TaskFlow
 */
public sealed interface Recurrence {

	/**
	 * The kind stored for cron schedules.
	 */
	String CRON = "CRON";

	/**
	 * The kind stored for interval schedules.
	 */
	String EVERY = "EVERY";

	/**
	 * The first fire time strictly after the given instant.
	 * @param after the instant
	 * @return the next fire time, or {@code null} if there is none
	 */
	Instant next(Instant after);

	/**
	 * Read a stored recurrence.
	 * @param kind {@link #CRON} or {@link #EVERY}
	 * @param expression the cron expression or ISO-8601 interval
	 * @param zone the zone id
	 * @return the recurrence
	 * @throws IllegalArgumentException if the expression or zone cannot be read
	 */
	static Recurrence of(String kind, String expression, String zone) {
		if (EVERY.equals(kind)) {
			return new Interval(Duration.parse(expression));
		}
		return new Cron(CronExpression.parse(expression), ZoneId.of(zone));
	}

	/**
	 * Fire times of a cron expression in a zone.
	 *
	 * @param expression the expression
	 * @param zone the zone
	 */
	record Cron(CronExpression expression, ZoneId zone) implements Recurrence {

		@Override
		public Instant next(Instant after) {
			ZonedDateTime next = this.expression.next(after.atZone(this.zone));
			return (next != null) ? next.toInstant() : null;
		}

	}

	/**
	 * Fire times at the multiples of an interval since the epoch, so every node computes
	 * the same ones without a stored anchor.
	 *
	 * @param every the interval
	 */
	record Interval(Duration every) implements Recurrence {

		@Override
		public Instant next(Instant after) {
			long periodMillis = this.every.toMillis();
			long ticks = Math.floorDiv(after.toEpochMilli(), periodMillis) + 1;
			Instant next = Instant.ofEpochMilli(ticks * periodMillis);
			// an instant with sub-millisecond digits lies after its millisecond
			return next.isAfter(after) ? next : next.plusMillis(periodMillis);
		}

	}

	/**
	 * The zone stored with interval schedules.
	 */
	ZoneId INTERVAL_ZONE = ZoneOffset.UTC;

}
