package dev.taskflow.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.taskflow.MisfirePolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Tests for {@link FirePlanner} and {@link FirePlan}.
 *
 * @author TaskFlow
 */
class FirePlannerTests {

	private static final String FIRE_ONCE_REASON = "missed while no node could fire it; ran once instead (misfire"
			+ " FIRE_ONCE)";

	private static final String FIRE_ALL_REASON = "missed while no node could fire it, beyond"
			+ " spring.taskflow.schedule.max-catch-up=100 (misfire FIRE_ALL)";

	private static final String SKIP_REASON = "missed while no node could fire it (misfire SKIP)";

	private static final Recurrence EVERY_MINUTE = new Recurrence.Interval(Duration.ofMinutes(1));

	private static final Recurrence EVERY_SECOND = new Recurrence.Interval(Duration.ofSeconds(1));

	private final FirePlanner planner = new FirePlanner(Duration.ofSeconds(10), 100);

	@ParameterizedTest
	@EnumSource(MisfirePolicy.class)
	void fireTimeWithinTheThresholdIsOnTimeWhateverThePolicy(MisfirePolicy misfire) {
		FirePlan plan = this.planner.plan(EVERY_MINUTE, instant("10:00:00"), instant("10:00:03"), misfire);
		assertThat(plan.fire()).containsExactly(instant("10:00:00"));
		assertThat(plan.skipped()).isZero();
		assertThat(plan.lastSkipped()).isNull();
		assertThat(plan.skipReason()).isNull();
		assertThat(plan.next()).isEqualTo(instant("10:01:00"));
	}

	@Test
	void fireTimeExactlyAtTheThresholdIsStillOnTime() {
		FirePlan plan = this.planner.plan(EVERY_MINUTE, instant("10:00:00"), instant("10:00:10"), MisfirePolicy.SKIP);
		assertThat(plan.fire()).containsExactly(instant("10:00:00"));
		assertThat(plan.skipped()).isZero();
	}

	@Test
	void fireTimeJustPastTheThresholdIsMissed() {
		FirePlan plan = this.planner.plan(EVERY_MINUTE, instant("10:00:00"), instant("10:00:10.001"),
				MisfirePolicy.SKIP);
		assertThat(plan.fire()).isEmpty();
		assertThat(plan.skipped()).isOne();
		assertThat(plan.lastSkipped()).isEqualTo(instant("10:00:00"));
		assertThat(plan.skipReason()).isEqualTo(SKIP_REASON);
		assertThat(plan.next()).isEqualTo(instant("10:01:00"));
	}

	@Test
	void zeroThresholdFiresOnlyTheFireTimeThatIsNow() {
		FirePlanner strict = new FirePlanner(Duration.ZERO, 100);
		assertThat(strict.plan(EVERY_MINUTE, instant("10:00:00"), instant("10:00:00"), MisfirePolicy.SKIP).fire())
			.containsExactly(instant("10:00:00"));
		assertThat(strict.plan(EVERY_MINUTE, instant("10:00:00"), instant("10:00:00.001"), MisfirePolicy.SKIP).fire())
			.isEmpty();
	}

	@ParameterizedTest
	@EnumSource(MisfirePolicy.class)
	void everyFireTimeWithinTheThresholdRunsWhateverThePolicy(MisfirePolicy misfire) {
		FirePlan plan = this.planner.plan(EVERY_SECOND, instant("10:00:00"), instant("10:00:04.5"), misfire);
		assertThat(plan.fire()).containsExactly(instant("10:00:00"), instant("10:00:01"), instant("10:00:02"),
				instant("10:00:03"), instant("10:00:04"));
		assertThat(plan.skipped()).isZero();
		assertThat(plan.next()).isEqualTo(instant("10:00:05"));
	}

	@Test
	void fireOnceRunsTheLatestMissedFireTimeAfterAnOutage() {
		// down from 10:00 to 12:00:30: 10:00 ... 12:00 are 121 missed fire times
		FirePlan plan = this.planner.plan(EVERY_MINUTE, instant("10:00:00"), instant("12:00:30"),
				MisfirePolicy.FIRE_ONCE);
		assertThat(plan.fire()).containsExactly(instant("12:00:00"));
		assertThat(plan.skipped()).isEqualTo(120);
		assertThat(plan.lastSkipped()).isEqualTo(instant("11:59:00"));
		assertThat(plan.skipReason()).isEqualTo(FIRE_ONCE_REASON);
		assertThat(plan.next()).isEqualTo(instant("12:01:00"));
	}

	@Test
	void fireOnceCountsAnOnTimeFireTimeAsItsOneOccurrence() {
		// 12:00 is on time: it is the one occurrence, all of 10:00 ... 11:59 are skipped
		FirePlan plan = this.planner.plan(EVERY_MINUTE, instant("10:00:00"), instant("12:00:05"),
				MisfirePolicy.FIRE_ONCE);
		assertThat(plan.fire()).containsExactly(instant("12:00:00"));
		assertThat(plan.skipped()).isEqualTo(120);
		assertThat(plan.lastSkipped()).isEqualTo(instant("11:59:00"));
		assertThat(plan.skipReason()).isEqualTo(FIRE_ONCE_REASON);
		assertThat(plan.next()).isEqualTo(instant("12:01:00"));
	}

	@Test
	void fireOnceWithASingleMissedFireTimeSkipsNothing() {
		FirePlan plan = this.planner.plan(EVERY_MINUTE, instant("10:00:00"), instant("10:00:30"),
				MisfirePolicy.FIRE_ONCE);
		assertThat(plan.fire()).containsExactly(instant("10:00:00"));
		assertThat(plan.skipped()).isZero();
		assertThat(plan.lastSkipped()).isNull();
		assertThat(plan.skipReason()).isNull();
		assertThat(plan.next()).isEqualTo(instant("10:01:00"));
	}

	@Test
	void fireAllRunsEveryMissedFireTimeUpToMaxCatchUp() {
		FirePlan plan = this.planner.plan(EVERY_MINUTE, instant("10:00:00"), instant("10:04:30"),
				MisfirePolicy.FIRE_ALL);
		assertThat(plan.fire()).containsExactly(instant("10:00:00"), instant("10:01:00"), instant("10:02:00"),
				instant("10:03:00"), instant("10:04:00"));
		assertThat(plan.skipped()).isZero();
		assertThat(plan.lastSkipped()).isNull();
		assertThat(plan.skipReason()).isNull();
		assertThat(plan.next()).isEqualTo(instant("10:05:00"));
	}

	@Test
	void fireAllKeepsTheNewestMissedFireTimesBeyondMaxCatchUp() {
		// 121 missed fire times, 100 caught up: 10:21 ... 12:00; 10:00 ... 10:20 skipped
		FirePlan plan = this.planner.plan(EVERY_MINUTE, instant("10:00:00"), instant("12:00:30"),
				MisfirePolicy.FIRE_ALL);
		assertThat(plan.fire()).hasSize(100).doesNotHaveDuplicates().isSorted();
		assertThat(plan.fire().get(0)).isEqualTo(instant("10:21:00"));
		assertThat(plan.fire().get(99)).isEqualTo(instant("12:00:00"));
		assertThat(plan.skipped()).isEqualTo(21);
		assertThat(plan.lastSkipped()).isEqualTo(instant("10:20:00"));
		assertThat(plan.skipReason()).isEqualTo(FIRE_ALL_REASON);
		assertThat(plan.next()).isEqualTo(instant("12:01:00"));
	}

	@Test
	void fireAllBoundsTheWholeCatchUpByMaxCatchUp() {
		FirePlanner planner = new FirePlanner(Duration.ofSeconds(10), 2);
		FirePlan plan = planner.plan(EVERY_SECOND, instant("10:00:00"), instant("10:00:15"), MisfirePolicy.FIRE_ALL);
		// 10:00:00 is 15s late, past the threshold: of the 16 due fire times, the newest
		// two run, whether or not they are within the threshold themselves
		assertThat(plan.fire()).containsExactly(instant("10:00:14"), instant("10:00:15"));
		assertThat(plan.skipped()).isEqualTo(14);
		assertThat(plan.lastSkipped()).isEqualTo(instant("10:00:13"));
		assertThat(plan.skipReason()).isEqualTo("missed while no node could fire it, beyond"
				+ " spring.taskflow.schedule.max-catch-up=2 (misfire FIRE_ALL)");
	}

	@Test
	void skipRunsNoMissedFireTimeAndResumesAtTheNextOne() {
		FirePlan plan = this.planner.plan(EVERY_MINUTE, instant("10:00:00"), instant("12:00:30"), MisfirePolicy.SKIP);
		assertThat(plan.fire()).isEmpty();
		assertThat(plan.skipped()).isEqualTo(121);
		assertThat(plan.lastSkipped()).isEqualTo(instant("12:00:00"));
		assertThat(plan.skipReason()).isEqualTo(SKIP_REASON);
		assertThat(plan.next()).isEqualTo(instant("12:01:00"));
	}

	@Test
	void skipRunsNoneOfTheDueFireTimesEvenOneThatIsRecent() {
		FirePlan plan = this.planner.plan(EVERY_MINUTE, instant("10:00:00"), instant("12:00:05"), MisfirePolicy.SKIP);
		assertThat(plan.fire()).isEmpty();
		assertThat(plan.skipped()).isEqualTo(121);
		assertThat(plan.lastSkipped()).isEqualTo(instant("12:00:00"));
		assertThat(plan.skipReason()).isEqualTo(SKIP_REASON);
		assertThat(plan.next()).isEqualTo(instant("12:01:00"));
	}

	@Test
	void cronFireTimesArePlannedInTheirZone() {
		Recurrence nightly = Recurrence.of(Recurrence.CRON, "0 0 2 * * *", "Europe/Paris");
		// down for three nights: 01:00Z (02:00 CET) on the 15th, 16th and 17th were
		// missed
		FirePlan plan = this.planner.plan(nightly, Instant.parse("2026-01-15T01:00:00Z"),
				Instant.parse("2026-01-17T09:00:00Z"), MisfirePolicy.FIRE_ALL);
		assertThat(plan.fire()).containsExactly(Instant.parse("2026-01-15T01:00:00Z"),
				Instant.parse("2026-01-16T01:00:00Z"), Instant.parse("2026-01-17T01:00:00Z"));
		assertThat(plan.next()).isEqualTo(Instant.parse("2026-01-18T01:00:00Z"));
	}

	@Test
	void hugeOutageOfAPerSecondCronFinishesFastAndKeepsTheNewestFireTimes() {
		// 30 days down: 2,592,001 due fire times, 00:00:00 on the 1st to now included
		Recurrence perSecond = Recurrence.of(Recurrence.CRON, "* * * * * *", "Z");
		Instant down = Instant.parse("2026-01-01T00:00:00Z");
		Instant now = Instant.parse("2026-01-31T00:00:00Z");
		FirePlan fireAll = assertTimeoutPreemptively(Duration.ofSeconds(10),
				() -> this.planner.plan(perSecond, down, now, MisfirePolicy.FIRE_ALL));
		assertThat(fireAll.fire()).hasSize(100).doesNotHaveDuplicates().isSorted();
		assertThat(fireAll.fire().get(0)).isEqualTo("2026-01-30T23:58:21Z");
		assertThat(fireAll.fire().get(99)).isEqualTo(now);
		assertThat(fireAll.skipped()).isEqualTo(2_591_901);
		assertThat(fireAll.lastSkipped()).isEqualTo("2026-01-30T23:58:20Z");
		assertThat(fireAll.skipReason()).isEqualTo(FIRE_ALL_REASON);
		assertThat(fireAll.next()).isEqualTo("2026-01-31T00:00:01Z");
		FirePlan fireOnce = assertTimeoutPreemptively(Duration.ofSeconds(10),
				() -> this.planner.plan(perSecond, down, now, MisfirePolicy.FIRE_ONCE));
		assertThat(fireOnce.fire()).containsExactly(now);
		assertThat(fireOnce.skipped()).isEqualTo(2_592_000);
		assertThat(fireOnce.lastSkipped()).isEqualTo("2026-01-30T23:59:59Z");
		FirePlan skip = assertTimeoutPreemptively(Duration.ofSeconds(10),
				() -> this.planner.plan(perSecond, down, now, MisfirePolicy.SKIP));
		assertThat(skip.fire()).isEmpty();
		assertThat(skip.skipped()).isEqualTo(2_592_001);
		assertThat(skip.lastSkipped()).isEqualTo(now);
		assertThat(skip.next()).isEqualTo("2026-01-31T00:00:01Z");
	}

	@Test
	void hugeOutageOfAMillisecondIntervalFinishesFast() {
		// one day of a 1ms interval: 86,400,001 due fire times, both ends included
		Recurrence everyMillisecond = new Recurrence.Interval(Duration.ofMillis(1));
		Instant down = Instant.parse("2026-01-01T00:00:00Z");
		Instant now = Instant.parse("2026-01-02T00:00:00Z");
		FirePlan plan = assertTimeoutPreemptively(Duration.ofSeconds(10),
				() -> this.planner.plan(everyMillisecond, down, now, MisfirePolicy.SKIP));
		assertThat(plan.skipped()).isEqualTo(86_400_001);
		assertThat(plan.lastSkipped()).isEqualTo(now);
		assertThat(plan.fire()).isEmpty();
		assertThat(plan.next()).isEqualTo("2026-01-02T00:00:00.001Z");
	}

	@ParameterizedTest
	@EnumSource(value = MisfirePolicy.class, names = { "FIRE_ONCE", "FIRE_ALL" })
	void hugeOutageOfACronDenseOnlyPartOfTheDayStillCatchesUpOnItsLatestFireTimes(MisfirePolicy misfire) {
		// every second from 00:00 to 11:59:59 UTC; down from 1 January 00:00 to 3 January
		// 18:00: 3 x 43,200 missed fire times, the latest at 3 January 11:59:59
		Recurrence mornings = Recurrence.of(Recurrence.CRON, "* * 0-11 * * *", "Z");
		FirePlan plan = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> this.planner.plan(mornings,
				Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-01-03T18:00:00Z"), misfire));
		assertThat(plan.fire()).hasSize((misfire == MisfirePolicy.FIRE_ONCE) ? 1 : 100);
		assertThat(plan.fire().get(plan.fire().size() - 1)).isEqualTo("2026-01-03T11:59:59Z");
		assertThat(plan.next()).isEqualTo("2026-01-04T00:00:00Z");
	}

	@Test
	void skipAllMovesEveryFireTimeToTheSkippedOnes() {
		FirePlan plan = new FirePlan(List.of(instant("10:01:00"), instant("10:02:00")), 3, instant("10:00:00"),
				"missed", instant("10:03:00"));
		FirePlan skipped = plan.skipAll("still running");
		assertThat(skipped.fire()).isEmpty();
		assertThat(skipped.skipped()).isEqualTo(5);
		assertThat(skipped.lastSkipped()).isEqualTo(instant("10:02:00"));
		assertThat(skipped.skipReason()).isEqualTo("still running");
		assertThat(skipped.next()).isEqualTo(instant("10:03:00"));
	}

	@Test
	void skipAllOfAPlanWithoutFireTimesChangesNothing() {
		FirePlan plan = new FirePlan(List.of(), 2, instant("10:00:00"), "missed", instant("10:03:00"));
		assertThat(plan.skipAll("still running")).isSameAs(plan);
	}

	private static Instant instant(String time) {
		return Instant.parse("2026-01-15T" + time + "Z");
	}

}
