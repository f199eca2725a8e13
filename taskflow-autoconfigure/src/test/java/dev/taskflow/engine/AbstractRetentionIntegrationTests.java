package dev.taskflow.engine;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.taskflow.JobId;
import dev.taskflow.JobQuery;
import dev.taskflow.JobRequest;
import dev.taskflow.JobStatus;
import dev.taskflow.JobView;
import dev.taskflow.TaskFlow;
import dev.taskflow.retention.RetentionHandler;
import dev.taskflow.retention.RetentionRun;
import dev.taskflow.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract of retention, run against each supported database by a subclass: the purge
 * deletes (or archives, with their attempts and captured logs) the finished jobs whose
 * retention is over, never an active one, by status, queue and handler, in bounded
 * batches; and one node of a cluster runs each occurrence of the retention schedule.
 * <p>
 * The purges are triggered by hand ({@code schedules().trigger("taskflow.retention")}),
 * and jobs finished long ago are made by moving their {@code finished_at} back.
 *
 * @author TaskFlow
 */
@ExtendWith(OutputCaptureExtension.class)
abstract class AbstractRetentionIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final List<Class<?>> HANDLERS = List.of(HistoryTestHandlers.class);

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
		this.nodes = new TestNodes(database(), nodeProperties());
	}

	@AfterEach
	void stopNodes() {
		// null when the database is unreachable and the test was skipped
		if (this.nodes != null) {
			this.nodes.close();
		}
	}

	@Test
	void purgeDeletesFinishedJobsPastTheirRetentionWithTheirAttemptsAndNeverAnActiveOne() {
		TestNode node = start("spring.taskflow.retention.succeeded=1h", "spring.taskflow.retention.failed=1d",
				"spring.taskflow.retention.cancelled=keep");
		TaskFlow taskFlow = node.taskFlow();
		JobId succeededOld = finished(node, JobRequest.of("history.flaky"), JobStatus.SUCCEEDED, Duration.ofHours(2));
		JobId succeededRecent = finished(node, JobRequest.of("noop"), JobStatus.SUCCEEDED, Duration.ofMinutes(30));
		JobId failedOld = finished(node, JobRequest.of("always.fail").maxAttempts(1), JobStatus.FAILED,
				Duration.ofDays(2));
		JobId failedRecent = finished(node, JobRequest.of("always.fail").maxAttempts(1), JobStatus.FAILED,
				Duration.ofHours(23));
		JobId cancelledOld = taskFlow.enqueue(JobRequest.of("noop").delay(Duration.ofHours(1)));
		assertThat(taskFlow.cancel(cancelledOld)).isTrue();
		backdate(node, cancelledOld, Duration.ofDays(1000));
		// active jobs never end before they are finished; one written by hand (or by an
		// older version) with an end is left alone all the same
		JobId pending = taskFlow.enqueue(JobRequest.of("noop").delay(Duration.ofHours(1)));
		backdate(node, pending, Duration.ofDays(1000));
		JobId running = taskFlow.enqueue(JobRequest.of("gated"));
		await().until(() -> TestHandlers.running.get() == 1);
		backdate(node, running, Duration.ofDays(1000));
		assertThat(attemptRows(node, succeededOld)).isEqualTo(2);

		RetentionRun run = purge(node);

		assertThat(run.removed()).containsExactlyInAnyOrderEntriesOf(
				Map.of(JobStatus.SUCCEEDED, 1, JobStatus.FAILED, 1, JobStatus.CANCELLED, 0));
		assertThat(run.archived()).isFalse();
		assertThat(taskFlow.find(succeededOld)).isEmpty();
		assertThat(taskFlow.find(failedOld)).isEmpty();
		assertThat(attemptRows(node, succeededOld)).isZero();
		assertThat(attemptRows(node, failedOld)).isZero();
		assertThat(taskFlow.find(succeededRecent))
			.hasValueSatisfying((job) -> assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED));
		assertThat(attemptRows(node, succeededRecent)).isOne();
		assertThat(taskFlow.find(failedRecent)).isPresent();
		assertThat(taskFlow.find(cancelledOld))
			.hasValueSatisfying((job) -> assertThat(job.status()).isEqualTo(JobStatus.CANCELLED));
		assertThat(taskFlow.find(pending))
			.hasValueSatisfying((job) -> assertThat(job.status()).isEqualTo(JobStatus.PENDING));
		assertThat(taskFlow.find(running))
			.hasValueSatisfying((job) -> assertThat(job.status()).isEqualTo(JobStatus.RUNNING));
		assertThat(archivedJobs(node)).isZero();
	}

	@Test
	void archiveMovesFinishedJobsWithTheirAttemptsAndCapturedLogsInsteadOfDeletingThem() {
		TestNode node = start("spring.taskflow.retention.archive=true", "spring.taskflow.retention.succeeded=1h",
				"spring.taskflow.retention.failed=1h", "spring.taskflow.logs.capture=true");
		TaskFlow taskFlow = node.taskFlow();
		JobId chatty = finished(node, JobRequest.of("history.chatty"), JobStatus.SUCCEEDED, Duration.ofHours(2));
		JobId flaky = finished(node, JobRequest.of("history.flaky"), JobStatus.SUCCEEDED, Duration.ofHours(2));
		JobId upper = finished(node, JobRequest.of("text.upper", "abc").queue("texts").correlationId("order-42"),
				JobStatus.SUCCEEDED, Duration.ofHours(2));
		JobId failed = finished(node, JobRequest.of("always.fail").maxAttempts(1), JobStatus.FAILED,
				Duration.ofHours(2));
		JobId recent = finished(node, JobRequest.of("noop"), JobStatus.SUCCEEDED, Duration.ofMinutes(10));

		RetentionRun run = purge(node);

		assertThat(run.archived()).isTrue();
		assertThat(run.removed()).containsEntry(JobStatus.SUCCEEDED, 3).containsEntry(JobStatus.FAILED, 1);
		for (JobId id : List.of(chatty, flaky, upper, failed)) {
			assertThat(taskFlow.find(id)).as("%s left the job table", id).isEmpty();
			assertThat(attemptRows(node, id)).isZero();
		}
		assertThat(taskFlow.find(recent)).isPresent();
		assertThat(archivedJobs(node)).isEqualTo(4);
		Map<String, Object> archived = node.jdbc()
			.queryForMap("SELECT handler, queue, status, attempt, payload, result, correlation_id, finished_at,"
					+ " archived_at FROM taskflow_job_archive WHERE id = '" + upper + "'");
		assertThat(archived).containsEntry("handler", "text.upper")
			.containsEntry("queue", "texts")
			.containsEntry("status", "SUCCEEDED")
			.containsEntry("correlation_id", "order-42");
		assertThat(String.valueOf(archived.get("payload"))).contains("abc");
		assertThat(String.valueOf(archived.get("result"))).contains("ABC");
		assertThat(archived.get("finished_at")).isNotNull();
		assertThat(archived.get("archived_at")).isNotNull();
		assertThat(node.jdbc()
			.queryForObject("SELECT status FROM taskflow_job_archive WHERE id = '" + failed + "'", String.class))
			.isEqualTo("FAILED");
		List<Map<String, Object>> flakyAttempts = node.jdbc()
			.queryForList("SELECT attempt, outcome, error FROM taskflow_attempt_archive WHERE job_id = '" + flaky
					+ "' ORDER BY attempt");
		assertThat(flakyAttempts).extracting((attempt) -> attempt.get("outcome"))
			.containsExactly("RETRIED", "SUCCEEDED");
		assertThat(String.valueOf(flakyAttempts.get(0).get("error")))
			.startsWith("java.lang.IllegalStateException: first attempt fails");
		String logs = node.jdbc()
			.queryForObject("SELECT logs FROM taskflow_attempt_archive WHERE job_id = '" + chatty + "'", String.class);
		assertThat(logs).contains("line 1").contains("line 12");
	}

	@Test
	void handlerPeriodWinsOverItsQueuesAndQueuePeriodOverTheDefault() {
		TestNode node = start("spring.taskflow.retention.succeeded=10d",
				"spring.taskflow.retention.queues.fast.succeeded=1h", "spring.taskflow.retention.queues.fast.failed=1h",
				// a dotted name as written, and one in brackets
				"spring.taskflow.retention.handlers.text.upper.succeeded=keep",
				"spring.taskflow.retention.handlers[order.price].succeeded=30m");
		TaskFlow taskFlow = node.taskFlow();
		Duration twoHours = Duration.ofHours(2);
		JobId byDefault = finished(node, JobRequest.of("noop"), JobStatus.SUCCEEDED, twoHours);
		JobId byQueue = finished(node, JobRequest.of("noop").queue("fast"), JobStatus.SUCCEEDED, twoHours);
		JobId keptByHandlerInQueue = finished(node, JobRequest.of("text.upper", "a").queue("fast"), JobStatus.SUCCEEDED,
				twoHours);
		JobId keptByHandler = finished(node, JobRequest.of("text.upper", "b"), JobStatus.SUCCEEDED,
				Duration.ofDays(1000));
		JobId byHandler = finished(node, JobRequest.of("order.price", new TestHandlers.Order("o-1", 21)),
				JobStatus.SUCCEEDED, Duration.ofHours(1));
		JobId failedByQueue = finished(node, JobRequest.of("always.fail").maxAttempts(1).queue("fast"),
				JobStatus.FAILED, twoHours);
		JobId failedByDefault = finished(node, JobRequest.of("always.fail").maxAttempts(1), JobStatus.FAILED, twoHours);

		RetentionRun run = purge(node);

		assertThat(run.removed()).containsEntry(JobStatus.SUCCEEDED, 2).containsEntry(JobStatus.FAILED, 1);
		assertThat(taskFlow.find(byQueue)).isEmpty();
		assertThat(taskFlow.find(byHandler)).isEmpty();
		assertThat(taskFlow.find(failedByQueue)).isEmpty();
		assertThat(taskFlow.find(byDefault)).isPresent();
		assertThat(taskFlow.find(keptByHandlerInQueue)).isPresent();
		assertThat(taskFlow.find(keptByHandler)).isPresent();
		assertThat(taskFlow.find(failedByDefault)).isPresent();
	}

	@Test
	void batchesAreBoundedByTheBatchSizeAndTheRunLogsOneLine(CapturedOutput output) {
		TestNode node = start("spring.taskflow.retention.batch-size=2", "spring.taskflow.retention.succeeded=1h");
		TaskFlow taskFlow = node.taskFlow();
		List<JobId> old = Stream
			.generate(() -> finished(node, JobRequest.of("noop"), JobStatus.SUCCEEDED, Duration.ofHours(2)))
			.limit(5)
			.toList();
		JobId recent = finished(node, JobRequest.of("noop"), JobStatus.SUCCEEDED, Duration.ZERO);

		RetentionRun run = purge(node);

		// 2 + 2 + 1, each batch a transaction of its own
		assertThat(run.batches()).isEqualTo(3);
		assertThat(run.removed()).containsEntry(JobStatus.SUCCEEDED, 5);
		assertThat(old).allSatisfy((id) -> assertThat(taskFlow.find(id)).isEmpty());
		assertThat(taskFlow.find(recent)).isPresent();
		assertThat(output.getOut().lines().filter((line) -> line.contains("TaskFlow retention "))).singleElement()
			.satisfies((line) -> assertThat(line).contains(" INFO ")
				.contains("TaskFlow retention deleted 5 finished job(s) with their attempts (SUCCEEDED 5, FAILED 0,"
						+ " CANCELLED 0) in 3 batch(es), ")
				.contains(" ms; kept: SUCCEEDED 1h, FAILED 14d, CANCELLED 14d"));
	}

	@Test
	void oneNodeOfThreeRunsEachOccurrenceOfTheRetentionSchedule(CapturedOutput output) {
		String[] everySecond = { "spring.taskflow.retention.interval=1s", "spring.taskflow.retention.succeeded=1h" };
		TestNode a = start(with(everySecond, "spring.taskflow.worker.node-id=node-a"));
		start(with(everySecond, "spring.taskflow.worker.node-id=node-b"));
		start(with(everySecond, "spring.taskflow.worker.node-id=node-c"));
		List<JobId> old = Stream
			.generate(() -> finished(a, JobRequest.of("noop"), JobStatus.SUCCEEDED, Duration.ofHours(2)))
			.limit(3)
			.toList();
		await().until(() -> occurrences(a).stream().filter((job) -> job.status() == JobStatus.SUCCEEDED).count() >= 6);
		assertThat(a.taskFlow().schedules().pause(RetentionHandler.NAME)).isTrue();
		List<JobView> occurrences = await().until(() -> occurrences(a),
				(jobs) -> jobs.stream().allMatch((job) -> job.status() == JobStatus.SUCCEEDED));
		assertThat(occurrences).extracting(JobView::fireTime)
			.doesNotHaveDuplicates()
			.allSatisfy((fireTime) -> assertThat(fireTime.toEpochMilli() % 1000).isZero());
		// each occurrence ran once, on one node: one attempt, one purge logged
		assertThat(occurrences).allSatisfy((job) -> {
			assertThat(job.attempt()).isEqualTo(1);
			assertThat(attemptRows(a, job.id())).isOne();
		});
		long runs = output.getOut().lines().filter((line) -> line.contains("TaskFlow retention deleted")).count();
		assertThat(runs).as("purges run, one per occurrence").isEqualTo(occurrences.size());
		assertThat(old).allSatisfy((id) -> assertThat(a.taskFlow().find(id)).isEmpty());
		int removed = occurrences.stream()
			.mapToInt((job) -> job.result(RetentionRun.class).orElseThrow().total())
			.sum();
		assertThat(removed).as("the old jobs were purged once, by one occurrence").isEqualTo(3);
		System.out
			.println("Retention occurrences ran on: " + a.jdbc()
				.queryForList(
						"SELECT node_id FROM taskflow_attempt a JOIN taskflow_job j ON j.id = a.job_id"
								+ " WHERE j.schedule_name = ? ORDER BY j.fire_time",
						String.class, RetentionHandler.NAME));
	}

	@Test
	void retryRacingThePurgeLeavesEachJobRetriedWithItsHistoryOrPurgedWhole() throws Exception {
		raceRetryAgainstPurge(false);
	}

	@Test
	void retryRacingTheArchiveLeavesEachJobRetriedWithItsHistoryOrArchivedWhole() throws Exception {
		raceRetryAgainstPurge(true);
	}

	// retries and a purge of the same failed jobs at the same time: each job must end
	// retried (with its attempt) or removed (with its attempts), never both, never
	// neither
	private void raceRetryAgainstPurge(boolean archive) throws Exception {
		int jobs = 300;
		TestNode node = start("spring.taskflow.retention.failed=1d", "spring.taskflow.retention.batch-size=10",
				"spring.taskflow.retention.archive=" + archive);
		TaskFlow taskFlow = node.taskFlow();
		List<JobId> ids = taskFlow.enqueueAll(
				Stream.generate(() -> JobRequest.of("always.fail").maxAttempts(1).queue("race")).limit(jobs).toList());
		JobQuery failed = JobQuery.all().queue("race").status(JobStatus.FAILED);
		await().until(() -> taskFlow.jobs().count(failed) == jobs);
		// retried jobs stay PENDING: what the race left is read as it left it
		assertThat(taskFlow.queues().pause("race")).isTrue();
		Instant longAgo = Instant.now().minus(Duration.ofDays(2));
		node.jdbc()
			.update("UPDATE taskflow_job SET finished_at = ? WHERE queue = 'race'", (database() == TestDatabase.MARIADB)
					? LocalDateTime.ofInstant(longAgo, ZoneOffset.UTC) : longAgo.atOffset(ZoneOffset.UTC));
		RetentionHandler retention = node.context().getBean(RetentionHandler.class);
		CyclicBarrier start = new CyclicBarrier(2);
		// one by one, in random order, while the purge goes through them ten at a time:
		// the two interleave over the whole set (a single retryAll would take all 300 in
		// one statement, before or after the purge)
		List<JobId> shuffled = new ArrayList<>(ids);
		Collections.shuffle(shuffled);
		CompletableFuture<Integer> retried = CompletableFuture.supplyAsync(() -> {
			awaitQuietly(start);
			int count = 0;
			for (JobId id : shuffled) {
				count += taskFlow.retry(id) ? 1 : 0;
			}
			return count;
		});
		awaitQuietly(start);
		RetentionRun run = retention.purge();
		int retriedJobs = retried.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		int removed = run.removed().get(JobStatus.FAILED);
		System.out.println("Race of retries and the purge (archive " + archive + "): " + retriedJobs + " retried, "
				+ removed + " removed in " + run.batches() + " batches");
		assertThat(retriedJobs + removed).as("each job retried or removed, once").isEqualTo(jobs);
		List<JobView> left = taskFlow.jobs().findAll(ids);
		assertThat(left).hasSize(retriedJobs).allSatisfy((job) -> {
			assertThat(job.status()).isEqualTo(JobStatus.PENDING);
			assertThat(attemptRows(node, job.id())).as("history of retried job %s", job.id()).isOne();
		});
		if (archive) {
			assertThat(archivedJobs(node)).isEqualTo(removed);
			assertThat(node.jdbc()
				.queryForObject("SELECT COUNT(*) FROM taskflow_job_archive a JOIN taskflow_job j ON j.id = a.id",
						Integer.class))
				.as("jobs both archived and still in the job table")
				.isZero();
		}
	}

	private static void awaitQuietly(CyclicBarrier barrier) {
		try {
			barrier.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private TestNode start(String... properties) {
		return this.nodes.start(HANDLERS, null, properties);
	}

	private static String[] with(String[] properties, String more) {
		return Stream.concat(Stream.of(properties), Stream.of(more)).toArray(String[]::new);
	}

	// a job run to the given status, its end moved back by the given time
	private JobId finished(TestNode node, JobRequest request, JobStatus status, Duration ago) {
		JobId id = node.taskFlow().enqueue(request);
		await().until(() -> node.taskFlow().find(id).orElseThrow().status() == status);
		backdate(node, id, ago);
		return id;
	}

	private void backdate(TestNode node, JobId id, Duration ago) {
		Instant at = Instant.now().minus(ago);
		Object timestamp = (database() == TestDatabase.MARIADB) ? LocalDateTime.ofInstant(at, ZoneOffset.UTC)
				: at.atOffset(ZoneOffset.UTC);
		assertThat(node.jdbc().update("UPDATE taskflow_job SET finished_at = ? WHERE id = '" + id + "'", timestamp))
			.isOne();
	}

	private static RetentionRun purge(TestNode node) {
		JobId purge = node.taskFlow().schedules().trigger(RetentionHandler.NAME);
		JobView done = await().until(() -> node.taskFlow().find(purge).orElseThrow(),
				(job) -> job.status() == JobStatus.SUCCEEDED || job.status() == JobStatus.FAILED);
		assertThat(done.status()).as("the purge's job (%s)", done.lastError()).isEqualTo(JobStatus.SUCCEEDED);
		assertThat(done.handler()).isEqualTo(RetentionHandler.NAME);
		return done.result(RetentionRun.class).orElseThrow();
	}

	private static List<JobView> occurrences(TestNode node) {
		return node.jdbc()
			.queryForList("SELECT id FROM taskflow_job WHERE schedule_name = ?", String.class, RetentionHandler.NAME)
			.stream()
			.map((id) -> node.taskFlow().find(JobId.parse(id)).orElseThrow())
			.sorted(Comparator.comparing(JobView::fireTime))
			.toList();
	}

	private static int attemptRows(TestNode node, JobId id) {
		return node.jdbc()
			.queryForObject("SELECT COUNT(*) FROM taskflow_attempt WHERE job_id = '" + id + "'", Integer.class);
	}

	private static int archivedJobs(TestNode node) {
		return node.jdbc().queryForObject("SELECT COUNT(*) FROM taskflow_job_archive", Integer.class);
	}

	private static ConditionFactory await() {
		return Awaitility.await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(20));
	}

}
