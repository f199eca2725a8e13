package dev.taskflow;

import java.time.Duration;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Tests for {@link Schedule}.
 *
 * @author TaskFlow
 */
class ScheduleTests {

	@Test
	void cronScheduleHasDefaultsAndEachChangeIsACopy() {
		Schedule schedule = Schedule.cron("invoices", "0 */15 * * * *");
		Schedule changed = schedule.zone(ZoneId.of("UTC"))
			.handler("invoice.sweep")
			.payload("eu")
			.queue("billing")
			.priority(5)
			.misfire(MisfirePolicy.FIRE_ALL)
			.overlap(OverlapPolicy.SKIP_IF_RUNNING);
		assertThat(schedule.getName()).isEqualTo("invoices");
		assertThat(schedule.getCron()).isEqualTo("0 */15 * * * *");
		assertThat(schedule.getEvery()).isNull();
		assertThat(schedule.getZone()).isNull();
		assertThat(schedule.getHandler()).isEqualTo("invoices");
		assertThat(schedule.getPayload()).isNull();
		assertThat(schedule.getQueue()).isEqualTo(JobRequest.DEFAULT_QUEUE);
		assertThat(schedule.getPriority()).isZero();
		assertThat(schedule.getMisfire()).isEqualTo(MisfirePolicy.FIRE_ONCE);
		assertThat(schedule.getOverlap()).isEqualTo(OverlapPolicy.ALLOW);
		assertThat(changed.getName()).isEqualTo("invoices");
		assertThat(changed.getCron()).isEqualTo("0 */15 * * * *");
		assertThat(changed.getZone()).isEqualTo(ZoneId.of("UTC"));
		assertThat(changed.getHandler()).isEqualTo("invoice.sweep");
		assertThat(changed.getPayload()).isEqualTo("eu");
		assertThat(changed.getQueue()).isEqualTo("billing");
		assertThat(changed.getPriority()).isEqualTo(5);
		assertThat(changed.getMisfire()).isEqualTo(MisfirePolicy.FIRE_ALL);
		assertThat(changed.getOverlap()).isEqualTo(OverlapPolicy.SKIP_IF_RUNNING);
	}

	@Test
	void intervalScheduleHasDefaults() {
		Schedule schedule = Schedule.every("heartbeat", Duration.ofSeconds(30));
		assertThat(schedule.getCron()).isNull();
		assertThat(schedule.getEvery()).isEqualTo(Duration.ofSeconds(30));
		assertThat(schedule.getHandler()).isEqualTo("heartbeat");
		assertThat(schedule.getMisfire()).isEqualTo(MisfirePolicy.FIRE_ONCE);
		assertThat(schedule.getOverlap()).isEqualTo(OverlapPolicy.ALLOW);
		assertThat(schedule).hasToString("Schedule 'heartbeat' (every PT30S, handler heartbeat)");
	}

	@Test
	void cronExpressionIsTrimmedAndMacrosAreAccepted() {
		assertThat(Schedule.cron("nightly", "  0 0 2 * * *  ").getCron()).isEqualTo("0 0 2 * * *");
		assertThat(Schedule.cron("daily", "@daily").getCron()).isEqualTo("@daily");
		assertThat(Schedule.cron("report.nightly", "@daily").handler("report.render"))
			.hasToString("Schedule 'report.nightly' (cron @daily, handler report.render)");
	}

	@Test
	void invalidCronExpressionNamesTheScheduleAndTheProblem() {
		assertThatExceptionOfType(InvalidScheduleException.class)
			.isThrownBy(() -> Schedule.cron("invoices", "0 0 25 * * *"))
			.withMessage("Schedule 'invoices' is invalid: cron expression '0 0 25 * * *' is not valid: Invalid value"
					+ " for HourOfDay (valid values 0 - 23): 25 '25' in cron expression \"0 0 25 * * *\" (six fields:"
					+ " second minute hour day-of-month month day-of-week, or @hourly, @daily, ...)")
			.withCauseInstanceOf(IllegalArgumentException.class)
			.satisfies((ex) -> assertThat(ex.getScheduleName()).isEqualTo("invoices"));
	}

	@Test
	void fiveFieldUnixCronIsRejectedWithTheSixFieldHint() {
		assertThatExceptionOfType(InvalidScheduleException.class)
			.isThrownBy(() -> Schedule.cron("report.nightly", "0 2 * * *"))
			.withMessage("Schedule 'report.nightly' is invalid: cron expression '0 2 * * *' is not valid: Cron"
					+ " expression must consist of 6 fields (found 5 in \"0 2 * * *\") (six fields: second minute"
					+ " hour day-of-month month day-of-week, or @hourly, @daily, ...)");
	}

	@Test
	void emptyCronExpressionIsRejected() {
		assertThatExceptionOfType(InvalidScheduleException.class).isThrownBy(() -> Schedule.cron("invoices", " "))
			.withMessage("Schedule 'invoices' is invalid: the cron expression is empty");
		assertThatExceptionOfType(InvalidScheduleException.class).isThrownBy(() -> Schedule.cron("invoices", null))
			.withMessage("Schedule 'invoices' is invalid: the cron expression is empty");
	}

	@Test
	void zeroIntervalIsRejected() {
		assertThatExceptionOfType(InvalidScheduleException.class)
			.isThrownBy(() -> Schedule.every("heartbeat", Duration.ZERO))
			.withMessage("Schedule 'heartbeat' is invalid: the interval must be at least 1ms (for example 30s, 5m or"
					+ " PT1H), was PT0S")
			.satisfies((ex) -> assertThat(ex.getScheduleName()).isEqualTo("heartbeat"));
	}

	@Test
	void negativeSubMillisecondAndMissingIntervalsAreRejected() {
		assertThatExceptionOfType(InvalidScheduleException.class)
			.isThrownBy(() -> Schedule.every("heartbeat", Duration.ofSeconds(-5)))
			.withMessageEndingWith("was PT-5S");
		assertThatExceptionOfType(InvalidScheduleException.class)
			.isThrownBy(() -> Schedule.every("heartbeat", Duration.ofNanos(500_000)))
			.withMessageEndingWith("was PT0.0005S");
		assertThatExceptionOfType(InvalidScheduleException.class).isThrownBy(() -> Schedule.every("heartbeat", null))
			.withMessageEndingWith("was null");
	}

	@Test
	void oneMillisecondIsTheShortestInterval() {
		assertThat(Schedule.every("fast", Duration.ofMillis(1)).getEvery()).isEqualTo(Duration.ofMillis(1));
	}

	@Test
	void nameMustNotBeEmptyOrTooLong() {
		assertThatIllegalArgumentException().isThrownBy(() -> Schedule.cron(" ", "@daily"))
			.withMessage("'name' must not be empty");
		assertThatIllegalArgumentException().isThrownBy(() -> Schedule.every(null, Duration.ofMinutes(1)))
			.withMessage("'name' must not be empty");
		String longName = "n".repeat(Schedule.MAX_NAME_LENGTH + 1);
		assertThatIllegalArgumentException().isThrownBy(() -> Schedule.cron(longName, "@daily"))
			.withMessageStartingWith("'name' must be at most 200 characters, was 201 (")
			.withMessageEndingWith("); use a shorter schedule name");
		assertThat(Schedule.cron("n".repeat(Schedule.MAX_NAME_LENGTH), "@daily").getName()).hasSize(200);
	}

	@Test
	void handlerAndQueueMustNotBeEmpty() {
		Schedule schedule = Schedule.cron("invoices", "@hourly");
		assertThatIllegalArgumentException().isThrownBy(() -> schedule.handler(""))
			.withMessage("'handler' must not be empty");
		assertThatIllegalArgumentException().isThrownBy(() -> schedule.queue(" "))
			.withMessage("'queue' must not be empty");
	}

	@Test
	void handlerAndQueueFollowTheRulesOfAJobRequest() {
		Schedule schedule = Schedule.cron("invoices", "@hourly");
		assertThatIllegalArgumentException().isThrownBy(() -> schedule.handler("h".repeat(201)))
			.withMessageStartingWith("'handler' must be at most 200 characters, was 201");
		assertThatIllegalArgumentException().isThrownBy(() -> schedule.queue("q".repeat(101)))
			.withMessageStartingWith("'queue' must be at most 100 characters, was 101");
		assertThatIllegalArgumentException().isThrownBy(() -> schedule.queue("mail\n"))
			.withMessage("'queue' must not contain control characters such as line breaks, was \"mail\\n\";"
					+ " remove them");
		assertThatIllegalArgumentException().isThrownBy(() -> Schedule.cron("nightly\r\n", "@daily"))
			.withMessageStartingWith("'name' must not contain control characters");
	}

	@Test
	void zoneAndPoliciesMustNotBeNull() {
		Schedule schedule = Schedule.cron("invoices", "@hourly");
		assertThatNullPointerException().isThrownBy(() -> schedule.zone(null)).withMessage("'zone' must not be null");
		assertThatNullPointerException().isThrownBy(() -> schedule.misfire(null))
			.withMessage("'misfire' must not be null");
		assertThatNullPointerException().isThrownBy(() -> schedule.overlap(null))
			.withMessage("'overlap' must not be null");
	}

	@Test
	void invalidScheduleExceptionIsAnIllegalArgumentException() {
		InvalidScheduleException ex = new InvalidScheduleException("x", "it is wrong");
		assertThat(ex).isInstanceOf(IllegalArgumentException.class)
			.hasMessage("Schedule 'x' is invalid: it is wrong")
			.hasNoCause();
		assertThat(ex.getScheduleName()).isEqualTo("x");
	}

}
