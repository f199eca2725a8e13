package dev.taskflow.engine;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.taskflow.JobId;
import dev.taskflow.JobQuery;
import dev.taskflow.JobRequest;
import dev.taskflow.JobStatus;
import dev.taskflow.JobView;
import dev.taskflow.TaskFlow;
import dev.taskflow.UnknownHandlerException;
import dev.taskflow.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The contract of the store and the engine, run against each supported database by a
 * subclass.
 *
 * @author TaskFlow
 */
abstract class AbstractTaskFlowIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

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

	protected TestNode startNode(String... properties) {
		return this.nodes.start(properties);
	}

	@Test
	void jobRunsWithPayloadAndContextAndStoresItsResult() {
		TaskFlow taskFlow = startNode().taskFlow();
		JobId id = taskFlow.enqueue("order.price", new TestHandlers.Order("o-1", 21));
		JobView job = awaitStatus(taskFlow, id, JobStatus.SUCCEEDED);
		TestHandlers.Receipt receipt = job.result(TestHandlers.Receipt.class).orElseThrow();
		assertThat(receipt.orderId()).isEqualTo("o-1");
		assertThat(receipt.price()).isEqualTo(42);
		assertThat(receipt.attemptId()).isEqualTo(id + ":1");
		assertThat(job.attempt()).isEqualTo(1);
		assertThat(job.handler()).isEqualTo("order.price");
		assertThat(job.queue()).isEqualTo(JobRequest.DEFAULT_QUEUE);
		assertThat(job.createdAt()).isNotNull();
		assertThat(job.startedAt()).isNotNull();
		assertThat(job.finishedAt()).isAfterOrEqualTo(job.startedAt());
		assertThat(job.lastError()).isNull();
	}

	@Test
	void jobEnqueuedByMethodReferenceRunsAndIsStoredAsByItsHandlerName() {
		TaskFlow taskFlow = startNode().taskFlow();
		JobId byReference = taskFlow.enqueue(TestHandlers::upper, "hello");
		JobId byName = taskFlow.enqueue("text.upper", "hello");
		JobView job = awaitStatus(taskFlow, byReference, JobStatus.SUCCEEDED);
		JobView named = awaitStatus(taskFlow, byName, JobStatus.SUCCEEDED);
		assertThat(job.handler()).isEqualTo("text.upper").isEqualTo(named.handler());
		assertThat(job.queue()).isEqualTo(named.queue());
		assertThat(job.payload(String.class)).contains("hello").isEqualTo(named.payload(String.class));
		assertThat(job.result(String.class)).contains("HELLO");
		JobId withContext = taskFlow
			.enqueue(JobRequest.of(TestHandlers::price, new TestHandlers.Order("o-2", 5)).queue("mail").priority(3));
		JobView priced = awaitStatus(taskFlow, withContext, JobStatus.SUCCEEDED);
		assertThat(priced.handler()).isEqualTo("order.price");
		assertThat(priced.queue()).isEqualTo("mail");
		assertThat(priced.priority()).isEqualTo(3);
		assertThat(priced.result(TestHandlers.Receipt.class)).map(TestHandlers.Receipt::price).contains(10);
	}

	@Test
	void handlerWithoutParametersRunsAndHasNoResult() {
		TaskFlow taskFlow = startNode().taskFlow();
		JobId id = taskFlow.enqueue(JobRequest.of("noop"));
		JobView job = awaitStatus(taskFlow, id, JobStatus.SUCCEEDED);
		assertThat(job.result(String.class)).isEmpty();
	}

	@Test
	void enqueueAllReturnsIdsInOrderAndRunsEveryJob() {
		TaskFlow taskFlow = startNode().taskFlow();
		List<JobRequest> requests = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			requests.add(JobRequest.of("text.upper", "job-" + i).priority(i % 3));
		}
		List<JobId> ids = taskFlow.enqueueAll(requests);
		assertThat(ids).hasSize(200).doesNotHaveDuplicates();
		for (int i = 0; i < ids.size(); i += 37) {
			JobView job = awaitStatus(taskFlow, ids.get(i), JobStatus.SUCCEEDED);
			assertThat(job.result(String.class)).contains("JOB-" + i);
			assertThat(job.priority()).isEqualTo(i % 3);
		}
		ids.forEach((id) -> awaitStatus(taskFlow, id, JobStatus.SUCCEEDED));
	}

	@Test
	void dueTimesAndDelaysAtTheLimitsOfARequestAreStored() {
		TaskFlow taskFlow = startNode("spring.taskflow.worker.enabled=false").taskFlow();
		Instant longestDue = Instant.now().plus(JobRequest.MAX_DELAY).minus(Duration.ofDays(1));
		// one job and a batch: PostgreSQL binds a batch as arrays of microseconds
		JobId latest = taskFlow.enqueue(JobRequest.of("noop").runAt(JobRequest.LATEST_RUN_AT));
		JobId longest = taskFlow.enqueue(JobRequest.of("noop").delay(JobRequest.MAX_DELAY));
		List<JobId> batch = taskFlow.enqueueAll(List.of(JobRequest.of("noop").runAt(JobRequest.LATEST_RUN_AT),
				JobRequest.of("noop").delay(JobRequest.MAX_DELAY),
				JobRequest.of("noop").runAt(JobRequest.EARLIEST_RUN_AT)));
		assertThat(taskFlow.find(latest).orElseThrow().runAt()).isEqualTo(JobRequest.LATEST_RUN_AT);
		assertThat(taskFlow.find(longest).orElseThrow().runAt()).isAfter(longestDue);
		assertThat(taskFlow.find(batch.get(0)).orElseThrow().runAt()).isEqualTo(JobRequest.LATEST_RUN_AT);
		assertThat(taskFlow.find(batch.get(1)).orElseThrow().runAt()).isAfter(longestDue);
		assertThat(taskFlow.find(batch.get(2)).orElseThrow().runAt()).isEqualTo(JobRequest.EARLIEST_RUN_AT);
	}

	@Test
	void jobEnqueuedInATransactionExistsOnlyWhenItCommits() {
		TestNode node = startNode("spring.taskflow.worker.enabled=false");
		TaskFlow taskFlow = node.taskFlow();
		// JPA is on the test class path: this is a JpaTransactionManager, as in most
		// applications
		TransactionTemplate transaction = new TransactionTemplate(
				node.context().getBean(PlatformTransactionManager.class));
		List<JobId> rolledBack = new ArrayList<>();
		transaction.executeWithoutResult((status) -> {
			rolledBack.add(taskFlow.enqueue("noop", null));
			assertThat(taskFlow.find(rolledBack.get(0))).isPresent();
			status.setRollbackOnly();
		});
		assertThat(taskFlow.find(rolledBack.get(0))).isEmpty();
		JobId committed = transaction.execute((status) -> taskFlow.enqueue("noop", null));
		assertThat(taskFlow.find(committed)).map(JobView::status).contains(JobStatus.PENDING);
	}

	@Test
	void uniqueKeyCreatesNothingWhileItsJobIsActiveAndIsFreeOnceItFinished() {
		TestNode node = startNode();
		TaskFlow taskFlow = node.taskFlow();
		JobRequest request = JobRequest.of("noop").uniqueKey("welcome-42").delay(Duration.ofSeconds(2));
		JobId first = taskFlow.enqueue(request);
		assertThat(taskFlow.enqueue(request)).isEqualTo(first);
		List<JobId> batch = taskFlow.enqueueAll(List.of(request, JobRequest.of("noop").uniqueKey("other-7"),
				JobRequest.of("noop").uniqueKey("other-7")));
		assertThat(batch.get(0)).isEqualTo(first);
		assertThat(batch.get(1)).isEqualTo(batch.get(2)).isNotEqualTo(first);
		awaitStatus(taskFlow, first, JobStatus.SUCCEEDED);
		JobId second = taskFlow.enqueue(JobRequest.of("noop").uniqueKey("welcome-42"));
		assertThat(second).isNotEqualTo(first);
		awaitStatus(taskFlow, second, JobStatus.SUCCEEDED);
		Integer count = node.jdbc().queryForObject("SELECT COUNT(*) FROM taskflow_job", Integer.class);
		assertThat(count).isEqualTo(3);
	}

	@Test
	void enqueueingAnUnknownHandlerFailsAndListsTheKnownOnes() {
		TaskFlow taskFlow = startNode().taskFlow();
		assertThatExceptionOfType(UnknownHandlerException.class).isThrownBy(() -> taskFlow.enqueue("email.sned", "x"))
			.withMessageContaining("'email.sned'")
			.withMessageContaining("order.price")
			.withMessageContaining("spring.taskflow.enqueue.validate-handlers=false");
	}

	@Test
	void nodeNeverClaimsAJobWhoseHandlerItLacks() {
		TestNode node = startNode("spring.taskflow.enqueue.validate-handlers=false");
		JobId foreign = node.taskFlow().enqueue("other.service.handler", "x");
		JobId own = node.taskFlow().enqueue("noop", null);
		awaitStatus(node.taskFlow(), own, JobStatus.SUCCEEDED);
		JobView job = node.taskFlow().find(foreign).orElseThrow();
		assertThat(job.status()).isEqualTo(JobStatus.PENDING);
		assertThat(job.attempt()).isZero();
		assertThat(job.maxAttempts()).isEqualTo(3);
	}

	@Test
	void failingJobIsRetriedWithBackoffThenFailsWithItsError() {
		TaskFlow taskFlow = startNode().taskFlow();
		JobId id = taskFlow.enqueue("always.fail", null);
		JobView job = awaitStatus(taskFlow, id, JobStatus.FAILED);
		assertThat(job.attempt()).isEqualTo(3);
		assertThat(job.maxAttempts()).isEqualTo(3);
		assertThat(job.lastError()).isEqualTo("java.lang.IllegalStateException: boom");
		assertThat(job.finishedAt()).isNotNull();
	}

	@Test
	void flakyJobSucceedsOnALaterAttempt() {
		TaskFlow taskFlow = startNode().taskFlow();
		JobId id = taskFlow.enqueue(JobRequest.of("flaky").maxAttempts(5));
		JobView job = awaitStatus(taskFlow, id, JobStatus.SUCCEEDED);
		assertThat(job.attempt()).isEqualTo(3);
		assertThat(job.result(String.class)).contains("ok on 3");
		assertThat(job.lastError()).contains("flaky attempt 2");
	}

	@Test
	void maxAttemptsOfTheRequestWinsOverTheHandlerPolicy() {
		TaskFlow taskFlow = startNode().taskFlow();
		JobId id = taskFlow.enqueue(JobRequest.of("always.fail").maxAttempts(1));
		assertThat(awaitStatus(taskFlow, id, JobStatus.FAILED).attempt()).isEqualTo(1);
	}

	@Test
	void handlerPropertiesWinOverTheDefaults() {
		TaskFlow taskFlow = startNode("spring.taskflow.handlers[always.fail].retry.max-attempts=2").taskFlow();
		JobId id = taskFlow.enqueue("always.fail", null);
		JobView job = awaitStatus(taskFlow, id, JobStatus.FAILED);
		assertThat(job.maxAttempts()).isEqualTo(2);
		assertThat(job.attempt()).isEqualTo(2);
	}

	@Test
	void nonRetryableExceptionFailsTheJobAtOnce() {
		TaskFlow taskFlow = startNode().taskFlow();
		JobView job = awaitStatus(taskFlow, taskFlow.enqueue("poison", null), JobStatus.FAILED);
		assertThat(job.attempt()).isEqualTo(1);
		assertThat(job.lastError()).isEqualTo("dev.taskflow.NonRetryableException: cannot ever work");
	}

	@Test
	void excludedExceptionTypeFailsTheJobAtOnce() {
		TaskFlow taskFlow = startNode().taskFlow();
		JobView job = awaitStatus(taskFlow, taskFlow.enqueue("reject.argument", null), JobStatus.FAILED);
		assertThat(job.attempt()).isEqualTo(1);
		assertThat(job.lastError()).startsWith("java.lang.IllegalArgumentException: bad argument");
	}

	@Test
	void unreadablePayloadIsRefusedAtEnqueueAndOneStoredAnywayFailsAtOnceNamingHandlerAndType() {
		TestNode node = startNode();
		TaskFlow taskFlow = node.taskFlow();
		assertThatIllegalArgumentException().isThrownBy(() -> taskFlow.enqueue("order.price", List.of("not", "an")))
			.withMessageStartingWith("The payload of a job for handler 'order.price' does not read as its parameter"
					+ " type " + TestHandlers.Order.class.getTypeName());
		// stored by another version of the application, or by SQL: what this node's
		// handler cannot read
		String queue = "unreadable-" + UUID.randomUUID();
		JobId id = taskFlow.enqueue(
				JobRequest.of("order.price", new TestHandlers.Order("o-1", 1)).queue(queue).delay(Duration.ofHours(1)));
		String unreadable = (database() == TestDatabase.POSTGRESQL) ? "CAST(? AS JSONB)" : "?";
		node.jdbc()
			.update("UPDATE taskflow_job SET payload = " + unreadable + ", run_at = created_at WHERE queue = ?",
					"[\"not\", \"an\", \"order\"]", queue);
		JobView job = awaitStatus(taskFlow, id, JobStatus.FAILED);
		assertThat(job.attempt()).isEqualTo(1);
		assertThat(job.lastError()).startsWith("Handler 'order.price' expects a payload of type "
				+ TestHandlers.Order.class.getTypeName() + " but the stored payload could not be read: ");
	}

	@Test
	void attemptThatOverrunsItsTimeoutIsInterruptedAndFails() {
		TaskFlow taskFlow = startNode().taskFlow();
		JobId id = taskFlow.enqueue("slow", null);
		JobView job = awaitStatus(taskFlow, id, JobStatus.FAILED);
		assertThat(job.lastError()).contains("dev.taskflow.TaskTimeoutException")
			.contains("exceeded its timeout of 300 ms");
		assertThat(Duration.between(job.startedAt(), job.finishedAt())).isLessThan(Duration.ofSeconds(10));
	}

	@Test
	void pendingJobCanBeCancelledAndFailedOrCancelledJobsRetried() {
		TaskFlow taskFlow = startNode().taskFlow();
		JobId delayed = taskFlow.enqueue(JobRequest.of("noop").delay(Duration.ofHours(1)));
		assertThat(taskFlow.cancel(delayed)).isTrue();
		assertThat(taskFlow.cancel(delayed)).isFalse();
		assertThat(taskFlow.find(delayed)).map(JobView::status).contains(JobStatus.CANCELLED);
		assertThat(taskFlow.retry(delayed)).isTrue();
		awaitStatus(taskFlow, delayed, JobStatus.SUCCEEDED);
		assertThat(taskFlow.retry(delayed)).isFalse();
		JobId failed = taskFlow.enqueue(JobRequest.of("always.fail").maxAttempts(1));
		awaitStatus(taskFlow, failed, JobStatus.FAILED);
		assertThat(taskFlow.retry(failed)).isTrue();
		// attempt numbers go on, with a fresh budget of the handler's 3 attempts
		JobView again = Awaitility.await()
			.atMost(TIMEOUT)
			.until(() -> taskFlow.find(failed).orElseThrow(), (job) -> job.status() == JobStatus.FAILED);
		assertThat(again.attempt()).isEqualTo(4);
		assertThat(again.maxAttempts()).isEqualTo(4);
	}

	@Test
	void finishedJobsDeletedByAQueryAreGoneForGood() throws Exception {
		TestNode node = startNode();
		assertPoolAutoCommitIsAsTheSuiteSays(node);
		TaskFlow taskFlow = node.taskFlow();
		List<JobId> ids = taskFlow.enqueueAll(List.of(JobRequest.of("noop"), JobRequest.of("noop")));
		ids.forEach((id) -> awaitStatus(taskFlow, id, JobStatus.SUCCEEDED));
		JobId pending = taskFlow.enqueue(JobRequest.of("noop").delay(Duration.ofHours(1)));
		int deleted = taskFlow.jobs()
			.deleteAll(JobQuery.all().status(JobStatus.SUCCEEDED).finishedBefore(Instant.now().plusSeconds(60)));
		assertThat(deleted).isEqualTo(2);
		// read on a connection of the test's own: the delete was committed, not rolled
		// back when its connection went back to the pool
		assertThat(node.jdbc().queryForObject("SELECT COUNT(*) FROM taskflow_job", Integer.class)).isOne();
		assertThat(node.jdbc().queryForObject("SELECT COUNT(*) FROM taskflow_attempt", Integer.class)).isZero();
		assertThat(taskFlow.find(pending)).isPresent();
		assertThat(taskFlow.find(ids.get(0))).isEmpty();
	}

	// a variant with auto-commit off must really have it off, or it tests nothing more
	private void assertPoolAutoCommitIsAsTheSuiteSays(TestNode node) throws Exception {
		boolean autoCommitOff = List.of(nodeProperties()).contains("spring.datasource.hikari.auto-commit=false");
		try (Connection connection = node.context().getBean(DataSource.class).getConnection()) {
			assertThat(connection.getAutoCommit()).as("auto-commit of the node's pool").isEqualTo(!autoCommitOff);
		}
	}

	@Test
	void delayedJobRunsOnlyOnceItIsDue() {
		TaskFlow taskFlow = startNode().taskFlow();
		JobId id = taskFlow.enqueue(JobRequest.of("noop").delay(Duration.ofMillis(1500)));
		JobView pending = taskFlow.find(id).orElseThrow();
		assertThat(pending.status()).isEqualTo(JobStatus.PENDING);
		JobView job = awaitStatus(taskFlow, id, JobStatus.SUCCEEDED);
		assertThat(job.startedAt()).isAfterOrEqualTo(job.runAt());
		assertThat(Duration.between(job.createdAt(), job.startedAt())).isGreaterThanOrEqualTo(Duration.ofMillis(1400));
	}

	@Test
	void jobDueAtAnInstantKeepsThatInstant() {
		TaskFlow taskFlow = startNode().taskFlow();
		Instant runAt = Instant.parse("2099-01-02T03:04:05.123456Z");
		JobId id = taskFlow.enqueue(JobRequest.of("noop").runAt(runAt));
		assertThat(taskFlow.find(id).orElseThrow().runAt()).isEqualTo(runAt);
	}

	@Test
	void zombieAttemptThatFinishesAfterItsJobWasRescuedIsRejected() {
		assertZombieAttemptIsRejected("gated");
	}

	@Test
	void zombieAttemptWithoutResultIsRejectedToo() {
		assertZombieAttemptIsRejected("gated.silent");
	}

	private void assertZombieAttemptIsRejected(String handler) {
		TestNode node = startNode("spring.taskflow.worker.lease=3s", "spring.taskflow.worker.heartbeat-interval=200ms",
				"spring.taskflow.workflow.cancel-grace=2s");
		TaskFlow taskFlow = node.taskFlow();
		JobId id = taskFlow.enqueue(handler, null);
		Awaitility.await().atMost(TIMEOUT).until(() -> TestHandlers.running.get() == 1);
		// the node stalls past its lease, as in a long GC pause: its lease runs out, the
		// job is rescued and the same node claims it again
		node.jdbc().update("UPDATE taskflow_job SET lease_until = created_at WHERE status = 'RUNNING'");
		Awaitility.await()
			.atMost(TIMEOUT)
			.until(() -> taskFlow.find(id).orElseThrow(),
					(job) -> job.status() == JobStatus.RUNNING && job.attempt() == 2);
		// attempt 2 waits while the zombie attempt still runs on this node; the zombie,
		// asked to stop, is interrupted after the grace (its gate never opens)
		Awaitility.await()
			.during(Duration.ofMillis(500))
			.atMost(Duration.ofSeconds(10))
			.until(() -> TestHandlers.executions.get(id.value()).get() == 1);
		JobView job = awaitStatus(taskFlow, id, JobStatus.SUCCEEDED);
		Awaitility.await()
			.atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(node.worker()).extracting("held")
				.asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
				.isEmpty());
		// the zombie's outcome was rejected: the job holds attempt 2's
		assertThat(job.attempt()).isEqualTo(2);
		assertThat(TestHandlers.executions.get(id.value())).hasValue(2);
		if (handler.equals("gated")) {
			assertThat(job.result(String.class)).hasValue("attempt 2");
		}
		TestHandlers.gate.countDown();
		assertThat(taskFlow.find(id).orElseThrow().finishedAt()).isEqualTo(job.finishedAt());
	}

	@Test
	void heartbeatKeepsTheLeaseOfAJobThatRunsLongerThanTheLease() {
		TestNode node = startNode("spring.taskflow.worker.lease=1s", "spring.taskflow.worker.heartbeat-interval=200ms");
		TaskFlow taskFlow = node.taskFlow();
		JobId id = taskFlow.enqueue("gated", null);
		Awaitility.await().atMost(TIMEOUT).until(() -> TestHandlers.running.get() == 1);
		Awaitility.await()
			.during(Duration.ofMillis(2500))
			.atMost(Duration.ofSeconds(10))
			.until(() -> taskFlow.find(id).orElseThrow(),
					(job) -> job.status() == JobStatus.RUNNING && job.attempt() == 1);
		TestHandlers.gate.countDown();
		JobView job = awaitStatus(taskFlow, id, JobStatus.SUCCEEDED);
		assertThat(job.attempt()).isEqualTo(1);
		assertThat(job.result(String.class)).contains("first attempt");
	}

	@Test
	void nodeTellsWhichOfItsLoopsHasStopped() {
		TestNode node = startNode();
		assertThat(node.worker().stoppedLoops()).isEmpty();
		node.worker().stopOutcomeWriterForTests();
		Awaitility.await().atMost(TIMEOUT).until(() -> node.worker().stoppedLoops(), (stopped) -> !stopped.isEmpty());
		assertThat(node.worker().stoppedLoops()).containsExactly("outcome writer");
	}

	@Test
	void leasesAreRenewedWhileTheNodesOtherHousekeepingIsStuck() throws Exception {
		TestNode node = startNode("spring.taskflow.worker.lease=1s", "spring.taskflow.worker.heartbeat-interval=200ms");
		TaskFlow taskFlow = node.taskFlow();
		JobId id = taskFlow.enqueue("gated", null);
		Awaitility.await().atMost(TIMEOUT).until(() -> TestHandlers.running.get() == 1);
		// another session holds the node's row: its heartbeat (and whatever shares its
		// thread) waits for three leases, as behind any slow query
		try (Connection blocker = node.connect()) {
			blocker.setAutoCommit(false);
			try (Statement statement = blocker.createStatement()) {
				statement.executeQuery("SELECT id FROM taskflow_node FOR UPDATE").close();
			}
			Awaitility.await()
				.during(Duration.ofSeconds(3))
				.atMost(Duration.ofSeconds(10))
				.until(() -> taskFlow.find(id).orElseThrow(),
						(job) -> job.status() == JobStatus.RUNNING && job.attempt() == 1);
			blocker.rollback();
		}
		TestHandlers.gate.countDown();
		JobView job = awaitStatus(taskFlow, id, JobStatus.SUCCEEDED);
		assertThat(job.attempt()).isEqualTo(1);
		assertThat(TestHandlers.executions.get(id.value())).hasValue(1);
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void waitingJobsCheckThatCannotReadTheJobTableGivesUpAfterItsTimeoutAndRunsAgain(CapturedOutput output)
			throws Exception {
		String lock = switch (database()) {
			case POSTGRESQL -> "LOCK TABLE taskflow_job IN ACCESS EXCLUSIVE MODE";
			case MARIADB -> "LOCK TABLES taskflow_job WRITE";
			case H2 -> null;
		};
		Assumptions.assumeTrue(lock != null, "a read on H2 never waits for a lock");
		TestNode node = startNode("spring.taskflow.enqueue.validate-handlers=false",
				"logging.level.dev.taskflow.engine.WaitingJobsCheck=debug");
		// due for five minutes: reported once the check can read it
		node.taskFlow().enqueue(JobRequest.of("retired.handler").runAt(Instant.now().minus(Duration.ofMinutes(5))));
		node.worker().stop();
		node.worker().setWaitingJobsCheck(Duration.ofMillis(300), Duration.ofSeconds(1));
		node.worker().start();
		try (Connection blocker = node.connect()) {
			blocker.setAutoCommit(false);
			try (Statement statement = blocker.createStatement()) {
				statement.execute(lock);
			}
			// the scan waits for the lock, is cut off after a second, and the next scan
			// comes: twice while the table is still locked
			Awaitility.await()
				.atMost(Duration.ofSeconds(8))
				.until(() -> output.toString().split("look for jobs waiting for a handler", -1).length > 2);
			blocker.rollback();
		}
		Awaitility.await()
			.atMost(TIMEOUT)
			.until(() -> output.toString().contains("1 job(s) of handler 'retired.handler' are due but wait"));
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void housekeepingThatCannotReadTheJobTableKeepsTheNodeAliveAndRescuesOnceItCan(CapturedOutput output)
			throws Exception {
		String lock = switch (database()) {
			case POSTGRESQL -> "LOCK TABLE taskflow_job IN ACCESS EXCLUSIVE MODE";
			case MARIADB -> "LOCK TABLES taskflow_job WRITE";
			case H2 -> null;
		};
		Assumptions.assumeTrue(lock != null, "a read on H2 never waits for a lock");
		// each housekeeping statement may take (4 s - 0.5 s) / 2, rounded up: 2 s
		TestNode node = startNode("spring.taskflow.worker.lease=4s", "spring.taskflow.worker.heartbeat-interval=500ms");
		TaskFlow taskFlow = node.taskFlow();
		String nodeId = node.worker().nodeId();
		try (Connection blocker = node.connect()) {
			blocker.setAutoCommit(false);
			try (Statement statement = blocker.createStatement()) {
				statement.execute(lock);
			}
			// the rescue waits for the lock and is cut off; the node's heartbeat goes on
			// between rescues, so the node never looks dead: for longer than its lease
			Awaitility.await()
				.during(Duration.ofSeconds(5))
				.atMost(Duration.ofSeconds(12))
				.until(() -> heartbeatAge(taskFlow, nodeId).compareTo(Duration.ofSeconds(4)) < 0);
			blocker.rollback();
		}
		assertThat(output).contains("TaskFlow could not renew its node's heartbeat and rescue expired jobs");
		Awaitility.await()
			.atMost(TIMEOUT)
			.until(() -> output.toString()
				.contains("TaskFlow can renew its node's heartbeat and rescue expired jobs again"));
		JobId id = taskFlow.enqueue("noop", null);
		awaitStatus(taskFlow, id, JobStatus.SUCCEEDED);
	}

	private static Duration heartbeatAge(TaskFlow taskFlow, String nodeId) {
		Instant heartbeat = taskFlow.nodes()
			.stream()
			.filter((view) -> view.id().equals(nodeId))
			.findFirst()
			.orElseThrow(() -> new AssertionError("node " + nodeId + " was removed as dead"))
			.heartbeatAt();
		return Duration.between(heartbeat, Instant.now());
	}

	@Test
	void prefetchedJobWhoseLeaseRanOutWhileTheNodeWasCutOffIsNotStartedByItButReleased() {
		TestNode node = startNode("spring.taskflow.worker.threads=1", "spring.taskflow.worker.prefetch=1",
				"spring.taskflow.worker.lease=1s", "spring.taskflow.worker.heartbeat-interval=200ms");
		TaskFlow taskFlow = node.taskFlow();
		JobId running = taskFlow.enqueue("gated", null);
		Awaitility.await().atMost(TIMEOUT).until(() -> TestHandlers.running.get() == 1);
		// its only attempt: a rescue of the attempt that never started would fail it
		JobId waiting = taskFlow.enqueue(JobRequest.of("gated").maxAttempts(1));
		Awaitility.await()
			.atMost(TIMEOUT)
			.until(() -> taskFlow.find(waiting).orElseThrow().status() == JobStatus.RUNNING);
		// cut off: no lease is extended, so the prefetched job's lease runs out before it
		// could start
		node.worker().suspendHeartbeats(true);
		Awaitility.await()
			.pollDelay(Duration.ofMillis(1200))
			.atMost(TIMEOUT)
			.until(() -> taskFlow.find(waiting).orElseThrow().status() == JobStatus.RUNNING);
		TestHandlers.gate.countDown();
		JobView job = awaitStatus(taskFlow, waiting, JobStatus.SUCCEEDED);
		node.worker().suspendHeartbeats(false);
		// it was not started under the attempt whose lease had run out: released at once,
		// that attempt's number given back, it ran once, as attempt 1 of 1
		assertThat(TestHandlers.executionLog).filteredOn((entry) -> entry.startsWith(waiting.toString()))
			.singleElement()
			.asString()
			.startsWith(waiting + ":1@");
		assertThat(job.attempt()).isEqualTo(1);
		awaitStatus(taskFlow, running, JobStatus.SUCCEEDED);
	}

	@Test
	void higherPriorityJobsAreClaimedFirst() {
		TestNode producer = startNode("spring.taskflow.worker.enabled=false");
		List<JobRequest> requests = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			requests.add(JobRequest.of("count").priority(1));
		}
		requests.add(JobRequest.of("count").priority(9));
		requests.add(JobRequest.of("count").priority(-3));
		List<JobId> ids = producer.taskFlow().enqueueAll(requests);
		startNode("spring.taskflow.worker.threads=1");
		Awaitility.await().atMost(TIMEOUT).until(() -> TestHandlers.executionLog.size() == requests.size());
		assertThat(TestHandlers.executionLog.get(0)).as("order %s of %s", TestHandlers.executionLog, ids)
			.startsWith(ids.get(5).toString());
		assertThat(TestHandlers.executionLog.get(requests.size() - 1)).startsWith(ids.get(6).toString());
	}

	@Test
	void nodeClaimsAgainAsSoonAsItsBacklogOfOutcomesIsWritten() throws Exception {
		// with a check interval of an hour, only the written backlog can wake the node
		TestNode node = startNode("spring.taskflow.worker.backpressure.check-interval=1h");
		TaskFlow taskFlow = node.taskFlow();
		JobId gated = taskFlow.enqueue("gated", null);
		Awaitility.await().atMost(TIMEOUT).until(() -> TestHandlers.running.get() == 1);
		CompletionBuffer completions = (CompletionBuffer) ReflectionTestUtils.getField(node.worker(), "completions");
		int jobs = CompletionBuffer.MAX_UNWRITTEN + 2000;
		try (Connection blocker = node.connect()) {
			blocker.setAutoCommit(false);
			try (Statement statement = blocker.createStatement()) {
				// the outcome writer waits for this row: every outcome after the gated
				// job's queues up behind it
				statement.executeQuery("SELECT id FROM taskflow_job WHERE id = '" + gated + "' FOR UPDATE").close();
			}
			TestHandlers.gate.countDown();
			List<JobRequest> requests = new ArrayList<>();
			for (int i = 0; i < jobs; i++) {
				requests.add(JobRequest.of("count"));
			}
			taskFlow.enqueueAll(requests);
			Awaitility.await().atMost(TIMEOUT).until(completions::isBackedUp);
			blocker.rollback();
		}
		Awaitility.await()
			.atMost(TIMEOUT)
			.until(() -> node.jdbc()
				.queryForObject("SELECT COUNT(*) FROM taskflow_job WHERE status = 'SUCCEEDED'",
						Integer.class) == jobs + 1);
	}

	@Test
	void stoppingNodeReleasesPrefetchedJobsThatNeverStarted() {
		TestNode node = startNode("spring.taskflow.shutdown.await=200ms", "spring.taskflow.worker.threads=1",
				"spring.taskflow.worker.prefetch=5");
		List<JobId> ids = node.taskFlow()
			.enqueueAll(List.of(JobRequest.of("gated"), JobRequest.of("gated"), JobRequest.of("gated")));
		Awaitility.await().atMost(TIMEOUT).until(() -> TestHandlers.running.get() == 1);
		assertThat(
				node.jdbc().queryForObject("SELECT COUNT(*) FROM taskflow_job WHERE status = 'RUNNING'", Integer.class))
			.isEqualTo(3);
		node.close();
		TestHandlers.gate.countDown();
		TestNode other = startNode();
		List<String> attempts = new ArrayList<>();
		for (JobId id : ids) {
			JobView job = awaitStatus(other.taskFlow(), id, JobStatus.SUCCEEDED);
			attempts.add(job.attempt() + "/" + job.maxAttempts());
		}
		// the two that never started gave their attempt numbers back; the interrupted one
		// kept its number and got one attempt more
		assertThat(attempts).containsExactlyInAnyOrder("1/3", "1/3", "2/4");
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void claimThatCompletesAfterTheNodeStoppedIsReleasedAtOnce(CapturedOutput output) throws Exception {
		// the job must come through the claim held open, not start at its enqueue
		TestNode node = this.nodes.start(List.of(ClaimHolding.class), null,
				"spring.taskflow.worker.direct-start=false");
		// the stop waits that long for the claim in progress, then goes on without it
		node.worker().setDispatcherJoin(Duration.ofMillis(100));
		ClaimHolding.arm();
		assertThat(ClaimHolding.held.await(30, TimeUnit.SECONDS)).isTrue();
		JobId id = node.taskFlow().enqueue("count", null);
		Thread dispatcher = (Thread) ReflectionTestUtils.getField(node.worker(), "dispatcherThread");
		node.worker().stop();
		assertThat(dispatcher.isAlive()).as("dispatcher still in its claim when the node stopped").isTrue();
		ClaimHolding.release.countDown();
		// the claim takes the job for a node whose workers are gone
		dispatcher.join(Duration.ofSeconds(30).toMillis());
		assertThat(dispatcher.isAlive()).isFalse();
		assertThat(output).contains("could not hand job " + id + " to a worker");
		// given back at once, its attempt not counted: not left RUNNING until its lease
		// of 30 s runs out
		String state = node.jdbc()
			.queryForObject("SELECT status, attempt, owner_node FROM taskflow_job WHERE id = '" + id + "'",
					(rs, row) -> rs.getString(1) + " " + rs.getInt(2) + " " + rs.getString(3));
		assertThat(state).isEqualTo("PENDING 0 null");
		assertThat(TestHandlers.executions).doesNotContainKey(id.value());
	}

	@Test
	void stoppingNodeReleasesRunningJobsAtOnce() {
		TestNode node = startNode("spring.taskflow.shutdown.await=200ms");
		JobId id = node.taskFlow().enqueue("gated", null);
		Awaitility.await().atMost(TIMEOUT).until(() -> TestHandlers.running.get() == 1);
		node.close();
		TestHandlers.gate.countDown();
		TestNode other = startNode();
		assertThat(other.jdbc().queryForObject("SELECT status FROM taskflow_job", String.class)).isIn("PENDING",
				"RUNNING", "SUCCEEDED");
		JobView job = awaitStatus(other.taskFlow(), id, JobStatus.SUCCEEDED);
		// the interrupted attempt was released, not failed: it does not count against the
		// budget, yet its number is never handed out twice
		assertThat(job.attempt()).isEqualTo(2);
		assertThat(job.maxAttempts()).isEqualTo(4);
		assertThat(job.lastError()).isNull();
		assertThat(TestHandlers.executions.get(id.value())).hasValue(2);
	}

	protected static JobView awaitStatus(TaskFlow taskFlow, JobId id, JobStatus status) {
		return Awaitility.await()
			.atMost(TIMEOUT)
			.pollInterval(Duration.ofMillis(20))
			.until(() -> taskFlow.find(id).orElseThrow(), (job) -> job.status() == status);
	}

}
