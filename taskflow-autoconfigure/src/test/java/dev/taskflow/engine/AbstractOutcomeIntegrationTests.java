package dev.taskflow.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.taskflow.JobId;
import dev.taskflow.JobRequest;
import dev.taskflow.JobStatus;
import dev.taskflow.JobView;
import dev.taskflow.TaskFlow;
import dev.taskflow.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every attempt ends in exactly one stored outcome, whatever throws and whatever the
 * database refuses: nothing stays {@code RUNNING} for ever, and one outcome the database
 * refuses holds up no other.
 *
 * @author TaskFlow
 */
abstract class AbstractOutcomeIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private TestNodes nodes;

	protected abstract TestDatabase database();

	/**
	 * A result this database refuses to store.
	 * @return the result, or {@code null} where the database stores every result
	 */
	protected abstract Object unstorableResult();

	/**
	 * What the error of a job whose result {@link #unstorableResult()} is known to be
	 * refused says about the limit.
	 * @return the words
	 */
	protected String knownRefusal() {
		return "";
	}

	/**
	 * The result column as text, for a constraint on it.
	 * @return the SQL expression
	 */
	protected String resultAsText() {
		return "result";
	}

	@BeforeEach
	void prepareDatabase() {
		this.nodes = new TestNodes(database());
		OutcomeTestHandlers.reset();
		ConnectionKilling.reset();
	}

	@AfterEach
	void stopNodes() {
		if (this.nodes != null) {
			this.nodes.close();
		}
	}

	protected TestNode startNode(String... properties) {
		return this.nodes.start(List.of(OutcomeTestHandlers.class), null, properties);
	}

	@Test
	void resultTheDatabaseRefusesFailsItsOwnJobAndEveryOtherOutcomeOfItsBatchIsWritten() {
		// a refusal TaskFlow cannot foresee: a constraint of the application's own
		TestNode node = startNode();
		String marker = "refused-by-a-check-constraint";
		node.jdbc()
			.execute("ALTER TABLE taskflow_job ADD CONSTRAINT test_refused_result CHECK (result IS NULL OR "
					+ resultAsText() + " NOT LIKE '%" + marker + "%')");
		try {
			OutcomeTestHandlers.unstorableResult = marker;
			assertRefusedResultFailsOnlyItsOwnJob(node.taskFlow(), "the database refused it");
		}
		finally {
			node.jdbc().execute("ALTER TABLE taskflow_job DROP CONSTRAINT test_refused_result");
		}
	}

	@Test
	void resultTheDatabaseIsKnownToRefuseFailsItsOwnJobWithoutBeingSent() {
		Object unstorable = unstorableResult();
		Assumptions.assumeTrue(unstorable != null, () -> database() + " stores every result");
		OutcomeTestHandlers.unstorableResult = unstorable;
		JobView refused = assertRefusedResultFailsOnlyItsOwnJob(startNode().taskFlow(), "the database would refuse it");
		assertThat(refused.lastError()).contains(knownRefusal());
	}

	private JobView assertRefusedResultFailsOnlyItsOwnJob(TaskFlow taskFlow, String refusal) {
		List<JobRequest> requests = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			requests.add(JobRequest.of((i == 20) ? "outcome.unstorable" : "outcome.plain"));
		}
		List<JobId> ids = taskFlow.enqueueAll(requests);
		JobView refused = awaitStatus(taskFlow, ids.get(20), JobStatus.FAILED);
		assertThat(refused.lastError()).contains("could not store the outcome of attempt 1").contains(refusal);
		for (JobId id : ids) {
			if (!id.equals(ids.get(20))) {
				assertThat(awaitStatus(taskFlow, id, JobStatus.SUCCEEDED).result(String.class)).contains("stored");
			}
		}
		// the node is not frozen: later outcomes are written too
		awaitStatus(taskFlow, taskFlow.enqueue("outcome.plain", null), JobStatus.SUCCEEDED);
		return refused;
	}

	@Test
	void outcomeWhoseConnectionIsKilledWhileItIsWrittenIsWrittenAgainNotFailed() {
		Assumptions.assumeTrue(database() != TestDatabase.H2, "an in-memory H2 has no connection to kill");
		TaskFlow taskFlow = this.nodes
			.start(List.of(OutcomeTestHandlers.class, ConnectionKilling.class), null,
					"spring.taskflow.worker.threads=1")
			.taskFlow();
		awaitStatus(taskFlow, taskFlow.enqueue("outcome.plain", null), JobStatus.SUCCEEDED);
		ConnectionKilling.armed.set(true);
		JobId id = taskFlow.enqueue("outcome.plain", null);
		JobView job = Awaitility.await()
			.atMost(TIMEOUT)
			.until(() -> taskFlow.find(id).orElseThrow(), (found) -> !found.status().isActive());
		assertThat(ConnectionKilling.killed).isEqualTo(1);
		assertThat(job.lastError()).isNull();
		assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
		assertThat(job.result(String.class)).contains("stored");
	}

	@Test
	void errorMessageWithANulCharacterIsStoredWithTheCharacterEscaped() {
		TaskFlow taskFlow = startNode().taskFlow();
		JobId id = taskFlow.enqueue(JobRequest.of("outcome.nul-message").maxAttempts(1));
		JobView failed = awaitStatus(taskFlow, id, JobStatus.FAILED);
		assertThat(failed.lastError()).contains("byte\\u0000in the message");
		assertThat(taskFlow.attempts(id)).singleElement()
			.satisfies((attempt) -> assertThat(attempt.error()).contains("byte\\u0000in the message"));
	}

	@Test
	void attemptAlreadyInTheHistoryDoesNotStopItsOutcomeFromBeingWritten() {
		TestNode node = startNode();
		TaskFlow taskFlow = node.taskFlow();
		JobId id = taskFlow.enqueue("gated", null);
		Awaitility.await().atMost(TIMEOUT).until(() -> TestHandlers.running.get() == 1);
		// as if an earlier write of this attempt's outcome had committed and its reply
		// been lost
		node.jdbc()
			.update("INSERT INTO taskflow_attempt (job_id, attempt, node_id, started_at, finished_at, outcome)"
					+ " SELECT id, attempt, owner_node, started_at, started_at, 'SUCCEEDED' FROM taskflow_job"
					+ " WHERE status = 'RUNNING'");
		TestHandlers.gate.countDown();
		awaitStatus(taskFlow, id, JobStatus.SUCCEEDED);
		awaitStatus(taskFlow, taskFlow.enqueue("outcome.plain", null), JobStatus.SUCCEEDED);
	}

	@Test
	void listenerThatThrowsAnErrorWhenAJobStartsDoesNotStrandTheJob() {
		OutcomeTestHandlers.listenerThrows.set(true);
		TaskFlow taskFlow = startNode().taskFlow();
		JobId id = taskFlow.enqueue("outcome.plain", null);
		assertThat(awaitStatus(taskFlow, id, JobStatus.SUCCEEDED).attempt()).isEqualTo(1);
		awaitStatus(taskFlow, taskFlow.enqueue("outcome.plain", null), JobStatus.SUCCEEDED);
	}

	@Test
	void retryPolicyWhosePredicateThrowsAnErrorFailsTheJobNamingWhatThrew() {
		TaskFlow taskFlow = startNode().taskFlow();
		JobId id = taskFlow.enqueue("outcome.policy-throws", null);
		JobView failed = awaitStatus(taskFlow, id, JobStatus.FAILED);
		assertThat(failed.attempt()).isEqualTo(1);
		assertThat(failed.lastError()).contains("could not work out the outcome")
			.contains("a retry predicate that throws");
	}

	@Test
	void resultWhoseWritingThrowsAnErrorFailsTheJob() {
		TaskFlow taskFlow = startNode().taskFlow();
		JobId id = taskFlow.enqueue("outcome.result-throws", null);
		JobView failed = awaitStatus(taskFlow, id, JobStatus.FAILED);
		assertThat(failed.lastError()).contains("a getter that throws an Error");
		awaitStatus(taskFlow, taskFlow.enqueue("outcome.plain", null), JobStatus.SUCCEEDED);
	}

	@Test
	void timedOutAttemptHoldsItsJobUntilItsHandlerHasReallyStopped() {
		TaskFlow taskFlow = startNode("spring.taskflow.worker.threads=4").taskFlow();
		JobId id = taskFlow.enqueue(JobRequest.of("outcome.stubborn").maxAttempts(2));
		JobView failed = Awaitility.await()
			.atMost(TIMEOUT)
			.until(() -> taskFlow.find(id).orElseThrow(), (job) -> job.status() == JobStatus.FAILED);
		assertThat(failed.lastError()).contains("TaskTimeoutException");
		List<Instant[]> runs = OutcomeTestHandlers.stubbornRuns;
		assertThat(runs).hasSize(2);
		// the second attempt started only once the first had really stopped
		assertThat(runs.get(1)[0]).isAfterOrEqualTo(runs.get(0)[1]);
	}

	@Test
	void interruptOfATimedOutAttemptNeverReachesTheNextJobOnItsThread() {
		TaskFlow taskFlow = startNode("spring.taskflow.worker.threads=1").taskFlow();
		// one thread, in this order: a handler that leaves its timeout's interrupt set
		// when it returns, then one that would see it; a handler that returns long before
		// its timeout, then one that runs past the moment that timeout was due
		List<JobId> ids = taskFlow.enqueueAll(List.of(JobRequest.of("outcome.deaf").maxAttempts(1).priority(4),
				JobRequest.of("outcome.listening").maxAttempts(1).priority(3),
				JobRequest.of("outcome.quick").maxAttempts(1).priority(2),
				JobRequest.of("outcome.listening").maxAttempts(1).priority(1)));
		JobView deaf = awaitFinished(taskFlow, ids.get(0));
		JobView afterDeaf = awaitFinished(taskFlow, ids.get(1));
		JobView quick = awaitFinished(taskFlow, ids.get(2));
		JobView afterQuick = awaitFinished(taskFlow, ids.get(3));
		assertThat(deaf.status()).isEqualTo(JobStatus.FAILED);
		assertThat(deaf.lastError()).contains("TaskTimeoutException");
		assertThat(quick.status()).isEqualTo(JobStatus.SUCCEEDED);
		assertThat(List.of(afterDeaf, afterQuick)).allSatisfy((job) -> {
			assertThat(job.lastError()).as("error of %s", job.id()).isNull();
			assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
		});
		Map<String, OutcomeTestHandlers.Run> runs = OutcomeTestHandlers.runs;
		// the test means something: the interrupt was still set when the deaf handler
		// returned, the next job on the thread then ran, and the last one was running
		// when the quick job's timeout was due
		assertThat(runs.get(ids.get(0).toString()).interrupted()).isTrue();
		assertThat(ids).extracting((id) -> runs.get(id.toString()).thread())
			.containsOnly(runs.get(ids.get(0).toString()).thread());
		OutcomeTestHandlers.Run quickRun = runs.get(ids.get(2).toString());
		OutcomeTestHandlers.Run last = runs.get(ids.get(3).toString());
		Instant quickTimeoutDue = quickRun.start().plusMillis(500);
		assertThat(last.start()).isBefore(quickTimeoutDue);
		assertThat(last.end()).isAfter(quickTimeoutDue);
		assertThat(runs.get(ids.get(1).toString()).interrupted()).isFalse();
		assertThat(last.interrupted()).isFalse();
	}

	@Test
	void timeoutOfAnAttemptThatEndedInTimeIsNotKeptUntilItWouldHaveFired() {
		TestNode node = startNode();
		List<JobRequest> requests = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			requests.add(JobRequest.of("outcome.long-timeout", "payload " + i));
		}
		node.taskFlow().enqueueAll(requests);
		Awaitility.await()
			.atMost(TIMEOUT)
			.until(() -> node.jdbc()
				.queryForObject("SELECT COUNT(*) FROM taskflow_job WHERE status = 'SUCCEEDED'", Integer.class) == 200);
		// each would hold its attempt, payload included, for the hour of its timeout
		assertThat(node.worker().pendingTimeouts()).isZero();
	}

	private static JobView awaitFinished(TaskFlow taskFlow, JobId id) {
		return Awaitility.await()
			.atMost(TIMEOUT)
			.pollInterval(Duration.ofMillis(20))
			.until(() -> taskFlow.find(id).orElseThrow(), (job) -> !job.status().isActive());
	}

	private static JobView awaitStatus(TaskFlow taskFlow, JobId id, JobStatus status) {
		return Awaitility.await()
			.atMost(TIMEOUT)
			.pollInterval(Duration.ofMillis(20))
			.until(() -> taskFlow.find(id).orElseThrow(), (job) -> job.status() == status);
	}

}
