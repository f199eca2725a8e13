package dev.taskflow.schedule;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatRuntimeException;

/**
 * Tests for {@link Recurrence}.
 *
 * @author TaskFlow
 */
class RecurrenceTests {

	private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

	@Test
	void intervalTicksAtMultiplesOfItsPeriodSinceTheEpoch() {
		Recurrence every15Minutes = new Recurrence.Interval(Duration.ofMinutes(15));
		assertThat(every15Minutes.next(instant("2026-01-15T10:07:00Z"))).isEqualTo("2026-01-15T10:15:00Z");
		assertThat(every15Minutes.next(instant("2026-01-15T10:59:59.999Z"))).isEqualTo("2026-01-15T11:00:00Z");
		// 90 minutes does not divide an hour: the grid still starts at the epoch, not at
		// the instant asked about
		Recurrence every90Minutes = new Recurrence.Interval(Duration.ofMinutes(90));
		assertThat(every90Minutes.next(instant("2026-01-15T10:07:00Z"))).isEqualTo("2026-01-15T10:30:00Z");
		assertThat(every90Minutes.next(instant("2026-01-15T10:30:00Z"))).isEqualTo("2026-01-15T12:00:00Z");
	}

	@Test
	void weeklyIntervalTicksOnThursdaysAtMidnightUtcBecauseTheEpochWasAThursday() {
		Instant next = new Recurrence.Interval(Duration.ofDays(7)).next(instant("2026-01-15T10:07:00Z"));
		assertThat(next).isEqualTo("2026-01-22T00:00:00Z");
		assertThat(next.atZone(ZoneOffset.UTC).getDayOfWeek()).isEqualTo(DayOfWeek.THURSDAY);
	}

	@Test
	void intervalTickIsStrictlyAfterTheGivenInstant() {
		Recurrence everySecond = new Recurrence.Interval(Duration.ofSeconds(1));
		assertThat(everySecond.next(instant("2026-01-15T10:00:00Z"))).isEqualTo("2026-01-15T10:00:01Z");
		assertThat(everySecond.next(instant("2026-01-15T10:00:00.000000001Z"))).isEqualTo("2026-01-15T10:00:01Z");
		assertThat(everySecond.next(instant("2026-01-15T10:00:00.999999999Z"))).isEqualTo("2026-01-15T10:00:01Z");
		Recurrence everyMillisecond = new Recurrence.Interval(Duration.ofMillis(1));
		assertThat(everyMillisecond.next(instant("2026-01-15T10:00:00.0005Z"))).isEqualTo("2026-01-15T10:00:00.001Z");
		assertThat(everyMillisecond.next(instant("2026-01-15T10:00:00.001Z"))).isEqualTo("2026-01-15T10:00:00.002Z");
	}

	@Test
	void intervalTicksBeforeTheEpochToo() {
		Recurrence everySecond = new Recurrence.Interval(Duration.ofSeconds(1));
		assertThat(everySecond.next(instant("1969-12-31T23:59:58.5Z"))).isEqualTo("1969-12-31T23:59:59Z");
		assertThat(everySecond.next(instant("1969-12-31T23:59:59Z"))).isEqualTo("1970-01-01T00:00:00Z");
	}

	@Test
	void intervalWalksEveryTickInOrder() {
		Recurrence every20Minutes = new Recurrence.Interval(Duration.ofMinutes(20));
		assertThat(walk(every20Minutes, instant("2026-01-15T09:59:00Z"), 4)).containsExactly(
				instant("2026-01-15T10:00:00Z"), instant("2026-01-15T10:20:00Z"), instant("2026-01-15T10:40:00Z"),
				instant("2026-01-15T11:00:00Z"));
	}

	@Test
	void cronIsReadInItsZone() {
		Recurrence nightly = cron("0 0 2 * * *", PARIS);
		// 02:00 in Paris is 01:00 UTC in winter and 00:00 UTC in summer
		assertThat(nightly.next(instant("2026-01-15T10:00:00Z"))).isEqualTo("2026-01-16T01:00:00Z");
		assertThat(nightly.next(instant("2026-07-15T10:00:00Z"))).isEqualTo("2026-07-16T00:00:00Z");
		assertThat(cron("0 0 2 * * *", ZoneOffset.UTC).next(instant("2026-01-15T10:00:00Z")))
			.isEqualTo("2026-01-16T02:00:00Z");
	}

	@Test
	void cronTickIsStrictlyAfterTheGivenInstant() {
		Recurrence hourly = cron("0 0 * * * *", ZoneOffset.UTC);
		assertThat(hourly.next(instant("2026-01-15T10:00:00Z"))).isEqualTo("2026-01-15T11:00:00Z");
		assertThat(hourly.next(instant("2026-01-15T09:59:59.999999999Z"))).isEqualTo("2026-01-15T10:00:00Z");
	}

	@Test
	void cronMacrosAreRead() {
		assertThat(cron("@daily", PARIS).next(instant("2026-01-15T10:00:00Z"))).isEqualTo("2026-01-15T23:00:00Z");
		assertThat(cron("@hourly", PARIS).next(instant("2026-01-15T10:00:00Z"))).isEqualTo("2026-01-15T11:00:00Z");
	}

	@Test
	void dailyCronAtATimeSkippedBySpringForwardFiresOnceWhenTheClocksJump() {
		// 2026-03-29 in Paris: 02:00 CET jumps to 03:00 CEST, so 02:30 does not exist
		// that day; as with cron, it fires at the jump (Spring's CronExpression alone,
		// and so @Scheduled, would skip the day)
		Recurrence at0230 = cron("0 30 2 * * *", PARIS);
		assertThat(walk(at0230, instant("2026-03-28T12:00:00Z"), 3)).containsExactly(instant("2026-03-29T01:00:00Z"),
				instant("2026-03-30T00:30:00Z"), instant("2026-03-31T00:30:00Z"));
		assertThat(cron("0 0 3 * * *", PARIS).next(instant("2026-03-28T12:00:00Z"))).isEqualTo("2026-03-29T01:00:00Z");
	}

	@Test
	void hourlyCronFiresEveryRealHourAcrossSpringForward() {
		// local 01:00 CET, then 03:00 CEST: one real hour apart, no 02:00
		assertThat(walk(cron("0 0 * * * *", PARIS), instant("2026-03-28T22:00:00Z"), 4)).containsExactly(
				instant("2026-03-28T23:00:00Z"), instant("2026-03-29T00:00:00Z"), instant("2026-03-29T01:00:00Z"),
				instant("2026-03-29T02:00:00Z"));
		assertThat(cron("0 */15 * * * *", PARIS).next(instant("2026-03-29T00:45:00Z")))
			.isEqualTo("2026-03-29T01:00:00Z");
		assertThat(ticksOnLocalDay(cron("0 0 * * * *", PARIS), LocalDate.parse("2026-03-29"))).hasSize(23);
	}

	@Test
	void dailyCronAtATimeRepeatedByFallBackFiresOnceThatDay() {
		// 2026-10-25 in Paris: 03:00 CEST goes back to 02:00 CET, so 02:30 happens twice;
		// as with cron, it fires on the first pass only (Spring's CronExpression alone,
		// and so @Scheduled, would fire at both, one real hour apart)
		Recurrence at0230 = cron("0 30 2 * * *", PARIS);
		assertThat(walk(at0230, instant("2026-10-24T12:00:00Z"), 2)).containsExactly(instant("2026-10-25T00:30:00Z"),
				instant("2026-10-26T01:30:00Z"));
		assertThat(cron("0 0 3 * * *", PARIS).next(instant("2026-10-24T12:00:00Z"))).isEqualTo("2026-10-25T02:00:00Z");
	}

	@Test
	void hourlyCronFiresEveryRealHourAcrossFallBack() {
		// local 02:00 CEST, then 02:00 CET: the repeated hour fires twice
		assertThat(walk(cron("0 0 * * * *", PARIS), instant("2026-10-24T22:00:00Z"), 4)).containsExactly(
				instant("2026-10-24T23:00:00Z"), instant("2026-10-25T00:00:00Z"), instant("2026-10-25T01:00:00Z"),
				instant("2026-10-25T02:00:00Z"));
		assertThat(ticksOnLocalDay(cron("0 0 * * * *", PARIS), LocalDate.parse("2026-10-25"))).hasSize(25);
	}

	@Test
	void cronThatNeverFiresHasNoNextTick() {
		assertThat(cron("0 0 0 30 2 *", ZoneOffset.UTC).next(instant("2026-01-01T00:00:00Z"))).isNull();
	}

	@Test
	void storedRecurrencesAreRead() {
		assertThat(Recurrence.of(Recurrence.EVERY, "PT15M", "Z"))
			.isEqualTo(new Recurrence.Interval(Duration.ofMinutes(15)));
		Recurrence cron = Recurrence.of(Recurrence.CRON, "0 0 2 * * *", "Europe/Paris");
		assertThat(cron).isInstanceOf(Recurrence.Cron.class);
		assertThat(((Recurrence.Cron) cron).zone()).isEqualTo(PARIS);
		assertThat(cron.next(instant("2026-01-15T10:00:00Z"))).isEqualTo("2026-01-16T01:00:00Z");
		assertThat(Recurrence.INTERVAL_ZONE).isEqualTo(ZoneOffset.UTC);
	}

	@Test
	void unreadableStoredRecurrencesAreRejected() {
		// Recurrence.of documents IllegalArgumentException, but a bad duration or zone
		// throws java.time's DateTimeException (not an IllegalArgumentException); callers
		// catch RuntimeException, so only the Javadoc is off
		assertThatRuntimeException().isThrownBy(() -> Recurrence.of(Recurrence.EVERY, "15 minutes", "Z"));
		assertThatRuntimeException().isThrownBy(() -> Recurrence.of(Recurrence.CRON, "0 0 2 * *", "Europe/Paris"));
		assertThatRuntimeException().isThrownBy(() -> Recurrence.of(Recurrence.CRON, "0 0 2 * * *", "Mars/Olympus"));
	}

	private static Recurrence cron(String expression, ZoneId zone) {
		return Recurrence.of(Recurrence.CRON, expression, zone.getId());
	}

	private static List<Instant> walk(Recurrence recurrence, Instant after, int count) {
		List<Instant> ticks = new ArrayList<>();
		Instant tick = after;
		for (int i = 0; i < count; i++) {
			tick = recurrence.next(tick);
			ticks.add(tick);
		}
		return ticks;
	}

	private static List<Instant> ticksOnLocalDay(Recurrence recurrence, LocalDate day) {
		Instant start = day.atStartOfDay(PARIS).toInstant();
		Instant end = day.plusDays(1).atStartOfDay(PARIS).toInstant();
		List<Instant> ticks = new ArrayList<>();
		for (Instant tick = recurrence.next(start.minusNanos(1)); tick != null
				&& tick.isBefore(end); tick = recurrence.next(tick)) {
			ticks.add(tick);
		}
		return ticks;
	}

	private static Instant instant(String text) {
		return Instant.parse(text);
	}

}
