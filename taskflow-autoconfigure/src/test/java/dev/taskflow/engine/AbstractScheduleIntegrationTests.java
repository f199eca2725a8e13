package dev.taskflow.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.taskflow.InvalidScheduleException;
import dev.taskflow.JobId;
import dev.taskflow.JobStatus;
import dev.taskflow.JobView;
import dev.taskflow.MisfirePolicy;
import dev.taskflow.OverlapPolicy;
import dev.taskflow.Schedule;
import dev.taskflow.ScheduleView;
import dev.taskflow.Schedules;
import dev.taskflow.UnknownHandlerException;
import dev.taskflow.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

/**
 * The contract of schedules, run against each supported database by a subclass: one job
 * per fire time across a cluster on the database's clock, and, on a {@link MutableClock}
 * moved by hand, misfires, daylight-saving transitions, overlaps, pause and resume,
 * trigger, backfill and declared schedules across restarts.
 *
 * @author TaskFlow
 */
abstract class AbstractScheduleIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final List<Class<?>> HANDLERS = List.of(ScheduleTestHandlers.class);

	private static final Instant T0 = Instant.parse("2030-01-07T10:00:00Z");

	private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

	private TestNodes nodes;

	protected abstract TestDatabase database();

	/**
	 * Properties of every node of this suite, for a variant of it (a pool with
	 * auto-commit off, say).
	 * @return the properties as {@code name=value}
	 */
	protected String[] nodeProperties() {
		return new String[0];
	}

	@BeforeEach
	void prepareDatabase() {
		// the schedules of these tests are the only ones: TaskFlow's own retention
		// schedule has its suite (AbstractRetentionIntegrationTests)
		String[] properties = Stream
			.concat(Stream.of("spring.taskflow.retention.enabled=false"), Stream.of(nodeProperties()))
			.toArray(String[]::new);
		this.nodes = new TestNodes(database(), properties);
	}

	@AfterEach
	void stopNodes() {
		// null when the database is unreachable and the test was skipped
		if (this.nodes != null) {
			this.nodes.close();
		}
	}

	@Test
	void threeNodesEnqueueEveryFireTimeOfAPerSecondScheduleExactlyOnce() {
		String[] tick = { "spring.taskflow.schedules[tick].every=1s",
				"spring.taskflow.schedules[tick].handler=schedule.record" };
		TestNode a = this.nodes.start(HANDLERS, null, with(tick, "spring.taskflow.worker.node-id=node-a"));
		this.nodes.start(HANDLERS, null, with(tick, "spring.taskflow.worker.node-id=node-b"));
		this.nodes.start(HANDLERS, null, with(tick, "spring.taskflow.worker.node-id=node-c"));
		int atStart = jobs(a, "tick").size();
		await().atMost(Duration.ofSeconds(40)).until(() -> jobs(a, "tick").size() >= atStart + 8);
		assertThat(a.taskFlow().schedules().pause("tick")).isTrue();
		List<JobView> jobs = await().until(() -> jobs(a, "tick"),
				(all) -> all.stream().allMatch((job) -> job.status() == JobStatus.SUCCEEDED));
		List<Instant> fireTimes = jobs.stream().map(JobView::fireTime).toList();
		assertThat(fireTimes).doesNotHaveDuplicates()
			.allSatisfy((fireTime) -> assertThat(fireTime.toEpochMilli() % 1000).isZero());
		Instant first = fireTimes.get(0);
		List<Instant> everySecond = Stream.iterate(first, (fireTime) -> fireTime.plusSeconds(1))
			.limit(fireTimes.size())
			.toList();
		assertThat(fireTimes).as("one job per second, none missing").isEqualTo(everySecond);
		assertThat(jobs).allSatisfy((job) -> assertThat(job.attempt()).isEqualTo(1));
		List<JobId> ran = ScheduleTestHandlers.runsOf("tick").stream().map(ScheduleTestHandlers.Run::jobId).toList();
		assertThat(ran).as("each job ran exactly once")
			.doesNotHaveDuplicates()
			.containsExactlyInAnyOrderElementsOf(jobs.stream().map(JobView::id).toList());
		assertThat(ScheduleTestHandlers.runsOf("tick")).extracting(ScheduleTestHandlers.Run::fireTime)
			.containsExactlyInAnyOrderElementsOf(fireTimes);
	}

	@Test
	void clockBeanOfTheApplicationDoesNotMoveSchedulesOffTheDatabaseClock() {
		// many applications define a Clock for their own code: only a TaskFlowClock
		// replaces the database's clock
		TestNode node = this.nodes.start(List.of(ScheduleTestHandlers.class, FarPastClock.class), null,
				"spring.taskflow.schedules[tick].every=1s", "spring.taskflow.schedules[tick].handler=schedule.record");
		assertThat(node.context().getBean(Clock.class).instant()).isEqualTo(FarPastClock.INSTANT);
		assertThat(schedule(node, "tick").nextFireTime()).isCloseTo(Instant.now(), within(1, ChronoUnit.MINUTES));
		await().until(() -> !ScheduleTestHandlers.runsOf("tick").isEmpty());
		assertThat(ScheduleTestHandlers.runsOf("tick").get(0).fireTime())
			.isAfter(FarPastClock.INSTANT.plus(Duration.ofDays(365)));
	}

	@Test
	void nodesRegisteringTheSameNewScheduleAtOnceCreateItOnceWithoutError() throws Exception {
		MutableClock clock = new MutableClock(T0);
		TestNode a = startNode(clock);
		TestNode b = startNode(clock);
		// as at start-up on every node of an application: half of the callers register
		// in a transaction of their own, at the database's default isolation
		List<TestNode> callers = List.of(a, b, a, b);
		ExecutorService executor = Executors.newFixedThreadPool(callers.size());
		try {
			for (int round = 0; round < 20; round++) {
				String name = "race." + round;
				CyclicBarrier barrier = new CyclicBarrier(callers.size());
				List<Future<ScheduleView>> registered = new ArrayList<>();
				for (int i = 0; i < callers.size(); i++) {
					TestNode caller = callers.get(i);
					boolean inTransaction = i >= 2;
					registered.add(executor.submit(() -> {
						barrier.await();
						Supplier<ScheduleView> register = () -> caller.taskFlow()
							.schedules()
							.register(everyMinute(name));
						return inTransaction
								? new TransactionTemplate(caller.context().getBean(PlatformTransactionManager.class))
									.execute((status) -> register.get())
								: register.get();
					}));
				}
				for (Future<ScheduleView> view : registered) {
					assertThat(view.get(30, TimeUnit.SECONDS).nextFireTime()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
				}
			}
		}
		finally {
			executor.shutdownNow();
		}
		assertThat(a.taskFlow().schedules().list()).hasSize(20);
		clock.set(T0.plus(Duration.ofMinutes(1)));
		for (int round = 0; round < 20; round++) {
			awaitFireTimes(a, "race." + round, minutes(1));
		}
	}

	@Test
	void misfirePoliciesDecideWhatRunsOfTheFireTimesMissedDuringAnOutage() {
		MutableClock clock = new MutableClock(T0);
		String maxCatchUp = "spring.taskflow.schedule.max-catch-up=5";
		TestNode before = startNode(clock, maxCatchUp);
		Schedules schedules = before.taskFlow().schedules();
		schedules.register(everyMinute("misfire.once").misfire(MisfirePolicy.FIRE_ONCE));
		schedules.register(everyMinute("misfire.all").misfire(MisfirePolicy.FIRE_ALL));
		schedules.register(everyMinute("misfire.skip").misfire(MisfirePolicy.SKIP));
		this.nodes.stop(before);
		// ten fire times pass while no node runs; the latest is past the misfire
		// threshold
		clock.set(T0.plus(Duration.ofMinutes(10).plusSeconds(30)));
		TestNode node = startNode(clock, maxCatchUp);
		assertThat(awaitFireTimes(node, "misfire.once", minutes(10))).hasSize(1);
		assertThat(awaitFireTimes(node, "misfire.all", minutes(6, 7, 8, 9, 10))).hasSize(5);
		ScheduleView skip = awaitSchedule(node, "misfire.skip", (view) -> minutes(11).contains(view.nextFireTime()));
		assertThat(jobs(node, "misfire.skip")).isEmpty();
		assertThat(skip.skippedCount()).isEqualTo(10);
		assertThat(skip.lastSkippedFireTime()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
		assertThat(skip.lastSkipReason()).contains("misfire SKIP");
		ScheduleView once = schedule(node, "misfire.once");
		assertThat(once.skippedCount()).isEqualTo(9);
		assertThat(once.lastSkippedFireTime()).isEqualTo(T0.plus(Duration.ofMinutes(9)));
		assertThat(once.lastSkipReason()).contains("FIRE_ONCE");
		assertThat(once.lastFireTime()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
		assertThat(once.nextFireTime()).isEqualTo(T0.plus(Duration.ofMinutes(11)));
		ScheduleView all = schedule(node, "misfire.all");
		assertThat(all.skippedCount()).isEqualTo(5);
		assertThat(all.lastSkippedFireTime()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
		assertThat(all.lastSkipReason()).contains("max-catch-up=5");
		// then each carries on at its next fire time
		clock.set(T0.plus(Duration.ofMinutes(11)));
		awaitFireTimes(node, "misfire.once", minutes(10, 11));
		awaitFireTimes(node, "misfire.all", minutes(6, 7, 8, 9, 10, 11));
		awaitFireTimes(node, "misfire.skip", minutes(11));
		await().until(() -> ScheduleTestHandlers.runs.size() == 2 + 6 + 1);
	}

	@Test
	void dailyCronInParisFiresOnceOnTheDayTheClocksSpringForward() {
		// 2026-03-29: 02:00 CET becomes 03:00 CEST, so 02:30 does not exist that day
		MutableClock clock = new MutableClock(Instant.parse("2026-03-27T12:00:00Z"));
		TestNode node = startNode(clock);
		ScheduleView registered = node.taskFlow()
			.schedules()
			.register(Schedule.cron("paris.nightly", "0 30 2 * * *").zone(PARIS).handler("schedule.record"));
		List<Instant> expected = instants("2026-03-28T01:30:00Z", "2026-03-29T01:00:00Z", "2026-03-30T00:30:00Z",
				"2026-03-31T00:30:00Z");
		assertThat(registered.nextFireTime()).isEqualTo(expected.get(0));
		stepThroughFireTimes(node, clock, "paris.nightly", expected);
		assertThat(expected).extracting((instant) -> LocalDateTime.ofInstant(instant, PARIS).toLocalTime())
			.containsExactly(LocalTime.of(2, 30), LocalTime.of(3, 0), LocalTime.of(2, 30), LocalTime.of(2, 30));
	}

	@Test
	void dailyCronInParisFiresOnceOnTheDayTheClocksFallBack() {
		// 2026-10-25: 03:00 CEST becomes 02:00 CET, so 02:30 happens twice that day
		MutableClock clock = new MutableClock(Instant.parse("2026-10-23T12:00:00Z"));
		TestNode node = startNode(clock);
		Schedules schedules = node.taskFlow().schedules();
		schedules.register(Schedule.cron("paris.nightly", "0 30 2 * * *").zone(PARIS).handler("schedule.record"));
		// a schedule with a wildcard hour keeps real time through the repeated hour
		schedules.register(Schedule.cron("paris.half-hourly", "0 */30 * * * *")
			.zone(PARIS)
			.handler("schedule.record")
			.misfire(MisfirePolicy.FIRE_ALL));
		stepThroughFireTimes(node, clock, "paris.nightly", instants("2026-10-24T00:30:00Z", "2026-10-25T00:30:00Z",
				"2026-10-26T01:30:00Z", "2026-10-27T01:30:00Z"));
		List<Instant> halfHourly = jobs(node, "paris.half-hourly").stream()
			.map(JobView::fireTime)
			.filter((fireTime) -> !fireTime.isBefore(Instant.parse("2026-10-24T23:00:00Z"))
					&& !fireTime.isAfter(Instant.parse("2026-10-25T03:00:00Z")))
			.toList();
		assertThat(halfHourly).isEqualTo(Stream
			.iterate(Instant.parse("2026-10-24T23:00:00Z"), (fireTime) -> fireTime.plus(Duration.ofMinutes(30)))
			.limit(9)
			.toList());
	}

	@Test
	void skipIfRunningSkipsAFireTimeWhileAnOccurrenceRunsAndRecordsWhy() {
		MutableClock clock = new MutableClock(T0);
		TestNode node = startNode(clock);
		Schedules schedules = node.taskFlow().schedules();
		schedules
			.register(everyMinute("overlap.skip").handler("schedule.gated").overlap(OverlapPolicy.SKIP_IF_RUNNING));
		schedules.register(everyMinute("overlap.allow").handler("schedule.gated").overlap(OverlapPolicy.ALLOW));
		clock.set(T0.plus(Duration.ofMinutes(1)));
		await().until(() -> ScheduleTestHandlers.running.get() == 2);
		clock.set(T0.plus(Duration.ofMinutes(2)));
		awaitFireTimes(node, "overlap.allow", minutes(1, 2));
		ScheduleView skip = awaitSchedule(node, "overlap.skip", (view) -> minutes(3).contains(view.nextFireTime()));
		assertThat(fireTimes(node, "overlap.skip")).isEqualTo(minutes(1));
		assertThat(skip.skippedCount()).isEqualTo(1);
		assertThat(skip.lastSkippedFireTime()).isEqualTo(T0.plus(Duration.ofMinutes(2)));
		assertThat(skip.lastSkipReason()).contains("still pending or running").contains("SKIP_IF_RUNNING");
		assertThat(schedule(node, "overlap.allow").skippedCount()).isZero();
		ScheduleTestHandlers.gate.countDown();
		await().until(() -> jobs(node, "overlap.skip").stream().allMatch((job) -> job.status() == JobStatus.SUCCEEDED));
		clock.set(T0.plus(Duration.ofMinutes(3)));
		awaitFireTimes(node, "overlap.skip", minutes(1, 3));
	}

	@Test
	void pausedScheduleCreatesNoJobsAndResumesAtItsNextFutureFireTime() {
		MutableClock clock = new MutableClock(T0);
		TestNode node = startNode(clock);
		Schedules schedules = node.taskFlow().schedules();
		schedules.register(everyMinute("paused"));
		schedules.register(everyMinute("control"));
		assertThat(schedules.pause("paused")).isTrue();
		assertThat(schedule(node, "paused").paused()).isTrue();
		for (int minute = 1; minute <= 3; minute++) {
			clock.set(T0.plus(Duration.ofMinutes(minute)));
			awaitFireTimes(node, "control", minutes(rangeClosed(1, minute)));
		}
		assertThat(jobs(node, "paused")).isEmpty();
		clock.set(T0.plus(Duration.ofMinutes(3).plusSeconds(30)));
		assertThat(schedules.resume("paused")).isTrue();
		ScheduleView resumed = schedule(node, "paused");
		assertThat(resumed.paused()).isFalse();
		assertThat(resumed.nextFireTime()).isEqualTo(T0.plus(Duration.ofMinutes(4)));
		clock.set(T0.plus(Duration.ofMinutes(4)));
		awaitFireTimes(node, "control", minutes(1, 2, 3, 4));
		awaitFireTimes(node, "paused", minutes(4));
		assertThat(schedules.pause("missing")).isFalse();
		assertThat(schedules.resume("missing")).isFalse();
	}

	@Test
	void triggerEnqueuesAnOccurrenceNowEvenWhenPaused() {
		MutableClock clock = new MutableClock(T0);
		TestNode node = startNode(clock);
		Schedules schedules = node.taskFlow().schedules();
		schedules.register(Schedule.every("manual", Duration.ofHours(1)).handler("schedule.record"));
		schedules.pause("manual");
		Instant now = T0.plus(Duration.ofMinutes(5));
		clock.set(now);
		JobId first = schedules.trigger("manual");
		JobId second = schedules.trigger("manual");
		assertThat(second).isNotEqualTo(first);
		JobView job = awaitStatus(node, first, JobStatus.SUCCEEDED);
		assertThat(job.scheduleName()).isEqualTo("manual");
		assertThat(job.fireTime()).isEqualTo(now);
		assertThat(job.handler()).isEqualTo("schedule.record");
		JobView secondJob = awaitStatus(node, second, JobStatus.SUCCEEDED);
		assertThat(secondJob.fireTime()).isAfter(now);
		assertThat(ScheduleTestHandlers.runsOf("manual")).containsExactlyInAnyOrder(
				new ScheduleTestHandlers.Run(first, "manual", now, "node"),
				new ScheduleTestHandlers.Run(second, "manual", secondJob.fireTime(), "node"));
		assertThat(schedule(node, "manual").paused()).isTrue();
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> schedules.trigger("missing"))
			.withMessageContaining("'missing'")
			.withMessageContaining("manual");
	}

	@Test
	void backfillEnqueuesTheFireTimesOfTheWindowOnce() {
		MutableClock clock = new MutableClock(T0.plus(Duration.ofHours(1)));
		TestNode node = startNode(clock);
		Schedules schedules = node.taskFlow().schedules();
		schedules.register(Schedule.every("backfill", Duration.ofMinutes(10)).handler("schedule.record"));
		List<JobId> ids = schedules.backfill("backfill", T0, T0.plus(Duration.ofMinutes(30)));
		assertThat(ids).hasSize(4);
		assertThat(ids.stream().map((id) -> awaitStatus(node, id, JobStatus.SUCCEEDED).fireTime()).toList())
			.isEqualTo(minutes(0, 10, 20, 30));
		assertThat(schedules.backfill("backfill", T0, T0.plus(Duration.ofMinutes(30)))).isEmpty();
		List<JobId> overlapping = schedules.backfill("backfill", T0.plus(Duration.ofMinutes(20)),
				T0.plus(Duration.ofMinutes(40)));
		assertThat(overlapping).hasSize(1);
		// the end of the window is capped at now
		List<JobId> toTheFuture = schedules.backfill("backfill", T0.plus(Duration.ofMinutes(45)),
				T0.plus(Duration.ofHours(3)));
		assertThat(toTheFuture).hasSize(2);
		assertThat(awaitFireTimes(node, "backfill", minutes(0, 10, 20, 30, 40, 50, 60))).hasSize(7);
		assertThat(schedule(node, "backfill").nextFireTime()).isEqualTo(T0.plus(Duration.ofMinutes(70)));
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> schedules.backfill("backfill", T0.plus(Duration.ofMinutes(1)), T0));
		await().until(() -> ScheduleTestHandlers.runsOf("backfill").size() == 7);
	}

	@Test
	void schedulesAreRegisteredFoundListedReplacedAndRemoved() {
		MutableClock clock = new MutableClock(T0);
		TestNode node = startNode(clock);
		Schedules schedules = node.taskFlow().schedules();
		ScheduleView registered = schedules.register(Schedule.cron("invoices", "0 */15 * * * *")
			.zone(ZoneOffset.UTC)
			.handler("schedule.record")
			.payload(Map.of("region", "eu"))
			.priority(5)
			.misfire(MisfirePolicy.FIRE_ALL)
			.overlap(OverlapPolicy.SKIP_IF_RUNNING));
		assertThat(registered.name()).isEqualTo("invoices");
		assertThat(registered.expression()).isEqualTo("0 */15 * * * *");
		assertThat(registered.isInterval()).isFalse();
		assertThat(registered.zone()).isEqualTo(ZoneOffset.UTC);
		assertThat(registered.handler()).isEqualTo("schedule.record");
		assertThat(registered.queue()).isEqualTo("default");
		assertThat(registered.priority()).isEqualTo(5);
		assertThat(registered.misfire()).isEqualTo(MisfirePolicy.FIRE_ALL);
		assertThat(registered.overlap()).isEqualTo(OverlapPolicy.SKIP_IF_RUNNING);
		assertThat(registered.nextFireTime()).isEqualTo(T0.plus(Duration.ofMinutes(15)));
		assertThat(registered.lastFireTime()).isNull();
		assertThat(registered.paused()).isFalse();
		assertThat(registered.declared()).isFalse();
		assertThat(registered.skippedCount()).isZero();
		ScheduleView found = schedules.find("invoices").orElseThrow();
		assertThat(found).usingRecursiveComparison().isEqualTo(registered);
		schedules.register(Schedule.every("alpha", Duration.ofMinutes(5)).handler("schedule.record"));
		assertThat(schedules.list()).extracting(ScheduleView::name).containsExactly("alpha", "invoices");
		ScheduleView alpha = schedules.find("alpha").orElseThrow();
		assertThat(alpha.isInterval()).isTrue();
		assertThat(alpha.expression()).isEqualTo("PT5M");
		assertThat(alpha.zone()).isEqualTo(ZoneOffset.UTC);
		// replacing keeps the pause state, and the next fire time unless the times change
		schedules.pause("invoices");
		clock.set(T0.plus(Duration.ofMinutes(20)));
		ScheduleView replaced = schedules.register(Schedule.cron("invoices", "0 */15 * * * *")
			.zone(ZoneOffset.UTC)
			.handler("schedule.record")
			.priority(9));
		assertThat(replaced.priority()).isEqualTo(9);
		assertThat(replaced.paused()).isTrue();
		assertThat(replaced.nextFireTime()).isEqualTo(T0.plus(Duration.ofMinutes(15)));
		ScheduleView retimed = schedules
			.register(Schedule.cron("invoices", "0 */25 * * * *").zone(ZoneOffset.UTC).handler("schedule.record"));
		assertThat(retimed.expression()).isEqualTo("0 */25 * * * *");
		assertThat(retimed.nextFireTime()).isEqualTo(T0.plus(Duration.ofMinutes(25)));
		assertThat(schedules.find("invoices").orElseThrow().nextFireTime()).isEqualTo(T0.plus(Duration.ofMinutes(25)));
		JobId triggered = schedules.trigger("alpha");
		assertThat(schedules.remove("alpha")).isTrue();
		assertThat(schedules.remove("alpha")).isFalse();
		assertThat(schedules.find("alpha")).isEmpty();
		assertThat(schedules.list()).extracting(ScheduleView::name).containsExactly("invoices");
		assertThat(awaitStatus(node, triggered, JobStatus.SUCCEEDED).scheduleName()).isEqualTo("alpha");
		assertThatExceptionOfType(UnknownHandlerException.class)
			.isThrownBy(() -> schedules.register(everyMinute("orphan").handler("no.such.handler")));
		assertThatExceptionOfType(InvalidScheduleException.class)
			.isThrownBy(() -> schedules.register(Schedule.cron("bad", "0 0 25 * * *")))
			.withMessageContaining("'bad'");
		assertThat(schedules.find("orphan")).isEmpty();
	}

	@Test
	void scheduleNamesThatDifferOnlyInCaseAreDifferentSchedules() {
		MutableClock clock = new MutableClock(T0);
		TestNode node = startNode(clock);
		node.taskFlow().schedules().register(everyMinute("Report"));
		node.taskFlow().schedules().register(everyMinute("report").priority(2));
		assertThat(node.taskFlow().schedules().list()).extracting(ScheduleView::name)
			.containsExactlyInAnyOrder("Report", "report");
		assertThat(schedule(node, "Report").priority()).isZero();
		clock.set(T0.plus(Duration.ofMinutes(1)));
		assertThat(awaitFireTimes(node, "Report", minutes(1))).singleElement()
			.satisfies((job) -> assertThat(job.priority()).isZero());
		assertThat(awaitFireTimes(node, "report", minutes(1))).singleElement()
			.satisfies((job) -> assertThat(job.priority()).isEqualTo(2));
	}

	@Test
	void scheduleRegisteredAtRunTimePersistsAcrossARestart() {
		MutableClock clock = new MutableClock(T0);
		TestNode before = startNode(clock);
		before.taskFlow().schedules().register(everyMinute("persistent").priority(3));
		this.nodes.stop(before);
		TestNode after = startNode(clock);
		ScheduleView view = schedule(after, "persistent");
		assertThat(view.declared()).isFalse();
		assertThat(view.priority()).isEqualTo(3);
		assertThat(view.nextFireTime()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
		clock.set(T0.plus(Duration.ofMinutes(1)));
		assertThat(awaitFireTimes(after, "persistent", minutes(1))).singleElement()
			.satisfies((job) -> assertThat(job.priority()).isEqualTo(3));
	}

	@Test
	void scheduleDeclaredInPropertiesIsUpdatedWhenItChangesAndKeptWhenItDoesNot() {
		MutableClock clock = new MutableClock(T0);
		String[] hourly = { "spring.taskflow.schedules[report].cron=0 0 * * * *",
				"spring.taskflow.schedules[report].zone=UTC",
				"spring.taskflow.schedules[report].handler=schedule.record",
				// writes the declared schedules at start-up, fires none
				"spring.taskflow.worker.enabled=false" };
		TestNode first = startNode(clock, hourly);
		ScheduleView declared = schedule(first, "report");
		assertThat(declared.declared()).isTrue();
		assertThat(declared.expression()).isEqualTo("0 0 * * * *");
		assertThat(declared.nextFireTime()).isEqualTo(T0.plus(Duration.ofHours(1)));
		assertThatExceptionOfType(InvalidScheduleException.class)
			.isThrownBy(() -> first.taskFlow().schedules().register(everyMinute("report")))
			.withMessageContaining("'report'")
			.withMessageContaining("declared in code or properties");
		this.nodes.stop(first);
		// unchanged: a restart keeps the overdue next fire time, for the misfire policy
		clock.set(T0.plus(Duration.ofHours(2).plusMinutes(30)));
		TestNode unchanged = startNode(clock, hourly);
		assertThat(schedule(unchanged, "report").nextFireTime()).isEqualTo(T0.plus(Duration.ofHours(1)));
		this.nodes.stop(unchanged);
		TestNode changed = startNode(clock, with(hourly, "spring.taskflow.schedules[report].cron=0 45 * * * *",
				"spring.taskflow.schedules[report].priority=7"));
		ScheduleView updated = schedule(changed, "report");
		assertThat(updated.expression()).isEqualTo("0 45 * * * *");
		assertThat(updated.priority()).isEqualTo(7);
		assertThat(updated.declared()).isTrue();
		assertThat(updated.nextFireTime()).isEqualTo(T0.plus(Duration.ofHours(2).plusMinutes(45)));
	}

	@Test
	void nodesWhoseDefaultZonesDifferLeaveTheStoredZoneOfACronThatNamesNone() {
		// the zone of each node's TaskFlowClock stands in for its JVM's default zone
		MutableClock clock = new MutableClock(T0);
		String[] nightly = { "spring.taskflow.schedules[nightly].cron=0 0 2 * * *",
				"spring.taskflow.schedules[nightly].handler=schedule.record" };
		TestNode paris = startNode(clock.withZone(PARIS), nightly);
		ScheduleView created = schedule(paris, "nightly");
		assertThat(created.zone()).isEqualTo(PARIS);
		// 02:00 in Paris is 01:00 UTC in January
		Instant fireTime = Instant.parse("2030-01-08T01:00:00Z");
		assertThat(created.nextFireTime()).isEqualTo(fireTime);
		Map<String, Object> stored = storedSchedule(paris, "nightly");
		TestNode utc = startNode(clock.withZone(ZoneOffset.UTC), nightly);
		assertThat(storedSchedule(utc, "nightly")).isEqualTo(stored);
		this.nodes.stop(paris);
		TestNode parisAgain = startNode(clock.withZone(PARIS), nightly);
		assertThat(storedSchedule(parisAgain, "nightly")).isEqualTo(stored);
		clock.set(fireTime);
		awaitFireTimes(utc, "nightly", List.of(fireTime));
		// a zone named in the declaration is written, whichever node writes it
		this.nodes.stop(parisAgain);
		TestNode named = startNode(clock.withZone(PARIS),
				with(nightly, "spring.taskflow.schedules[nightly].zone=America/New_York"));
		assertThat(schedule(named, "nightly").zone()).isEqualTo(ZoneId.of("America/New_York"));
	}

	@Test
	void declaredScheduleDisabledInPropertiesIsRemoved() {
		MutableClock clock = new MutableClock(T0);
		String[] declared = { "spring.taskflow.schedules[report].every=1m",
				"spring.taskflow.schedules[report].handler=schedule.record" };
		TestNode first = startNode(clock, declared);
		assertThat(first.taskFlow().schedules().find("report")).isPresent();
		this.nodes.stop(first);
		TestNode disabled = startNode(clock, with(declared, "spring.taskflow.schedules[report].enabled=false"));
		assertThat(disabled.taskFlow().schedules().find("report")).isEmpty();
		clock.set(T0.plus(Duration.ofMinutes(1)));
		// a schedule registered at run time shows that the loop has passed the fire time
		disabled.taskFlow().schedules().register(everyMinute("control"));
		clock.set(T0.plus(Duration.ofMinutes(2)));
		awaitFireTimes(disabled, "control", minutes(2));
		assertThat(jobs(disabled, "report")).isEmpty();
	}

	@Test
	void occurrencesCarryThePayloadQueueAndPriorityOfTheirSchedule() {
		MutableClock clock = new MutableClock(T0);
		TestNode node = startNode(clock, "spring.taskflow.schedules[sweep.eu].every=1m",
				"spring.taskflow.schedules[sweep.eu].handler=schedule.sweep",
				"spring.taskflow.schedules[sweep.eu].payload={\"region\":\"eu\"}",
				"spring.taskflow.schedules[sweep.eu].queue=sweeps", "spring.taskflow.schedules[sweep.eu].priority=4");
		node.taskFlow()
			.schedules()
			.register(everyMinute("sweep.us").handler("schedule.sweep").payload(new ScheduleTestHandlers.Sweep("us")));
		clock.set(T0.plus(Duration.ofMinutes(1)));
		assertThat(awaitFireTimes(node, "sweep.eu", minutes(1))).singleElement().satisfies((job) -> {
			assertThat(job.handler()).isEqualTo("schedule.sweep");
			assertThat(job.queue()).isEqualTo("sweeps");
			assertThat(job.priority()).isEqualTo(4);
		});
		assertThat(awaitFireTimes(node, "sweep.us", minutes(1))).singleElement()
			.satisfies((job) -> assertThat(job.queue()).isEqualTo("default"));
		await().until(() -> ScheduleTestHandlers.sweeps.size() == 2);
		assertThat(ScheduleTestHandlers.sweeps).containsEntry("sweep.eu", new ScheduleTestHandlers.Sweep("eu"))
			.containsEntry("sweep.us", new ScheduleTestHandlers.Sweep("us"));
	}

	@Test
	void taskHandlerWithACronDeclaresAScheduleNamedLikeTheHandler() {
		MutableClock clock = new MutableClock(T0);
		TestNode node = this.nodes.start(List.of(ScheduleTestHandlers.class, ScheduleTestHandlers.Cron.class), clock,
				"spring.taskflow.schedule.poll-interval=50ms");
		ScheduleView view = schedule(node, ScheduleTestHandlers.Cron.NAME);
		assertThat(view.expression()).isEqualTo("0 0 3 * * *");
		assertThat(view.zone()).isEqualTo(ZoneId.of("Asia/Tokyo"));
		assertThat(view.handler()).isEqualTo(ScheduleTestHandlers.Cron.NAME);
		assertThat(view.declared()).isTrue();
		// 03:00 in Tokyo is 18:00 UTC
		Instant fireTime = Instant.parse("2030-01-07T18:00:00Z");
		assertThat(view.nextFireTime()).isEqualTo(fireTime);
		clock.set(fireTime);
		await().until(() -> ScheduleTestHandlers.runsOf(ScheduleTestHandlers.Cron.NAME).size() == 1);
		assertThat(ScheduleTestHandlers.runsOf(ScheduleTestHandlers.Cron.NAME)).singleElement()
			.satisfies((run) -> assertThat(run.fireTime()).isEqualTo(fireTime));
	}

	/**
	 * A clock an application defines for its own code, far in the past.
	 */
	@Configuration(proxyBeanMethods = false)
	static class FarPastClock {

		static final Instant INSTANT = Instant.parse("2001-01-01T00:00:00Z");

		@Bean
		Clock applicationClock() {
			return Clock.fixed(INSTANT, ZoneOffset.UTC);
		}

	}

	private TestNode startNode(MutableClock clock, String... properties) {
		return this.nodes.start(HANDLERS, clock,
				with(new String[] { "spring.taskflow.schedule.poll-interval=50ms" }, properties));
	}

	private void stepThroughFireTimes(TestNode node, MutableClock clock, String name, List<Instant> expected) {
		for (int i = 0; i < expected.size(); i++) {
			Instant fireTime = expected.get(i);
			assertThat(schedule(node, name).nextFireTime()).as("fire time %d", i + 1).isEqualTo(fireTime);
			clock.set(fireTime);
			awaitFireTimes(node, name, expected.subList(0, i + 1));
			awaitSchedule(node, name, (view) -> view.nextFireTime().isAfter(fireTime));
		}
	}

	private static Schedule everyMinute(String name) {
		return Schedule.every(name, Duration.ofMinutes(1)).handler("schedule.record");
	}

	private static ConditionFactory await() {
		return Awaitility.await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(25));
	}

	private static List<JobView> awaitFireTimes(TestNode node, String name, List<Instant> expected) {
		await().untilAsserted(() -> assertThat(fireTimes(node, name)).isEqualTo(expected));
		return jobs(node, name);
	}

	private static ScheduleView awaitSchedule(TestNode node, String name, Predicate<ScheduleView> condition) {
		return await().until(() -> schedule(node, name), condition);
	}

	private static JobView awaitStatus(TestNode node, JobId id, JobStatus status) {
		return await().until(() -> node.taskFlow().find(id).orElseThrow(), (job) -> job.status() == status);
	}

	private static ScheduleView schedule(TestNode node, String name) {
		return node.taskFlow().schedules().find(name).orElseThrow();
	}

	private static List<JobView> jobs(TestNode node, String scheduleName) {
		return node.jdbc()
			.queryForList("SELECT id FROM taskflow_job WHERE schedule_name = ?", String.class, scheduleName)
			.stream()
			.map((id) -> node.taskFlow().find(JobId.parse(id)).orElseThrow())
			.sorted(Comparator.comparing(JobView::fireTime))
			.toList();
	}

	// the stored row as it was last written
	private static Map<String, Object> storedSchedule(TestNode node, String name) {
		return node.jdbc()
			.queryForMap("SELECT zone, definition_hash, next_fire_at, updated_at FROM taskflow_schedule WHERE name = ?",
					name);
	}

	private static List<Instant> fireTimes(TestNode node, String scheduleName) {
		return jobs(node, scheduleName).stream().map(JobView::fireTime).toList();
	}

	private static List<Instant> minutes(int... minutes) {
		return Arrays.stream(minutes).mapToObj((minute) -> T0.plus(minute, ChronoUnit.MINUTES)).toList();
	}

	private static int[] rangeClosed(int from, int to) {
		return IntStream.rangeClosed(from, to).toArray();
	}

	private static List<Instant> instants(String... instants) {
		return Arrays.stream(instants).map(Instant::parse).toList();
	}

	private static String[] with(String[] properties, String... more) {
		List<String> all = new ArrayList<>(List.of(properties));
		all.addAll(List.of(more));
		return all.toArray(String[]::new);
	}

}
