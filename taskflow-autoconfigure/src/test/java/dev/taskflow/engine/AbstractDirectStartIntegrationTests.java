package dev.taskflow.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.taskflow.JobId;
import dev.taskflow.JobRequest;
import dev.taskflow.JobStatus;
import dev.taskflow.JobView;
import dev.taskflow.TaskFlow;
import dev.taskflow.store.ClaimedJob;
import dev.taskflow.store.JobStore;
import dev.taskflow.store.NewJob;
import dev.taskflow.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job enqueued on a node with an idle thread starts at once, inserted already running
 * (the insert is its claim, so its start and creation are the same instant of the
 * database's clock), and only where a claim would have taken it at once anyway: never in
 * the caller's transaction, never past a paused queue, a limit or a busy pool. Run
 * against each database by a subclass.
 *
 * @author TaskFlow
 */
abstract class AbstractDirectStartIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private TestNodes nodes;

	protected abstract TestDatabase database();

	@BeforeEach
	void prepareNodes() {
		this.nodes = new TestNodes(database());
	}

	@AfterEach
	void stopNodes() {
		if (this.nodes != null) {
			this.nodes.close();
		}
	}

	@Test
	void jobEnqueuedOnAnIdleNodeStartsInItsInsertWithoutAClaim() {
		TaskFlow taskFlow = warmNode().taskFlow();
		JobId id = taskFlow.enqueue(JobRequest.of("order.price", new TestHandlers.Order("o-7", 5)));
		JobView job = awaitStatus(taskFlow, id, JobStatus.SUCCEEDED);
		assertThat(job.startedAt()).isEqualTo(job.createdAt());
		assertThat(job.attempt()).isEqualTo(1);
		assertThat(job.result(TestHandlers.Receipt.class)).map(TestHandlers.Receipt::attemptId).contains(id + ":1");
		assertThat(taskFlow.attempts(id)).singleElement().satisfies((attempt) -> assertThat(attempt.attempt()).isOne());
	}

	@Test
	void everyJobStartedDirectlyStartsWhenItIsCreated() {
		// one reading of the clock for both: PostgreSQL's clock moved between two
		// readings in one insert for about one job in thirty
		TaskFlow taskFlow = warmNode().taskFlow();
		for (int i = 0; i < 100; i++) {
			JobView job = awaitStatus(taskFlow, taskFlow.enqueue("noop", null), JobStatus.SUCCEEDED);
			assertThat(job.startedAt()).as("job %d", i).isEqualTo(job.createdAt());
		}
	}

	@Test
	void withDirectStartOffAJobWaitsForItsClaim() {
		TaskFlow taskFlow = warmNode("spring.taskflow.worker.direct-start=false").taskFlow();
		JobId id = taskFlow.enqueue("noop", null);
		JobView job = awaitStatus(taskFlow, id, JobStatus.SUCCEEDED);
		assertThat(job.startedAt()).isAfter(job.createdAt());
	}

	@Test
	void jobEnqueuedInATransactionStartsOnlyOnceItCommitsThroughAClaim() {
		TestNode node = warmNode();
		TaskFlow taskFlow = node.taskFlow();
		TransactionTemplate transaction = new TransactionTemplate(
				node.context().getBean(PlatformTransactionManager.class));
		List<JobId> rolledBack = new ArrayList<>();
		transaction.executeWithoutResult((status) -> {
			rolledBack.add(taskFlow.enqueue("count", null));
			status.setRollbackOnly();
		});
		JobId committed = transaction.execute((status) -> taskFlow.enqueue("noop", null));
		JobView job = awaitStatus(taskFlow, committed, JobStatus.SUCCEEDED);
		assertThat(job.startedAt()).isAfter(job.createdAt());
		assertThat(taskFlow.find(rolledBack.get(0))).isEmpty();
		assertThat(TestHandlers.executions).doesNotContainKey(rolledBack.get(0).value());
	}

	@Test
	void jobOfAPausedQueueWaitsForTheResumeOnAnIdleNode() {
		TaskFlow taskFlow = warmNode().taskFlow();
		assertThat(taskFlow.queues().pause("reports")).isTrue();
		JobId id = taskFlow.enqueue(JobRequest.of("noop").queue("reports"));
		await().during(Duration.ofMillis(500))
			.atMost(Duration.ofSeconds(5))
			.until(() -> taskFlow.find(id).map(JobView::status).orElseThrow() == JobStatus.PENDING);
		assertThat(taskFlow.queues().resume("reports")).isTrue();
		JobView job = awaitStatus(taskFlow, id, JobStatus.SUCCEEDED);
		assertThat(job.startedAt()).isAfter(job.createdAt());
	}

	@Test
	void jobBeyondTheIdleThreadsWaitsForAClaim() {
		TaskFlow taskFlow = warmNode("spring.taskflow.worker.threads=1").taskFlow();
		JobId first = taskFlow.enqueue("gated", null);
		await().until(() -> TestHandlers.running.get() == 1);
		JobId second = taskFlow.enqueue("noop", null);
		await().during(Duration.ofMillis(300))
			.atMost(Duration.ofSeconds(5))
			.until(() -> taskFlow.find(second).map(JobView::status).orElseThrow() != JobStatus.SUCCEEDED);
		TestHandlers.gate.countDown();
		assertThat(awaitStatus(taskFlow, first, JobStatus.SUCCEEDED).startedAt())
			.isEqualTo(taskFlow.find(first).orElseThrow().createdAt());
		JobView waited = awaitStatus(taskFlow, second, JobStatus.SUCCEEDED);
		assertThat(waited.startedAt()).isAfter(waited.createdAt());
	}

	@Test
	void jobOfALimitedHandlerStartsThroughItsClaim() {
		TaskFlow taskFlow = warmNode("spring.taskflow.handlers[text.upper].concurrency.per-node=1").taskFlow();
		JobId id = taskFlow.enqueue("text.upper", "limited");
		JobView job = awaitStatus(taskFlow, id, JobStatus.SUCCEEDED);
		assertThat(job.startedAt()).isAfter(job.createdAt());
		assertThat(job.result(String.class)).contains("LIMITED");
	}

	@Test
	void jobInsertedToStartOnANodeThatStoppedMeanwhileGoesBackAtOnce() {
		TestNode node = warmNode();
		DirectStart.Slot slot = node.worker().directStart().reserve("noop", JobRequest.DEFAULT_QUEUE);
		assertThat(slot).isNotNull();
		// the node stops between the thread taken and the insert's commit
		node.worker().stop();
		NewJob job = new NewJob(JobIds.next(), "noop", JobRequest.DEFAULT_QUEUE, 0, null, 0, 3, null, null, null, null,
				null);
		long insertSent = System.nanoTime();
		assertThat(node.context().getBean(JobStore.class).insertRunning(job, slot.nodeId(), slot.lease())).isTrue();
		slot.start(new ClaimedJob(job.id(), "noop", JobRequest.DEFAULT_QUEUE, 1, 3, null, 0, Instant.now(), null, null,
				null, null, null), insertSent);
		// given back for any node, its attempt not counted: not left running until its
		// lease runs out
		String state = node.jdbc()
			.queryForObject("SELECT status, attempt, owner_node FROM taskflow_job WHERE id = '" + job.id() + "'",
					(rs, row) -> rs.getString(1) + " " + rs.getInt(2) + " " + rs.getString(3));
		assertThat(state).isEqualTo("PENDING 0 null");
	}

	// a node's first claim tells it whether due jobs wait (a backlog): until it has
	// claimed once and found fewer than it could take, every job waits for a claim
	protected TestNode warmNode(String... properties) {
		TestNode node = this.nodes.start(properties);
		JobId first = node.taskFlow().enqueue("noop", null);
		awaitStatus(node.taskFlow(), first, JobStatus.SUCCEEDED);
		return node;
	}

	private static ConditionFactory await() {
		return Awaitility.await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(20));
	}

	protected static JobView awaitStatus(TaskFlow taskFlow, JobId id, JobStatus status) {
		return await().until(() -> taskFlow.find(id).orElseThrow(), (job) -> job.status() == status);
	}

}
