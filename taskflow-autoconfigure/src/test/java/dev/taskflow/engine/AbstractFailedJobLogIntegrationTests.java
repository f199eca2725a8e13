package dev.taskflow.engine;

import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.taskflow.JobId;
import dev.taskflow.JobRequest;
import dev.taskflow.JobStatus;
import dev.taskflow.JobView;
import dev.taskflow.TaskFlow;
import dev.taskflow.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Operators see failures: each job that ends {@code FAILED} is logged at WARN once, by
 * the node that stored its failure (or rescued it), under the logger
 * {@code dev.taskflow.FailedJobs}, without its payload; retries at INFO only with
 * {@code spring.taskflow.logs.failures=all}; nothing with {@code off}.
 *
 * @author TaskFlow
 */
@ExtendWith(OutputCaptureExtension.class)
abstract class AbstractFailedJobLogIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final String LOGGER = FailedJobLog.LOGGER_NAME;

	private static final String PAYLOAD = "4111-1111-1111-1111 of Ada Lovelace";

	private static final String[] SHORT_LEASE = { "spring.taskflow.worker.lease=1s",
			"spring.taskflow.worker.heartbeat-interval=200ms" };

	private TestNodes nodes;

	protected abstract TestDatabase database();

	/**
	 * A result this database refuses to store.
	 * @return the result, or {@code null} where the database stores every result
	 */
	protected Object unstorableResult() {
		return null;
	}

	@BeforeEach
	void prepareDatabase() {
		this.nodes = new TestNodes(database());
		FailedJobLogTestHandlers.reset();
	}

	@AfterEach
	void stopNodes() {
		FailedJobLogTestHandlers.gate.countDown();
		if (this.nodes != null) {
			this.nodes.close();
		}
	}

	private TestNode startNode(String... properties) {
		return this.nodes.start(List.of(FailedJobLogTestHandlers.class), null, properties);
	}

	@Test
	void jobThatEndsFailedIsLoggedOnceAtWarnWithoutItsPayloadAndARetryNotAtAllByDefault(CapturedOutput output) {
		TaskFlow taskFlow = startNode().taskFlow();
		JobId failed = taskFlow.enqueue(JobRequest.of("logs.declined", PAYLOAD).maxAttempts(2));
		JobId retried = taskFlow.enqueue(JobRequest.of("logs.flaky").maxAttempts(3));
		awaitStatus(taskFlow, failed, JobStatus.FAILED);
		awaitStatus(taskFlow, retried, JobStatus.SUCCEEDED);
		awaitLine(output, failed);
		// stopped, the node has written every outcome it will ever write
		this.nodes.close();
		assertThat(lines(output, failed)).singleElement()
			.satisfies((line) -> assertThat(line).contains(" WARN ")
				.endsWith("Job " + failed + " of handler 'logs.declined' FAILED on attempt 2 of 2 (queue 'default'):"
						+ " java.lang.IllegalStateException: card declined"));
		assertThat(lines(output, retried)).isEmpty();
		assertThat(output).doesNotContain(PAYLOAD).doesNotContain("second line of the message");
	}

	@Test
	void retryIsLoggedAtInfoWithAll(CapturedOutput output) {
		TaskFlow taskFlow = startNode("spring.taskflow.logs.failures=all").taskFlow();
		JobId retried = taskFlow.enqueue(JobRequest.of("logs.flaky", PAYLOAD).maxAttempts(3));
		JobId failed = taskFlow.enqueue(JobRequest.of("logs.declined").maxAttempts(1));
		awaitStatus(taskFlow, retried, JobStatus.SUCCEEDED);
		awaitStatus(taskFlow, failed, JobStatus.FAILED);
		awaitLine(output, failed);
		this.nodes.close();
		assertThat(lines(output, retried)).singleElement()
			.satisfies((line) -> assertThat(line).contains(" INFO ")
				.contains("Job " + retried + " of handler 'logs.flaky' failed attempt 1 of 3 (queue 'default') and runs"
						+ " again in ")
				.endsWith(" ms: java.lang.IllegalStateException: gateway timeout on attempt 1"));
		assertThat(lines(output, failed)).singleElement()
			.satisfies((line) -> assertThat(line).contains(" WARN ").contains(" FAILED on attempt 1 of 1 "));
		assertThat(output).doesNotContain(PAYLOAD);
	}

	@Test
	void offLogsNoFailure(CapturedOutput output) {
		TaskFlow taskFlow = startNode("spring.taskflow.logs.failures=off").taskFlow();
		JobId failed = taskFlow.enqueue(JobRequest.of("logs.declined", PAYLOAD).maxAttempts(2));
		JobId retried = taskFlow.enqueue(JobRequest.of("logs.flaky").maxAttempts(3));
		awaitStatus(taskFlow, failed, JobStatus.FAILED);
		awaitStatus(taskFlow, retried, JobStatus.SUCCEEDED);
		this.nodes.close();
		assertThat(output).doesNotContain(failed.toString()).doesNotContain(retried.toString()).doesNotContain(LOGGER);
	}

	@Test
	void debugLevelOfTheLoggerShowsRetriesAndStackTraces(CapturedOutput output) {
		TaskFlow taskFlow = startNode("logging.level.dev.taskflow.FailedJobs=debug").taskFlow();
		JobId failed = taskFlow.enqueue(JobRequest.of("logs.declined", PAYLOAD).maxAttempts(1));
		JobId retried = taskFlow.enqueue(JobRequest.of("logs.flaky").maxAttempts(3));
		awaitStatus(taskFlow, failed, JobStatus.FAILED);
		awaitStatus(taskFlow, retried, JobStatus.SUCCEEDED);
		awaitLine(output, failed);
		this.nodes.close();
		assertThat(lines(output, retried)).singleElement()
			.satisfies((line) -> assertThat(line).contains(" DEBUG ").contains(" failed attempt 1 of 3 "));
		assertThat(output).contains("java.lang.IllegalStateException: card declined")
			.contains("at dev.taskflow.engine.FailedJobLogTestHandlers.declined(");
		assertThat(output).doesNotContain(PAYLOAD);
	}

	@Test
	void jobFailedBecauseItsOutcomeCouldNotBeStoredIsLoggedOnceWithWhy(CapturedOutput output) {
		Object unstorable = unstorableResult();
		Assumptions.assumeTrue(unstorable != null, () -> database() + " stores every result");
		FailedJobLogTestHandlers.unstorableResult = unstorable;
		TaskFlow taskFlow = startNode().taskFlow();
		JobId id = taskFlow.enqueue(JobRequest.of("logs.unstorable"));
		awaitStatus(taskFlow, id, JobStatus.FAILED);
		awaitLine(output, id);
		this.nodes.close();
		assertThat(lines(output, id)).singleElement()
			.satisfies((line) -> assertThat(line).contains(" WARN ")
				.contains("Job " + id + " of handler 'logs.unstorable' FAILED on attempt 1 of 3 (queue 'default'):"
						+ " the database refused to store the outcome of the attempt (it succeeded): "));
		// the outcome writer's own account of the refusal is no second warning
		assertThat(output.toString().lines().filter((line) -> line.contains(" WARN ") && line.contains(id.toString())))
			.hasSize(1);
	}

	@Test
	void jobFailedByTheRescueIsLoggedOnceByTheNodeThatRescuedItNeverByTheNodeThatRanIt(CapturedOutput output) {
		TestNode zombie = startNode(with(SHORT_LEASE, "spring.taskflow.worker.node-id=node-zombie"));
		JobId id = zombie.taskFlow().enqueue(JobRequest.of("logs.gated").maxAttempts(1));
		Awaitility.await().atMost(TIMEOUT).until(() -> FailedJobLogTestHandlers.gatedStarted.get() == 1);
		// started as far as the database knows: the rescue counts the attempt
		zombie.awaitStartConfirmed(id);
		// cut off from the database as far as its leases go, the node runs on
		zombie.worker().suspendHeartbeats(true);
		TestNode rescuer = startNode(with(SHORT_LEASE, "spring.taskflow.worker.node-id=node-rescuer"));
		JobView rescued = awaitStatus(rescuer.taskFlow(), id, JobStatus.FAILED);
		assertThat(rescued.lastError()).contains("Lease expired on node node-zombie");
		awaitLine(output, id);
		// the zombie's attempt now fails too: an outcome the store rejects
		FailedJobLogTestHandlers.gate.countDown();
		Awaitility.await().atMost(TIMEOUT).until(() -> FailedJobLogTestHandlers.gatedEnded.get() == 1);
		this.nodes.close();
		assertThat(lines(output, id)).singleElement()
			.satisfies((line) -> assertThat(line).contains(" WARN ")
				.endsWith("Job " + id + " of handler 'logs.gated' FAILED on attempt 1 of 1 (queue 'default'): its lease"
						+ " expired on node node-zombie (the node stopped or lost the database) and it had no attempts"
						+ " left"));
		assertThat(output).contains("Outcome FAILED of attempt " + id + ":1 rejected");
	}

	@Test
	void jobRescuedToRunAgainIsLoggedAsARetryWithAll(CapturedOutput output) {
		TestNode doomed = startNode(
				with(SHORT_LEASE, "spring.taskflow.worker.node-id=node-doomed", "spring.taskflow.logs.failures=all"));
		JobId id = doomed.taskFlow().enqueue(JobRequest.of("logs.gated").maxAttempts(2));
		Awaitility.await().atMost(TIMEOUT).until(() -> FailedJobLogTestHandlers.gatedStarted.get() == 1);
		doomed.awaitStartConfirmed(id);
		TestNode survivor = startNode(
				with(SHORT_LEASE, "spring.taskflow.worker.node-id=node-survivor", "spring.taskflow.logs.failures=all"));
		doomed.crash();
		Awaitility.await().atMost(TIMEOUT).until(() -> FailedJobLogTestHandlers.gatedStarted.get() == 2);
		FailedJobLogTestHandlers.gate.countDown();
		awaitStatus(survivor.taskFlow(), id, JobStatus.FAILED);
		awaitLine(output, id, 2);
		this.nodes.close();
		List<String> lines = lines(output, id);
		assertThat(lines).hasSize(2);
		assertThat(lines.get(0)).contains(" INFO ")
			.endsWith("Job " + id + " of handler 'logs.gated' lost attempt 1 of 2 (queue 'default') and runs again: its"
					+ " lease expired on node node-doomed (the node stopped or lost the database)");
		assertThat(lines.get(1)).contains(" WARN ")
			.endsWith("Job " + id + " of handler 'logs.gated' FAILED on attempt 2 of 2 (queue 'default'):"
					+ " java.lang.IllegalStateException: failed once the gate opened");
	}

	// the lines of the failed-jobs logger about the job
	private static List<String> lines(CapturedOutput output, JobId id) {
		return output.toString()
			.lines()
			.filter((line) -> line.contains(LOGGER) && line.contains(id.toString()))
			.toList();
	}

	private static void awaitLine(CapturedOutput output, JobId id) {
		awaitLine(output, id, 1);
	}

	// a line is written once the outcome is stored, so just after the status shows
	private static void awaitLine(CapturedOutput output, JobId id, int count) {
		Awaitility.await().atMost(TIMEOUT).until(() -> lines(output, id).size() >= count);
	}

	private static String[] with(String[] properties, String... more) {
		String[] all = new String[properties.length + more.length];
		System.arraycopy(properties, 0, all, 0, properties.length);
		System.arraycopy(more, 0, all, properties.length, more.length);
		return all;
	}

	private static JobView awaitStatus(TaskFlow taskFlow, JobId id, JobStatus status) {
		return Awaitility.await()
			.atMost(TIMEOUT)
			.pollInterval(Duration.ofMillis(20))
			.until(() -> taskFlow.find(id).orElseThrow(), (job) -> job.status() == status);
	}

}
