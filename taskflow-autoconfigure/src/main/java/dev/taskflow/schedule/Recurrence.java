package dev.taskflow.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

import org.springframework.scheduling.support.CronExpression;

/**
 * The fire times of a schedule: a cron expression read in a zone (with Spring's
 * {@link CronExpression}), or a fixed interval counted from the epoch.
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
		return new Cron(CronExpression.parse(expression), ZoneId.of(zone), Cron.isWallClock(expression));
	}

	/**
	 * Fire times of a cron expression in a zone.
	 * <p>
	 * Across daylight-saving transitions it behaves as cron does: an expression with a
	 * wildcard minute or hour ({@code 0 *&#47;15 * * * *}, {@code @hourly}) keeps real
	 * time, so it fires through both passes of a repeated hour and not at all in a
	 * skipped one. Any other expression names wall-clock times ({@code 0 30 2 * * *}) and
	 * fires once for them: the times the clocks skip fire once, when the clocks jump
	 * (02:30 on a spring-forward night fires at 03:00), and the times the clocks repeat
	 * fire on their first pass only. Spring's {@link CronExpression} alone would skip the
	 * first and fire the second twice.
	 *
	 * @param expression the expression
	 * @param zone the zone
	 * @param wallClock whether the expression names wall-clock times (no wildcard minute
	 * or hour)
	 */
	record Cron(CronExpression expression, ZoneId zone, boolean wallClock) implements Recurrence {

		@Override
		public Instant next(Instant after) {
			ZonedDateTime next = this.expression.next(after.atZone(this.zone));
			if (next == null || !this.wallClock) {
				return (next != null) ? next.toInstant() : null;
			}
			ZoneRules rules = this.zone.getRules();
			for (ZoneOffsetTransition transition = rules.nextTransition(after); transition != null
					&& !transition.getInstant().isAfter(next.toInstant()); transition = rules
						.nextTransition(transition.getInstant())) {
				if (transition.isGap()) {
					LocalDateTime skipped = this.expression.next(transition.getDateTimeBefore().minusNanos(1));
					if (skipped != null && skipped.isBefore(transition.getDateTimeAfter())) {
						return transition.getInstant();
					}
				}
			}
			while (next != null && isSecondPass(next, rules)) {
				next = this.expression.next(next);
			}
			return (next != null) ? next.toInstant() : null;
		}

		private static boolean isSecondPass(ZonedDateTime time, ZoneRules rules) {
			ZoneOffsetTransition transition = rules.getTransition(time.toLocalDateTime());
			return transition != null && transition.isOverlap() && time.getOffset().equals(transition.getOffsetAfter());
		}

		/**
		 * Whether a cron expression names wall-clock times: neither its minute nor its
		 * hour field is a wildcard, as cron tells fixed-time jobs from the others.
		 * @param expression the expression
		 * @return {@code true} for wall-clock times
		 */
		static boolean isWallClock(String expression) {
			String trimmed = expression.trim();
			if (trimmed.startsWith("@")) {
				return !trimmed.equalsIgnoreCase("@hourly");
			}
			String[] fields = trimmed.split("\\s+");
			return fields.length == 6 && !fields[1].contains("*") && !fields[2].contains("*");
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
