package dev.taskflow.engine;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

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
 * Every attempt ends in exactly one stored outcome, whatever throws and whatever the
 * database refuses: nothing stays {@code RUNNING} for ever, and one outcome the database
 * refuses holds up no other.
 *
 * @author TaskFlow
 */
@ExtendWith(OutputCaptureExtension.class)
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
		ErrorInjecting.reset();
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
	void retryPolicyWhoseIntervalFunctionThrowsAnErrorFailsTheJobNamingWhatThrew() {
		TaskFlow taskFlow = startNode().taskFlow();
		JobId id = taskFlow.enqueue("outcome.interval-throws", null);
		JobView failed = awaitStatus(taskFlow, id, JobStatus.FAILED);
		assertThat(failed.attempt()).isEqualTo(1);
		assertThat(failed.lastError()).contains("could not work out the outcome")
			.contains("an interval function that throws");
		awaitStatus(taskFlow, taskFlow.enqueue("outcome.plain", null), JobStatus.SUCCEEDED);
	}

	@Test
	void errorWhileTheOutcomeWriterWritesDoesNotStopIt() {
		TestNode node = startNodeWithErrors();
		TaskFlow taskFlow = node.taskFlow();
		awaitStatus(taskFlow, taskFlow.enqueue("outcome.plain", null), JobStatus.SUCCEEDED);
		ErrorInjecting.arm("taskflow-completions");
		JobId id = taskFlow.enqueue("outcome.plain", null);
		JobView job = awaitStatus(taskFlow, id, JobStatus.SUCCEEDED);
		assertThat(ErrorInjecting.thrown).hasValue(1);
		assertThat(job.attempt()).isEqualTo(1);
		// the writer goes on with later outcomes too
		awaitStatus(taskFlow, taskFlow.enqueue("outcome.plain", null), JobStatus.SUCCEEDED);
		assertThat(node.worker().stoppedLoops()).isEmpty();
	}

	@Test
	void errorWhileLeasesAreRenewedDoesNotStopTheRenewals() {
		TestNode node = startNodeWithErrors("spring.taskflow.worker.lease=1s",
				"spring.taskflow.worker.heartbeat-interval=200ms");
		TaskFlow taskFlow = node.taskFlow();
		JobId id = taskFlow.enqueue("gated", null);
		Awaitility.await().atMost(TIMEOUT).until(() -> TestHandlers.running.get() == 1);
		ErrorInjecting.arm("taskflow-leases-");
		Awaitility.await().atMost(TIMEOUT).until(() -> ErrorInjecting.thrown.get() == 1);
		// more than two leases later the job still runs under its first attempt: had the
		// renewals stopped, its lease would have run out and the job been rescued
		Awaitility.await()
			.during(Duration.ofMillis(2500))
			.atMost(Duration.ofSeconds(10))
			.until(() -> taskFlow.find(id).orElseThrow(),
					(job) -> job.status() == JobStatus.RUNNING && job.attempt() == 1);
		assertThat(node.worker().stoppedLoops()).isEmpty();
		TestHandlers.gate.countDown();
		JobView job = awaitStatus(taskFlow, id, JobStatus.SUCCEEDED);
		assertThat(job.attempt()).isEqualTo(1);
		assertThat(TestHandlers.executions.get(id.value())).hasValue(1);
	}

	@Test
	void errorWhileSchedulesAreFiredDoesNotStopTheirFiring() {
		TestNode node = startNodeWithErrors("spring.taskflow.schedules[tick].every=1s",
				"spring.taskflow.schedules[tick].handler=noop");
		Awaitility.await().atMost(TIMEOUT).until(() -> jobsOf(node, "tick") >= 1);
		ErrorInjecting.arm("taskflow-schedules");
		Awaitility.await().atMost(TIMEOUT).until(() -> ErrorInjecting.thrown.get() == 1);
		int afterError = jobsOf(node, "tick");
		Awaitility.await().atMost(TIMEOUT).until(() -> jobsOf(node, "tick") >= afterError + 2);
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

	@Test
	void timedOutAttemptKeepsItsLeaseAndItsConcurrencySlotUntilItsHandlerHasStopped() {
		String[] properties = { "spring.taskflow.worker.lease=2s", "spring.taskflow.worker.heartbeat-interval=500ms",
				"spring.taskflow.handlers[outcome.stubborn-keyed].concurrency.per-key=1" };
		TaskFlow taskFlow = startNode(with(properties, "spring.taskflow.worker.node-id=node-a")).taskFlow();
		startNode(with(properties, "spring.taskflow.worker.node-id=node-b"));
		// times out after 300 ms, runs on for 4.5 s: more than twice its lease
		JobId stubborn = taskFlow
			.enqueue(JobRequest.of("outcome.stubborn-keyed", 4500L).concurrencyKey("tenant").maxAttempts(2));
		Awaitility.await().atMost(TIMEOUT).until(() -> OutcomeTestHandlers.keyedRunning.get() == 1);
		JobId sameKey = taskFlow.enqueue(JobRequest.of("outcome.stubborn-keyed", 0L).concurrencyKey("tenant"));
		// long past its timeout and its lease, the attempt is held: its lease renewed (no
		// node rescues it), its key's only slot taken (the other job waits)
		Awaitility.await()
			.during(Duration.ofSeconds(3))
			.atMost(Duration.ofSeconds(10))
			.until(() -> List.of(taskFlow.find(stubborn).orElseThrow(), taskFlow.find(sameKey).orElseThrow()),
					(jobs) -> jobs.get(0).status() == JobStatus.RUNNING && jobs.get(0).attempt() == 1
							&& jobs.get(1).status() == JobStatus.PENDING);
		JobView retried = awaitStatus(taskFlow, stubborn, JobStatus.SUCCEEDED);
		awaitStatus(taskFlow, sameKey, JobStatus.SUCCEEDED);
		assertThat(retried.attempt()).isEqualTo(2);
		assertThat(taskFlow.attempts(stubborn).get(0).error()).contains("TaskTimeoutException");
		List<OutcomeTestHandlers.KeyedRun> runs = OutcomeTestHandlers.keyedRuns;
		List<OutcomeTestHandlers.KeyedRun> firsts = runs.stream()
			.filter((run) -> run.jobId().equals(stubborn.toString()) && run.attempt() == 1)
			.toList();
		assertThat(firsts).as("runs of the first attempt: %s", runs).hasSize(1);
		OutcomeTestHandlers.KeyedRun first = firsts.get(0);
		// nothing of the key started before the timed-out handler had really returned
		assertThat(runs).hasSize(3)
			.filteredOn((run) -> run != first)
			.allSatisfy((run) -> assertThat(run.start() - first.end()).as("start of %s after the first ended", run)
				.isNotNegative());
	}

	@Test
	void nodeWhoseOutcomesCannotBeWrittenStopsClaimingOnceItHoldsTooManyOfThem(CapturedOutput output) throws Exception {
		TestNode node = startNode("spring.taskflow.worker.threads=4");
		TaskFlow taskFlow = node.taskFlow();
		JobId gated = taskFlow.enqueue("gated", null);
		Awaitility.await().atMost(TIMEOUT).until(() -> TestHandlers.running.get() == 1);
		int total = CompletionBuffer.MAX_UNWRITTEN + 3000;
		try (Connection blocker = node.connect()) {
			blocker.setAutoCommit(false);
			try (Statement statement = blocker.createStatement()) {
				// the outcome writer waits for this row, as in an outage of the writes
				// alone: every outcome after the gated job's queues up behind it
				statement.executeQuery("SELECT id FROM taskflow_job WHERE id = '" + gated + "' FOR UPDATE").close();
			}
			TestHandlers.gate.countDown();
			List<JobRequest> requests = new ArrayList<>();
			for (int i = 0; i < total; i++) {
				requests.add(JobRequest.of("noop"));
			}
			taskFlow.enqueueAll(requests);
			Awaitility.await()
				.atMost(Duration.ofSeconds(60))
				.until(() -> output.toString().contains("claims no more jobs until they are written"));
			Awaitility.await()
				.during(Duration.ofSeconds(2))
				.atMost(Duration.ofSeconds(10))
				.until(() -> count(node, "status <> 'PENDING'"), (claimed) -> claimed < total - 1000);
			blocker.rollback();
		}
		Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> count(node, "status = 'SUCCEEDED'") == total + 1);
		assertThat(output.toString().split("claims no more jobs until they are written", -1)).hasSize(2);
		assertThat(output).contains("wrote its backlog of job outcomes and claims jobs again");
	}

	private TestNode startNodeWithErrors(String... properties) {
		return this.nodes.start(List.of(OutcomeTestHandlers.class, ErrorInjecting.class), null, properties);
	}

	private static int jobsOf(TestNode node, String schedule) {
		return count(node, "schedule_name = '" + schedule + "'");
	}

	private static int count(TestNode node, String condition) {
		return node.jdbc().queryForObject("SELECT COUNT(*) FROM taskflow_job WHERE " + condition, Integer.class);
	}

	private static String[] with(String[] properties, String... more) {
		return Stream.concat(Arrays.stream(properties), Arrays.stream(more)).toArray(String[]::new);
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
