package dev.taskflow.engine;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
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
 * Names and keys compare exactly on every database, as they do in Java: handler names,
 * queue names and concurrency keys that differ only in case are different. Run against
 * each supported database by a subclass (MariaDB's default collations ignore case).
 *
 * @author TaskFlow
 */
abstract class AbstractExactNamesIntegrationTests {

	private TestNodes nodes;

	protected abstract TestDatabase database();

	@BeforeEach
	void prepareDatabase() {
		this.nodes = new TestNodes(database());
	}

	@AfterEach
	void stopNodes() {
		// null when the database is unreachable and the test was skipped
		if (this.nodes != null) {
			this.nodes.close();
		}
	}

	@Test
	void nodeDoesNotClaimAJobWhoseHandlerDiffersFromItsOwnOnlyInCase() {
		TaskFlow taskFlow = this.nodes.start("spring.taskflow.enqueue.validate-handlers=false").taskFlow();
		JobId foreign = taskFlow.enqueue("NOOP", null);
		JobId own = taskFlow.enqueue("noop", null);
		awaitStatus(taskFlow, own, JobStatus.SUCCEEDED);
		JobView job = taskFlow.find(foreign).orElseThrow();
		assertThat(job.status()).isEqualTo(JobStatus.PENDING);
		assertThat(job.attempt()).isZero();
	}

	@Test
	void pausingAQueueLeavesAQueueWhoseNameDiffersOnlyInCaseRunning() {
		TaskFlow taskFlow = this.nodes.start().taskFlow();
		assertThat(taskFlow.queues().pause("Mail")).isTrue();
		assertThat(taskFlow.queues().isPaused("Mail")).isTrue();
		assertThat(taskFlow.queues().isPaused("mail")).isFalse();
		JobId paused = taskFlow.enqueue(JobRequest.of("noop").queue("Mail"));
		JobId running = taskFlow.enqueue(JobRequest.of("noop").queue("mail"));
		awaitStatus(taskFlow, running, JobStatus.SUCCEEDED);
		assertThat(taskFlow.find(paused)).map(JobView::status).contains(JobStatus.PENDING);
	}

	@Test
	void concurrencyKeysThatDifferOnlyInCaseAreLimitedApart() {
		TaskFlow taskFlow = this.nodes.start("spring.taskflow.handlers[gated].concurrency.per-key=1").taskFlow();
		// the first attempt of "gated" blocks until the test ends
		taskFlow.enqueue(JobRequest.of("gated").concurrencyKey("Tenant"));
		await().until(() -> TestHandlers.running.get() == 1);
		JobId other = taskFlow.enqueue(JobRequest.of("gated").concurrencyKey("tenant"));
		await().until(() -> TestHandlers.running.get() == 2);
		assertThat(taskFlow.find(other)).map(JobView::status).contains(JobStatus.RUNNING);
	}

	private static ConditionFactory await() {
		return Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20));
	}

	private static JobView awaitStatus(TaskFlow taskFlow, JobId id, JobStatus status) {
		return await().until(() -> taskFlow.find(id).orElseThrow(), (job) -> job.status() == status);
	}

}
