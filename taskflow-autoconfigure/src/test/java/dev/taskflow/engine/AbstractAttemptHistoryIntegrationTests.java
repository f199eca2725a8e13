package dev.taskflow.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import dev.taskflow.JobAttempt;
import dev.taskflow.JobAttempt.Outcome;
import dev.taskflow.JobId;
import dev.taskflow.JobRequest;
import dev.taskflow.JobStatus;
import dev.taskflow.JobView;
import dev.taskflow.TaskFlow;
import dev.taskflow.store.Completion;
import dev.taskflow.store.JobStore;
import dev.taskflow.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The history of attempts and the captured job logs, on real nodes and a real database.
 *
 * @author TaskFlow
 */
abstract class AbstractAttemptHistoryIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private TestNodes nodes;

	protected abstract TestDatabase database();

	@BeforeEach
	void prepareDatabase() {
		this.nodes = new TestNodes(database());
	}

	@AfterEach
	void stopNodes() {
		if (this.nodes != null) {
			this.nodes.close();
		}
	}

	private TestNode startNode(String nodeId, String... properties) {
		List<String> all = new ArrayList<>(List.of(properties));
		all.add("spring.taskflow.worker.node-id=" + nodeId);
		return this.nodes.start(List.of(HistoryTestHandlers.class), null, all.toArray(String[]::new));
	}

	@Test
	void historyOfAJobThatFailsThenSucceedsKeepsBothAttempts() {
		TaskFlow taskFlow = startNode("node-a").taskFlow();
		JobId id = taskFlow.enqueue(JobRequest.of("history.flaky").maxAttempts(3));
		JobView job = awaitStatus(taskFlow, id, JobStatus.SUCCEEDED);
		List<JobAttempt> attempts = taskFlow.attempts(id);
		assertThat(attempts).extracting(JobAttempt::attempt).containsExactly(1, 2);
		assertThat(attempts).extracting(JobAttempt::outcome).containsExactly(Outcome.RETRIED, Outcome.SUCCEEDED);
		assertThat(attempts).extracting(JobAttempt::nodeId).containsExactly("node-a", "node-a");
		assertThat(attempts).allSatisfy((attempt) -> {
			assertThat(attempt.startedAt()).isNotNull();
			assertThat(attempt.finishedAt()).isAfterOrEqualTo(attempt.startedAt());
			assertThat(attempt.logs()).as("capture is off").isEmpty();
		});
		assertThat(attempts.get(1).startedAt()).isAfterOrEqualTo(attempts.get(0).finishedAt());
		assertThat(attempts.get(1).startedAt()).isEqualTo(job.startedAt());
		String error = attempts.get(0).error();
		assertThat(error).startsWith("java.lang.IllegalStateException: first attempt fails\n\tat ")
			.contains("\n\tat dev.taskflow.engine.HistoryTestHandlers.flaky(")
			.contains("\nCaused by: java.lang.IllegalArgumentException: because of this")
			.hasSizeLessThanOrEqualTo(ErrorText.MAX_LENGTH);
		// the failure and its cause
		assertThat(error.lines().filter((line) -> line.startsWith("\tat ")).count())
			.isLessThanOrEqualTo(2 * ErrorText.MAX_FRAMES);
		assertThat(attempts.get(1).error()).isNull();
	}

	@Test
	void runningAttemptIsReadFromTheJobRow() {
		TaskFlow taskFlow = startNode("node-a").taskFlow();
		JobId id = taskFlow.enqueue(JobRequest.of("gated"));
		Awaitility.await().atMost(TIMEOUT).until(() -> TestHandlers.running.get() == 1);
		List<JobAttempt> attempts = taskFlow.attempts(id);
		assertThat(attempts).singleElement().satisfies((attempt) -> {
			assertThat(attempt.attempt()).isEqualTo(1);
			assertThat(attempt.outcome()).isEqualTo(Outcome.RUNNING);
			assertThat(attempt.nodeId()).isEqualTo("node-a");
			assertThat(attempt.startedAt()).isNotNull();
			assertThat(attempt.finishedAt()).isNull();
		});
		TestHandlers.gate.countDown();
		awaitStatus(taskFlow, id, JobStatus.SUCCEEDED);
		assertThat(taskFlow.attempts(id)).extracting(JobAttempt::outcome).containsExactly(Outcome.SUCCEEDED);
		assertThat(taskFlow.attempts(JobId.of(UUID.randomUUID()))).isEmpty();
	}

	@Test
	void attemptOfACrashedNodeIsKeptAsLeaseExpired() {
		String[] shortLeases = { "spring.taskflow.worker.lease=1s", "spring.taskflow.worker.heartbeat-interval=200ms" };
		TestNode doomed = startNode("node-doomed", shortLeases);
		JobId id = doomed.taskFlow().enqueue(JobRequest.of("gated"));
		Awaitility.await().atMost(TIMEOUT).until(() -> TestHandlers.running.get() == 1);
		doomed.awaitStartConfirmed(id);
		TestNode survivor = startNode("node-survivor", shortLeases);
		doomed.crash();
		awaitStatus(survivor.taskFlow(), id, JobStatus.SUCCEEDED);
		List<JobAttempt> attempts = survivor.taskFlow().attempts(id);
		assertThat(attempts).extracting(JobAttempt::attempt).containsExactly(1, 2);
		assertThat(attempts).extracting(JobAttempt::outcome).containsExactly(Outcome.LEASE_EXPIRED, Outcome.SUCCEEDED);
		assertThat(attempts).extracting(JobAttempt::nodeId).containsExactly("node-doomed", "node-survivor");
		assertThat(attempts.get(0).error())
			.isEqualTo("Lease expired on node node-doomed during attempt 1: the node stopped or lost the database");
		assertThat(attempts.get(0).startedAt()).isNotNull();
		assertThat(attempts.get(0).finishedAt()).isAfterOrEqualTo(attempts.get(0).startedAt());
	}

	@Test
	void attemptOfAStoppingNodeIsKeptAsReleased() {
		TestNode node = startNode("node-a", "spring.taskflow.shutdown.await=200ms");
		JobId id = node.taskFlow().enqueue(JobRequest.of("gated"));
		Awaitility.await().atMost(TIMEOUT).until(() -> TestHandlers.running.get() == 1);
		node.close();
		TestHandlers.gate.countDown();
		TestNode other = startNode("node-b");
		awaitStatus(other.taskFlow(), id, JobStatus.SUCCEEDED);
		List<JobAttempt> attempts = other.taskFlow().attempts(id);
		assertThat(attempts).extracting(JobAttempt::attempt).containsExactly(1, 2);
		assertThat(attempts).extracting(JobAttempt::outcome).containsExactly(Outcome.RELEASED, Outcome.SUCCEEDED);
		assertThat(attempts).extracting(JobAttempt::nodeId).containsExactly("node-a", "node-b");
		assertThat(attempts.get(0).startedAt()).isNotNull();
		assertThat(attempts.get(0).error()).isNull();
	}

	@Test
	void retryOfAFailedJobNumbersItsAttemptsOnWithAFreshBudget() {
		TaskFlow taskFlow = startNode("node-a").taskFlow();
		JobId id = taskFlow.enqueue(JobRequest.of("always.fail").maxAttempts(2));
		JobView failed = awaitStatus(taskFlow, id, JobStatus.FAILED);
		assertThat(failed.attempt()).isEqualTo(2);
		assertThat(taskFlow.retry(id)).isTrue();
		// the handler allows the default 3 attempts
		JobView again = Awaitility.await()
			.atMost(TIMEOUT)
			.until(() -> taskFlow.find(id).orElseThrow(),
					(job) -> job.status() == JobStatus.FAILED && job.attempt() == 5);
		assertThat(again.maxAttempts()).isEqualTo(5);
		assertThat(taskFlow.attempts(id)).extracting(JobAttempt::attempt).containsExactly(1, 2, 3, 4, 5);
		assertThat(taskFlow.attempts(id)).extracting(JobAttempt::outcome)
			.containsExactly(Outcome.RETRIED, Outcome.FAILED, Outcome.RETRIED, Outcome.RETRIED, Outcome.FAILED);
	}

	@Test
	void purgeDeletesFinishedJobsBeforeTheCutoffWithTheirAttempts() {
		TestNode node = startNode("node-a");
		TaskFlow taskFlow = node.taskFlow();
		JobId flaky = taskFlow.enqueue(JobRequest.of("history.flaky"));
		JobId failed = taskFlow.enqueue(JobRequest.of("always.fail").maxAttempts(1));
		JobId pending = taskFlow.enqueue(JobRequest.of("noop").delay(Duration.ofHours(1)));
		awaitStatus(taskFlow, flaky, JobStatus.SUCCEEDED);
		awaitStatus(taskFlow, failed, JobStatus.FAILED);
		JobStore store = node.context().getBean(JobStore.class);
		assertThat(store.queries().purgeFinishedBefore(Instant.now().minus(Duration.ofHours(1)))).isZero();
		assertThat(attemptRows(node)).isEqualTo(3);
		assertThat(store.queries().purgeFinishedBefore(Instant.now().plus(Duration.ofHours(1)))).isEqualTo(2);
		assertThat(taskFlow.find(flaky)).isEmpty();
		assertThat(taskFlow.find(failed)).isEmpty();
		assertThat(taskFlow.find(pending)).isPresent();
		assertThat(attemptRows(node)).isZero();
		assertThat(taskFlow.attempts(flaky)).isEmpty();
	}

	@Test
	void outcomeOfAnAttemptThatNoLongerOwnsItsJobAddsNoAttempt() {
		TestNode node = startNode("node-a");
		JobId id = node.taskFlow().enqueue(JobRequest.of("noop").delay(Duration.ofHours(1)));
		// as if attempt 2 ran now: outcomes of attempt 1 are stale
		node.jdbc()
			.update("UPDATE taskflow_job SET status = 'RUNNING', attempt = 2, owner_node = 'node-x',"
					+ " started_at = created_at WHERE status = 'PENDING'");
		JobStore store = node.context().getBean(JobStore.class);
		List<Completion> stale = List.of(Completion.succeeded(id.value(), 1, null).ranOn("node-z"),
				Completion.retry(id.value(), 1, "late", 0).ranOn("node-z"));
		assertThat(store.complete(stale.subList(0, 1))).containsExactlyElementsOf(stale.subList(0, 1));
		assertThat(store.complete(stale.subList(1, 2))).containsExactlyElementsOf(stale.subList(1, 2));
		assertThat(attemptRows(node)).isZero();
		Completion current = Completion.failed(id.value(), 2, "boom").ranOn("node-x").withHistory("trace", "[\"a\"]");
		assertThat(store.complete(List.of(current))).isEmpty();
		assertThat(node.taskFlow().attempts(id)).singleElement().satisfies((attempt) -> {
			assertThat(attempt.attempt()).isEqualTo(2);
			assertThat(attempt.outcome()).isEqualTo(Outcome.FAILED);
			assertThat(attempt.nodeId()).isEqualTo("node-x");
			assertThat(attempt.error()).isEqualTo("trace");
			assertThat(attempt.logs()).containsExactly("a");
			assertThat(attempt.startedAt()).isNotNull();
		});
	}

	@Test
	void capturedLogsOfAFailingThenSucceedingJobAreKeptPerAttempt() {
		TaskFlow taskFlow = startNode("node-a", "spring.taskflow.logs.capture=true").taskFlow();
		JobId id = taskFlow.enqueue(JobRequest.of("history.logging").maxAttempts(2));
		awaitStatus(taskFlow, id, JobStatus.SUCCEEDED);
		List<JobAttempt> attempts = taskFlow.attempts(id);
		assertThat(attempts).extracting(JobAttempt::outcome).containsExactly(Outcome.RETRIED, Outcome.SUCCEEDED);
		for (JobAttempt attempt : attempts) {
			int n = attempt.attempt();
			assertThat(attempt.logs()).as("attempt " + n)
				.satisfiesExactly(
						(line) -> assertThat(line).endsWith(" INFO history.slf4j - slf4j info on attempt " + n),
						(line) -> assertThat(line).endsWith(" WARN history.slf4j - slf4j warn on attempt " + n),
						(line) -> assertThat(line)
							.endsWith(" INFO history.commons - commons-logging info on attempt " + n),
						(line) -> assertThat(line)
							.endsWith(" WARN history.commons - commons-logging warn on attempt " + n),
						(line) -> assertThat(line).endsWith(" INFO history.logback - logback info on attempt " + n));
			assertThat(Instant.parse(attempt.logs().get(0).substring(0, attempt.logs().get(0).indexOf(' '))))
				.isBetween(attempt.startedAt().minusSeconds(5), attempt.finishedAt().plusSeconds(5));
		}
	}

	@Test
	void capturedLinesNameTheTraceTheyWereLoggedIn() {
		TaskFlow taskFlow = startNode("node-a", "spring.taskflow.logs.capture=true").taskFlow();
		JobId id = taskFlow.enqueue(JobRequest.of("history.traced"));
		awaitStatus(taskFlow, id, JobStatus.SUCCEEDED);
		assertThat(taskFlow.attempts(id).get(0).logs()).satisfiesExactly(
				(line) -> assertThat(line)
					.endsWith(" INFO history.traced [trace 4bf92f3577b34da6a3ce929d0e0e4736] - inside the trace"),
				(line) -> assertThat(line).endsWith(" INFO history.traced - outside"));
	}

	@Test
	void capturedLogsKeepTheConfiguredLevelAndAboveOnly() {
		TaskFlow taskFlow = startNode("node-a", "spring.taskflow.logs.capture=true", "spring.taskflow.logs.level=warn")
			.taskFlow();
		JobId id = taskFlow.enqueue(JobRequest.of("history.logging").maxAttempts(2));
		awaitStatus(taskFlow, id, JobStatus.SUCCEEDED);
		assertThat(taskFlow.attempts(id).get(1).logs()).hasSize(2)
			.allSatisfy((line) -> assertThat(line).contains(" WARN ").endsWith("warn on attempt 2"));
	}

	@Test
	void capturedLogsStopAtTheMaximumWithACountOfTheRest() {
		TaskFlow taskFlow = startNode("node-a", "spring.taskflow.logs.capture=true",
				"spring.taskflow.logs.max-lines-per-job=5")
			.taskFlow();
		JobId id = taskFlow.enqueue(JobRequest.of("history.chatty"));
		awaitStatus(taskFlow, id, JobStatus.SUCCEEDED);
		List<String> logs = taskFlow.attempts(id).get(0).logs();
		assertThat(logs).hasSize(6);
		assertThat(logs.get(0)).endsWith("line 1");
		assertThat(logs.get(4)).endsWith("line 5");
		assertThat(logs.get(5)).isEqualTo("... 7 more lines");
	}

	@Test
	void withoutCaptureNoAppenderIsAttachedAndNoLinesAreKept() {
		TestNode node = startNode("node-a");
		assertThat(node.context().getBeanProvider(JobLogCapture.class).getIfAvailable()).isNull();
		assertThat(taskFlowAppenders()).isEmpty();
		JobId id = node.taskFlow().enqueue(JobRequest.of("history.chatty"));
		awaitStatus(node.taskFlow(), id, JobStatus.SUCCEEDED);
		assertThat(node.taskFlow().attempts(id)).singleElement().satisfies((attempt) -> {
			assertThat(attempt.outcome()).isEqualTo(Outcome.SUCCEEDED);
			assertThat(attempt.logs()).isEmpty();
		});
	}

	@Test
	void captureAttachesOneAppenderAndDetachesItOnClose() {
		TestNode node = startNode("node-a", "spring.taskflow.logs.capture=true");
		assertThat(taskFlowAppenders()).hasSize(1);
		this.nodes.stop(node);
		assertThat(taskFlowAppenders()).isEmpty();
	}

	private static List<Appender<ILoggingEvent>> taskFlowAppenders() {
		Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);
		List<Appender<ILoggingEvent>> found = new ArrayList<>();
		for (Iterator<Appender<ILoggingEvent>> appenders = root.iteratorForAppenders(); appenders.hasNext();) {
			Appender<ILoggingEvent> appender = appenders.next();
			if (appender instanceof LogbackJobLogAppender) {
				found.add(appender);
			}
		}
		return found;
	}

	private static Integer attemptRows(TestNode node) {
		return node.jdbc().queryForObject("SELECT COUNT(*) FROM taskflow_attempt", Integer.class);
	}

	private static JobView awaitStatus(TaskFlow taskFlow, JobId id, JobStatus status) {
		return Awaitility.await()
			.atMost(TIMEOUT)
			.pollInterval(Duration.ofMillis(20))
			.until(() -> taskFlow.find(id).orElseThrow(), (job) -> job.status() == status);
	}

}
