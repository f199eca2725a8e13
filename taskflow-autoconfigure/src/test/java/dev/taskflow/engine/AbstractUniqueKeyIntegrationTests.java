package dev.taskflow.engine;

import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
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
import dev.taskflow.UniqueKeyConflictException;
import dev.taskflow.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The contract of unique keys, run against each supported database by a subclass: keys
 * compare exactly (case and trailing spaces count) everywhere, and a retried job takes
 * its key back unless another active job holds it.
 *
 * @author TaskFlow
 */
abstract class AbstractUniqueKeyIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	// enqueues and retries without running anything: retried jobs stay active
	private static final String ENQUEUE_ONLY = "spring.taskflow.worker.enabled=false";

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
	void keysThatDifferInCaseOrTrailingSpacesAreDifferentKeys() {
		TaskFlow taskFlow = this.nodes.start(ENQUEUE_ONLY).taskFlow();
		JobId upper = taskFlow.enqueue(JobRequest.of("noop").uniqueKey("Key"));
		JobId lower = taskFlow.enqueue(JobRequest.of("noop").uniqueKey("key"));
		JobId spaced = taskFlow.enqueue(JobRequest.of("noop").uniqueKey("key "));
		assertThat(List.of(upper, lower, spaced)).doesNotHaveDuplicates();
		assertThat(taskFlow.enqueue(JobRequest.of("noop").uniqueKey("Key"))).isEqualTo(upper);
		assertThat(taskFlow.enqueue(JobRequest.of("noop").uniqueKey("key"))).isEqualTo(lower);
		assertThat(taskFlow.enqueueAll(List.of(JobRequest.of("noop").uniqueKey("key "),
				JobRequest.of("noop").uniqueKey("KEY"), JobRequest.of("noop").uniqueKey("KEY"))))
			.satisfies((ids) -> assertThat(ids.get(0)).isEqualTo(spaced))
			.satisfies((ids) -> assertThat(ids.get(1)).isEqualTo(ids.get(2)).isNotIn(upper, lower, spaced));
	}

	@Test
	void failedJobThatIsRetriedTakesItsUniqueKeyBack() {
		TestNode worker = this.nodes.start();
		JobId failed = worker.taskFlow().enqueue(JobRequest.of("always.fail").uniqueKey("invoice-7").maxAttempts(1));
		awaitStatus(worker.taskFlow(), failed, JobStatus.FAILED);
		this.nodes.stop(worker);
		TaskFlow taskFlow = this.nodes.start(ENQUEUE_ONLY).taskFlow();
		assertThat(taskFlow.retry(failed)).isTrue();
		assertThat(taskFlow.enqueue(JobRequest.of("always.fail").uniqueKey("invoice-7"))).isEqualTo(failed);
		assertThat(taskFlow.find(failed)).map(JobView::status).contains(JobStatus.PENDING);
	}

	@Test
	void cancelledJobThatIsRetriedTakesItsUniqueKeyBack() {
		TaskFlow taskFlow = this.nodes.start(ENQUEUE_ONLY).taskFlow();
		JobId cancelled = taskFlow.enqueue(JobRequest.of("noop").uniqueKey("welcome-42").delay(Duration.ofHours(1)));
		assertThat(taskFlow.cancel(cancelled)).isTrue();
		assertThat(taskFlow.retry(cancelled)).isTrue();
		assertThat(taskFlow.enqueue(JobRequest.of("noop").uniqueKey("welcome-42"))).isEqualTo(cancelled);
	}

	@Test
	void retryIsRefusedWhileAnotherActiveJobHoldsTheKey() {
		TestNode node = this.nodes.start(ENQUEUE_ONLY);
		TaskFlow taskFlow = node.taskFlow();
		JobId cancelled = taskFlow.enqueue(JobRequest.of("noop").uniqueKey("welcome-42").delay(Duration.ofHours(1)));
		taskFlow.cancel(cancelled);
		JobId holder = taskFlow.enqueue(JobRequest.of("noop").uniqueKey("welcome-42").delay(Duration.ofHours(1)));
		assertThat(holder).isNotEqualTo(cancelled);
		assertThatExceptionOfType(UniqueKeyConflictException.class).isThrownBy(() -> taskFlow.retry(cancelled))
			.satisfies((ex) -> {
				assertThat(ex.getJobId()).isEqualTo(cancelled);
				assertThat(ex.getUniqueKey()).isEqualTo("welcome-42");
				assertThat(ex.getActiveJobId()).isEqualTo(holder);
			})
			.withMessage("Job " + cancelled + " was not retried: its unique key 'welcome-42' is held by active job "
					+ holder + ". Retry it once that job has finished, or cancel that job first");
		assertThat(taskFlow.find(cancelled)).map(JobView::status).contains(JobStatus.CANCELLED);
		assertThat(taskFlow.enqueue(JobRequest.of("noop").uniqueKey("welcome-42"))).isEqualTo(holder);
		// once the holder is gone the key is free for the retry
		assertThat(taskFlow.cancel(holder)).isTrue();
		assertThat(taskFlow.retry(cancelled)).isTrue();
		assertThat(taskFlow.enqueue(JobRequest.of("noop").uniqueKey("welcome-42"))).isEqualTo(cancelled);
		assertThat(node.jdbc()
			.queryForObject("SELECT COUNT(*) FROM taskflow_job WHERE status IN ('PENDING', 'RUNNING')", Integer.class))
			.isEqualTo(1);
	}

	@Test
	void refusedRetryLeavesTheCallersTransactionUsable() {
		TestNode node = this.nodes.start(ENQUEUE_ONLY);
		TaskFlow taskFlow = node.taskFlow();
		JobId cancelled = taskFlow.enqueue(JobRequest.of("noop").uniqueKey("welcome-42").delay(Duration.ofHours(1)));
		taskFlow.cancel(cancelled);
		taskFlow.enqueue(JobRequest.of("noop").uniqueKey("welcome-42"));
		// a failed statement would abort the whole transaction on PostgreSQL
		TransactionTemplate transaction = new TransactionTemplate(
				node.context().getBean(PlatformTransactionManager.class));
		JobId enqueuedAfter = transaction.execute((status) -> {
			assertThatExceptionOfType(UniqueKeyConflictException.class).isThrownBy(() -> taskFlow.retry(cancelled));
			return taskFlow.enqueue(JobRequest.of("noop"));
		});
		assertThat(taskFlow.find(enqueuedAfter)).map(JobView::status).contains(JobStatus.PENDING);
		assertThat(taskFlow.find(cancelled)).map(JobView::status).contains(JobStatus.CANCELLED);
	}

	private static JobView awaitStatus(TaskFlow taskFlow, JobId id, JobStatus status) {
		return Awaitility.await()
			.atMost(TIMEOUT)
			.pollInterval(Duration.ofMillis(20))
			.until(() -> taskFlow.find(id).orElseThrow(), (job) -> job.status() == status);
	}

}
