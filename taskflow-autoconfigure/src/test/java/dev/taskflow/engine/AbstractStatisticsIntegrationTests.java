package dev.taskflow.engine;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import dev.taskflow.JobEvent;
import dev.taskflow.JobId;
import dev.taskflow.JobRequest;
import dev.taskflow.JobStatus;
import dev.taskflow.Statistics;
import dev.taskflow.StatisticsPoint;
import dev.taskflow.TaskFlow;
import dev.taskflow.TaskFlowListener;
import dev.taskflow.engine.RoundTripCounter.RoundTrips;
import dev.taskflow.engine.RoundTripCounting.CountingPostProcessor;
import dev.taskflow.statistics.StatisticsTesting;
import dev.taskflow.store.JobStore;
import dev.taskflow.store.StatisticsFigures;
import dev.taskflow.store.StatisticsRow;
import dev.taskflow.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The statistics ({@code taskFlow.statistics()}, the table {@code taskflow_statistics})
 * against each supported database: what jobs that succeed, fail, retry and are cancelled
 * count once their minute is written, the steps of a series, two nodes writing their own
 * rows, one statement per write, the retention, an outage of the database and a restart
 * under the same node id.
 * <p>
 * Every node runs on a {@link MutableClock} as its {@code TaskFlowClock}: a test closes a
 * minute by moving the clock past it and has the node write at once
 * ({@link StatisticsTesting}), rather than wait for a real minute and the writer's next
 * wake-up. Events are awaited through a listener of the test's own, which the recorder
 * (first among the listeners) has always been told before.
 *
 * @author TaskFlow
 */
@ExtendWith(OutputCaptureExtension.class)
abstract class AbstractStatisticsIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final Duration MINUTE = Duration.ofMinutes(1);

	// ten seconds into a minute: the events of a test's first moments fall in it
	private static final Instant START = Instant.parse("2031-05-06T07:08:10Z");

	private static final Instant FIRST_MINUTE = Instant.parse("2031-05-06T07:08:00Z");

	private static final String DELAYED = "noop";

	private TestNodes nodes;

	private MutableClock clock;

	protected abstract TestDatabase database();

	@BeforeEach
	void prepareNodes() {
		this.nodes = new TestNodes(database());
		this.clock = new MutableClock(START);
		Tally.events.clear();
		Outage.down.set(false);
	}

	@AfterEach
	void stopNodes() {
		Outage.down.set(false);
		if (this.nodes != null) {
			this.nodes.close();
		}
	}

	@Test
	void jobsThatSucceedFailRetryAndAreCancelledAreCountedOnceTheirMinuteIsWritten() throws Exception {
		TestNode node = start();
		TaskFlow taskFlow = node.taskFlow();
		String queue = queue();
		List<JobId> ids = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			ids.add(taskFlow.enqueue(JobRequest.of("noop").queue(queue)));
		}
		// fails its first attempt (retried), then for good
		ids.add(taskFlow.enqueue(JobRequest.of("always.fail").queue(queue).maxAttempts(2)));
		// fails attempts 1 and 2 (retried), succeeds on 3
		ids.add(taskFlow.enqueue(JobRequest.of("flaky").queue(queue)));
		JobId cancelled = taskFlow.enqueue(JobRequest.of(DELAYED).queue(queue).delay(Duration.ofHours(1)));
		assertThat(taskFlow.cancel(cancelled)).isTrue();
		for (JobId id : ids) {
			assertThat(taskFlow.jobs().whenFinished(id).get(30, TimeUnit.SECONDS).status()).isIn(JobStatus.SUCCEEDED,
					JobStatus.FAILED);
		}
		awaitTally(queue, "succeeded", 4);
		awaitTally(queue, "failed", 1);
		awaitTally(queue, "retried", 3);
		Statistics statistics = taskFlow.statistics();
		// the minute is not over: nothing of it is written yet
		assertThat(statistics.series(FIRST_MINUTE, FIRST_MINUTE.plus(MINUTE), MINUTE)).singleElement()
			.satisfies((point) -> assertCounts(point, 0, 0, 0, 0, 0));
		closeMinuteAndWrite(node);
		List<StatisticsPoint> series = statistics.series(FIRST_MINUTE, FIRST_MINUTE.plus(MINUTE), MINUTE, queue);
		assertThat(series).singleElement().satisfies((point) -> {
			assertThat(point.start()).isEqualTo(FIRST_MINUTE);
			assertThat(point.length()).isEqualTo(MINUTE);
			assertCounts(point, 6, 4, 1, 3, 1);
			// every attempt that ended: 3 no-ops, 2 of always.fail, 3 of flaky
			assertThat(point.waitTimeCounts().stream().mapToLong(Long::longValue).sum()).isEqualTo(8);
			assertThat(point.runTimeCounts().stream().mapToLong(Long::longValue).sum()).isEqualTo(8);
			assertThat(point.runTime(0.5))
				.hasValueSatisfying((median) -> assertThat(median).isBetween(Duration.ZERO, Duration.ofSeconds(60)));
			assertThat(point.waitTime(0.99))
				.hasValueSatisfying((p99) -> assertThat(p99).isBetween(Duration.ZERO, Duration.ofSeconds(60)));
		});
		assertThat(statistics.series(FIRST_MINUTE, FIRST_MINUTE.plus(MINUTE), MINUTE)).isEqualTo(series);
		Map<String, StatisticsPoint> byQueue = statistics.byQueue(FIRST_MINUTE, FIRST_MINUTE.plus(MINUTE));
		assertThat(byQueue).containsOnlyKeys(queue);
		assertThat(byQueue.get(queue)).isEqualTo(series.get(0));
		// one row per handler, under the worker node's id
		assertThat(node.jdbc()
			.queryForList("SELECT handler FROM taskflow_statistics WHERE node_id = ? ORDER BY handler", String.class,
					node.worker().nodeId()))
			.containsExactly("always.fail", "flaky", "noop");
	}

	@Test
	void aSeriesSumsTheMinutesOfEachStepAndHasZerosWhereNothingHappened() {
		TestNode node = start();
		String queue = queue();
		enqueueDelayed(node, queue, 2);
		this.clock.advance(Duration.ofMinutes(3));
		enqueueDelayed(node, queue, 3);
		awaitTally(queue, "enqueued", 5);
		closeMinuteAndWrite(node);
		Statistics statistics = node.taskFlow().statistics();
		// from rounded down to its minute, to rounded up: 07:07 to 07:13, three steps
		List<StatisticsPoint> series = statistics.series(FIRST_MINUTE.minusSeconds(30),
				FIRST_MINUTE.plus(Duration.ofMinutes(4)).plusSeconds(30), Duration.ofMinutes(2));
		assertThat(series).extracting(StatisticsPoint::start)
			.containsExactly(FIRST_MINUTE.minus(MINUTE), FIRST_MINUTE.plus(MINUTE),
					FIRST_MINUTE.plus(Duration.ofMinutes(3)));
		assertThat(series).extracting(StatisticsPoint::enqueued).containsExactly(2L, 0L, 3L);
		assertThat(series.get(1).waitTime(0.5)).isEmpty();
		// six minutes in steps of four: the last point is two minutes long
		List<StatisticsPoint> uneven = statistics.series(FIRST_MINUTE.minus(MINUTE),
				FIRST_MINUTE.plus(Duration.ofMinutes(5)), Duration.ofMinutes(4), queue);
		assertThat(uneven).extracting(StatisticsPoint::length)
			.containsExactly(Duration.ofMinutes(4), Duration.ofMinutes(2));
		assertThat(uneven).extracting(StatisticsPoint::enqueued).containsExactly(2L, 3L);
		assertThat(uneven.get(1).perMinute(uneven.get(1).enqueued())).isEqualTo(1.5);
		assertThat(statistics.series(FIRST_MINUTE, FIRST_MINUTE.plus(Duration.ofMinutes(5)), MINUTE, "other-queue"))
			.hasSize(5)
			.allSatisfy((point) -> assertCounts(point, 0, 0, 0, 0, 0));
	}

	@Test
	void twoNodesOnOneDatabaseWriteTheirOwnRowsAndTheSeriesSumsThem() throws Exception {
		TestNode a = start("spring.taskflow.worker.node-id=node-a");
		TestNode b = start("spring.taskflow.worker.node-id=node-b");
		String queue = queue();
		List<JobId> ids = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			ids.add(a.taskFlow().enqueue(JobRequest.of("noop").queue(queue)));
		}
		for (int i = 0; i < 7; i++) {
			ids.add(b.taskFlow().enqueue(JobRequest.of("noop").queue(queue)));
		}
		for (JobId id : ids) {
			a.taskFlow().jobs().whenFinished(id).get(30, TimeUnit.SECONDS);
		}
		awaitTally(queue, "succeeded", 12);
		this.clock.advance(MINUTE);
		StatisticsTesting.writeClosedMinutes(a.context());
		StatisticsTesting.writeClosedMinutes(b.context());
		assertThat(a.jdbc()
			.queryForList("SELECT node_id, SUM(enqueued) AS enqueued FROM taskflow_statistics GROUP BY node_id"
					+ " ORDER BY node_id"))
			.extracting((row) -> row.get("node_id") + "=" + ((Number) row.get("enqueued")).longValue())
			.containsExactly("node-a=5", "node-b=7");
		for (TestNode node : List.of(a, b)) {
			assertThat(node.taskFlow().statistics().series(FIRST_MINUTE, FIRST_MINUTE.plus(MINUTE), MINUTE))
				.singleElement()
				.satisfies((point) -> assertCounts(point, 12, 12, 0, 0, 0));
		}
	}

	@Test
	void aWriteIsOneStatementForEveryRowOfTheMinutesClosedSinceTheLastAndNothingPerJob() {
		TestNode node = this.nodes.start(List.of(Tally.class, RoundTripCounting.class), this.clock);
		RoundTripCounter counter = node.context().getBean(CountingPostProcessor.class).counter();
		String queue = queue();
		enqueueDelayed(node, queue, 1);
		awaitTally(queue, "enqueued", 1);
		// the node's first write also looks for rows of an earlier run under its id
		closeMinuteAndWrite(node);
		counter.reset();
		// two minutes of rows; the clock stays within the first one's grace while the
		// second is counted, so the writer thread, which wakes on its own too, cannot
		// write the first alone
		enqueueInThreeHandlers(node, queue);
		this.clock.advance(Duration.ofSeconds(52));
		enqueueInThreeHandlers(node, queue);
		this.clock.advance(Duration.ofSeconds(68));
		awaitTally(queue, "enqueued", 7);
		assertThat(counter.of(AbstractStatisticsIntegrationTests::isWriter).statements())
			.as("statements of the statistics writer while jobs came")
			.isZero();
		StatisticsTesting.writeClosedMinutes(node.context());
		RoundTrips write = counter.of(AbstractStatisticsIntegrationTests::isWriter);
		assertThat(write.statements()).as("statements of a write of 12 rows of 2 minutes: %s", write).isEqualTo(1);
		assertThat(write.rollbacks()).isZero();
		assertThat(node.jdbc().queryForObject("SELECT COUNT(*) FROM taskflow_statistics", Integer.class))
			.isEqualTo(1 + 12);
		// nothing happened since: nothing to write
		this.clock.advance(MINUTE);
		counter.reset();
		StatisticsTesting.writeClosedMinutes(node.context());
		assertThat(counter.of(AbstractStatisticsIntegrationTests::isWriter).statements()).isZero();
	}

	@Test
	void rowsOlderThanTheRetentionAreDeletedInOneStatementAtMostOnceAnHour() {
		TestNode node = start("spring.taskflow.statistics.retention=2h");
		JobStore store = node.context().getBean(JobStore.class);
		Instant now = FIRST_MINUTE;
		store.statistics()
			.insert("elsewhere", List.of(row(now.minus(Duration.ofHours(3))), row(now.minus(Duration.ofMinutes(90))),
					row(now.minus(Duration.ofMinutes(110))), row(now.minus(Duration.ofMinutes(10)))));
		// the first deletion comes a minute after the start
		StatisticsTesting.writeClosedMinutes(node.context());
		assertThat(minutesWritten(node)).hasSize(4);
		this.clock.advance(MINUTE);
		StatisticsTesting.writeClosedMinutes(node.context());
		assertThat(minutesWritten(node)).containsExactly(now.minus(Duration.ofMinutes(110)),
				now.minus(Duration.ofMinutes(90)), now.minus(Duration.ofMinutes(10)));
		// within the hour nothing more is deleted, though two rows are older than 2 hours
		// by then
		this.clock.advance(Duration.ofMinutes(30));
		StatisticsTesting.writeClosedMinutes(node.context());
		assertThat(minutesWritten(node)).hasSize(3);
		this.clock.advance(Duration.ofMinutes(30));
		StatisticsTesting.writeClosedMinutes(node.context());
		assertThat(minutesWritten(node)).containsExactly(now.minus(Duration.ofMinutes(10)));
	}

	@Test
	void minutesThatCouldNotBeWrittenAreKeptAndWrittenOnceTheDatabaseAnswers(CapturedOutput output) {
		TestNode node = this.nodes.start(List.of(Tally.class, Outage.class), this.clock);
		String queue = queue();
		enqueueDelayed(node, queue, 2);
		awaitTally(queue, "enqueued", 2);
		Outage.down.set(true);
		closeMinuteAndWrite(node);
		enqueueDelayed(node, queue, 1);
		awaitTally(queue, "enqueued", 3);
		closeMinuteAndWrite(node);
		assertThat(StatisticsTesting.pendingRows(node.context())).isEqualTo(2);
		assertThat(node.jdbc().queryForObject("SELECT COUNT(*) FROM taskflow_statistics", Integer.class)).isZero();
		assertThat(output.getOut().split("TaskFlow could not write job statistics, will keep trying", -1))
			.as("warnings")
			.hasSize(2);
		Outage.down.set(false);
		StatisticsTesting.writeClosedMinutes(node.context());
		assertThat(StatisticsTesting.pendingRows(node.context())).isZero();
		assertThat(output.getOut()).contains("TaskFlow can write job statistics again");
		assertThat(node.taskFlow()
			.statistics()
			.series(FIRST_MINUTE, FIRST_MINUTE.plus(Duration.ofMinutes(2)), MINUTE, queue))
			.extracting(StatisticsPoint::enqueued)
			.containsExactly(2L, 1L);
	}

	@Test
	void aStoppingNodeWritesTheMinuteItIsIn() {
		TestNode node = start();
		String queue = queue();
		enqueueDelayed(node, queue, 2);
		awaitTally(queue, "enqueued", 2);
		String nodeId = node.worker().nodeId();
		var jdbc = node.jdbc();
		this.nodes.stop(node);
		assertThat(jdbc.queryForList("SELECT enqueued FROM taskflow_statistics WHERE node_id = ? AND queue = ?",
				Integer.class, nodeId, queue))
			.containsExactly(2);
	}

	@Test
	void anEnqueueOnlyNodeCountsItsEnqueuesUnderAnIdGeneratedForIt() {
		TestNode node = start("spring.taskflow.worker.enabled=false");
		String queue = queue();
		enqueueDelayed(node, queue, 3);
		awaitTally(queue, "enqueued", 3);
		closeMinuteAndWrite(node);
		assertThat(node.jdbc().queryForList("SELECT node_id FROM taskflow_statistics", String.class)).singleElement()
			.asString()
			.matches(".+-\\d+-[0-9a-f]{8}");
		assertThat(node.taskFlow().statistics().byQueue(FIRST_MINUTE, FIRST_MINUTE.plus(MINUTE)).get(queue).enqueued())
			.isEqualTo(3);
	}

	@Test
	void aNodeRestartedUnderItsIdWithinTheMinuteItStoppedInCountsOnInTheNextMinute() {
		String nodeId = "restarted-" + UUID.randomUUID().toString().substring(0, 8);
		TestNode first = start("spring.taskflow.worker.node-id=" + nodeId);
		String queue = queue();
		enqueueDelayed(first, queue, 2);
		awaitTally(queue, "enqueued", 2);
		this.nodes.stop(first);
		TestNode second = start("spring.taskflow.worker.node-id=" + nodeId);
		enqueueDelayed(second, queue, 3);
		awaitTally(queue, "enqueued", 5);
		closeMinuteAndWrite(second);
		assertThat(StatisticsTesting.pendingRows(second.context())).isZero();
		// its counts of the minute written at the stop move to the next, which closes
		// later
		this.clock.advance(MINUTE);
		StatisticsTesting.writeClosedMinutes(second.context());
		assertThat(second.taskFlow()
			.statistics()
			.series(FIRST_MINUTE, FIRST_MINUTE.plus(Duration.ofMinutes(2)), MINUTE, queue))
			.extracting(StatisticsPoint::enqueued)
			.containsExactly(2L, 3L);
	}

	private TestNode start(String... properties) {
		return this.nodes.start(List.of(Tally.class), this.clock, properties);
	}

	// past the minute and the writer's grace after it
	private void closeMinuteAndWrite(TestNode node) {
		this.clock.advance(MINUTE);
		StatisticsTesting.writeClosedMinutes(node.context());
	}

	// one job in each of three handlers, in the queue and in another
	private static void enqueueInThreeHandlers(TestNode node, String queue) {
		for (String handler : List.of("noop", "text.upper", "count")) {
			node.taskFlow()
				.enqueueAll(List.of(JobRequest.of(handler).queue(queue).delay(Duration.ofHours(1)),
						JobRequest.of(handler).queue(queue + "-b").delay(Duration.ofHours(1))));
		}
	}

	private static void enqueueDelayed(TestNode node, String queue, int jobs) {
		for (int i = 0; i < jobs; i++) {
			node.taskFlow().enqueue(JobRequest.of(DELAYED).queue(queue).delay(Duration.ofHours(1)));
		}
	}

	private static List<Instant> minutesWritten(TestNode node) {
		return node.context()
			.getBean(JobStore.class)
			.statistics()
			.sumByMinute(Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"), null)
			.navigableKeySet()
			.stream()
			.toList();
	}

	private static StatisticsRow row(Instant minute) {
		StatisticsFigures none = StatisticsFigures.none();
		return new StatisticsRow(minute, "q", "h",
				new StatisticsFigures(1, 0, 0, 0, 0, none.waitTimes(), none.runTimes()));
	}

	private static void assertCounts(StatisticsPoint point, long enqueued, long succeeded, long failed, long retried,
			long cancelled) {
		assertThat(List.of(point.enqueued(), point.succeeded(), point.failed(), point.retried(), point.cancelled()))
			.as("enqueued, succeeded, failed, retried, cancelled of %s", point)
			.containsExactly(enqueued, succeeded, failed, retried, cancelled);
	}

	private static void awaitTally(String queue, String event, long count) {
		Awaitility.await()
			.atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(Tally.count(queue, event)).as(event + " in " + queue).isEqualTo(count));
	}

	private static boolean isWriter(String thread) {
		return RoundTripCounter.loopOf(thread).equals("taskflow-statistics");
	}

	private static String queue() {
		return "stats-" + UUID.randomUUID().toString().substring(0, 8);
	}

	/**
	 * Counts the events of each queue as the recorder is told them, which it is first.
	 */
	static class Tally implements TaskFlowListener {

		static final Map<String, AtomicLong> events = new ConcurrentHashMap<>();

		static long count(String queue, String event) {
			AtomicLong count = events.get(queue + "/" + event);
			return (count != null) ? count.get() : 0;
		}

		private static void add(JobEvent event, String kind) {
			events.computeIfAbsent(event.queue() + "/" + kind, (key) -> new AtomicLong()).incrementAndGet();
		}

		@Override
		public void enqueued(JobEvent event) {
			add(event, "enqueued");
		}

		@Override
		public void succeeded(JobEvent event) {
			add(event, "succeeded");
		}

		@Override
		public void retryScheduled(JobEvent event, Duration delay, Throwable exception) {
			add(event, "retried");
		}

		@Override
		public void failed(JobEvent event, Throwable exception) {
			add(event, "failed");
		}

		@Override
		public void cancelled(JobEvent event) {
			add(event, "cancelled");
		}

	}

	/**
	 * The database as the statistics writer sees it: unreachable while {@link #down} is
	 * set, for its thread only, so that the rest of the node carries on.
	 */
	static class Outage {

		static final AtomicBoolean down = new AtomicBoolean();

		@Bean
		static BeanPostProcessor statisticsOutageDataSource() {
			return new BeanPostProcessor() {

				@Override
				public Object postProcessAfterInitialization(Object bean, String beanName) {
					return (bean instanceof DataSource dataSource) ? new RefusingDataSource(dataSource) : bean;
				}

			};
		}

		private static final class RefusingDataSource extends DelegatingDataSource {

			RefusingDataSource(DataSource target) {
				super(target);
			}

			@Override
			public Connection getConnection() throws SQLException {
				if (down.get() && isWriter(Thread.currentThread().getName())) {
					throw new SQLException("Connection refused (the test's outage)", "08001");
				}
				return super.getConnection();
			}

		}

	}

}
