package dev.taskflow.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.taskflow.JobEvent;
import dev.taskflow.JobId;
import dev.taskflow.JobQuery;
import dev.taskflow.JobRequest;
import dev.taskflow.JobStatus;
import dev.taskflow.JobView;
import dev.taskflow.Jobs;
import dev.taskflow.Step;
import dev.taskflow.TaskFlow;
import dev.taskflow.TaskFlowListener;
import dev.taskflow.Workflow;
import dev.taskflow.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

/**
 * Moving pending jobs between queues ({@code taskFlow.jobs().move(query, toQueue)})
 * against each supported database: only pending jobs that match move, in batches, a
 * second move undoes the first, moved jobs start without waiting for a poll, and a move
 * racing the workers that claim the same jobs never moves a running one. Each test works
 * on queues of its own.
 *
 * @author TaskFlow
 */
abstract class AbstractJobMoveIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final Duration LATER = Duration.ofHours(1);

	private TestNodes nodes;

	protected abstract TestDatabase database();

	@BeforeEach
	void prepareDatabase() {
		this.nodes = new TestNodes(database());
		StartedQueues.startedIn.clear();
	}

	@AfterEach
	void stopNodes() {
		if (this.nodes != null) {
			this.nodes.close();
		}
	}

	@Test
	void moveTakesThePendingJobsThatMatchInBatchesAndAnotherMoveUndoesIt() throws Exception {
		TestNode node = this.nodes.start();
		TaskFlow taskFlow = node.taskFlow();
		Jobs jobs = taskFlow.jobs();
		String queue = queue();
		String target = queue();
		String bystanders = queue();
		// more than two batches of pending jobs
		int pending = 1_100;
		List<JobRequest> requests = new ArrayList<>();
		for (int i = 0; i < pending; i++) {
			requests.add(JobRequest.of((i % 100 == 0) ? "text.upper" : "noop", "x").queue(queue).delay(LATER));
		}
		List<JobId> ids = taskFlow.enqueueAll(requests);
		JobId failed = taskFlow.enqueue(JobRequest.of("always.fail").queue(queue).maxAttempts(1));
		JobId succeeded = taskFlow.enqueue(JobRequest.of("noop").queue(queue));
		JobId running = taskFlow.enqueue(JobRequest.of("gated").queue(queue));
		JobId elsewhere = taskFlow.enqueue(JobRequest.of("noop").queue(bystanders).delay(LATER));
		// a workflow's second step waits, BLOCKED, for its first, which is pending
		taskFlow.workflows()
			.start(Workflow.named("move-" + queue)
				.step(Step.of("first", JobRequest.of("noop").queue(queue).delay(LATER)))
				.step(Step.of("second", JobRequest.of("noop").queue(queue)).after("first")));
		assertThat(jobs.whenFinished(failed).get(30, TimeUnit.SECONDS).status()).isEqualTo(JobStatus.FAILED);
		assertThat(jobs.whenFinished(succeeded).get(30, TimeUnit.SECONDS).status()).isEqualTo(JobStatus.SUCCEEDED);
		Awaitility.await().atMost(TIMEOUT).until(() -> TestHandlers.running.get() == 1);
		JobQuery ours = JobQuery.all().queue(queue);
		assertThat(jobs.countByStatus(ours)).containsEntry(JobStatus.PENDING, pending + 1L)
			.containsEntry(JobStatus.BLOCKED, 1L)
			.containsEntry(JobStatus.RUNNING, 1L);
		// whatever statuses the query names, only pending jobs move
		assertThat(jobs.move(ours.status(JobStatus.RUNNING, JobStatus.FAILED, JobStatus.SUCCEEDED), target)).isZero();
		assertThat(jobs.move(ours.status(JobStatus.BLOCKED), target)).isZero();
		assertThat(jobs.move(ours.finishedBefore(Instant.now().plusSeconds(60)), target)).isZero();
		assertThat(jobs.count(JobQuery.all().queue(target))).isZero();
		// a narrower query moves its jobs only
		assertThat(jobs.move(ours.handler("text.upper"), target)).isEqualTo(pending / 100);
		assertThat(jobs.count(JobQuery.all().queue(target).handler("text.upper"))).isEqualTo(pending / 100);
		// the rest, in batches; those in the target queue already are not counted again
		assertThat(jobs.move(ours, target)).isEqualTo(pending + 1 - pending / 100);
		assertThat(jobs.move(JobQuery.all().queue(target), target)).isZero();
		assertThat(jobs.countByStatus(JobQuery.all().queue(target))).containsEntry(JobStatus.PENDING, pending + 1L)
			.containsEntry(JobStatus.BLOCKED, 0L)
			.containsEntry(JobStatus.RUNNING, 0L);
		assertThat(jobs.countByStatus(ours)).containsEntry(JobStatus.PENDING, 0L)
			.containsEntry(JobStatus.BLOCKED, 1L)
			.containsEntry(JobStatus.RUNNING, 1L)
			.containsEntry(JobStatus.FAILED, 1L)
			.containsEntry(JobStatus.SUCCEEDED, 1L);
		assertThat(jobs.findAll(List.of(running, failed, succeeded, elsewhere))).extracting(JobView::queue)
			.containsExactly(queue, queue, queue, bystanders);
		// a moved job keeps its due time, priority and attempts
		JobView before = taskFlow.find(ids.get(1)).orElseThrow();
		assertThat(before.queue()).isEqualTo(target);
		// undone by another move
		assertThat(jobs.move(JobQuery.all().queue(target), queue)).isEqualTo(pending + 1);
		assertThat(jobs.countByStatus(ours)).containsEntry(JobStatus.PENDING, pending + 1L);
		assertThat(jobs.count(JobQuery.all().queue(target))).isZero();
		JobView after = taskFlow.find(ids.get(1)).orElseThrow();
		assertThat(after.queue()).isEqualTo(queue);
		assertThat(after.runAt()).isEqualTo(before.runAt());
		assertThat(after.priority()).isEqualTo(before.priority());
		assertThat(after.attempt()).isEqualTo(before.attempt());
		TestHandlers.gate.countDown();
		assertThat(jobs.whenFinished(running).get(30, TimeUnit.SECONDS).queue()).isEqualTo(queue);
	}

	@Test
	void movedJobsStartWithoutWaitingForThePoll() throws Exception {
		// the node polls every 10 minutes: only the move's wake-up starts the jobs
		TestNode node = this.nodes.start("spring.taskflow.worker.poll-interval=10m");
		TaskFlow taskFlow = node.taskFlow();
		String paused = queue();
		String open = queue();
		taskFlow.queues().pause(paused);
		List<JobId> ids = taskFlow.enqueueAll(
				List.of(JobRequest.of("noop").queue(paused), JobRequest.of("text.upper", "moved").queue(paused)));
		assertThat(taskFlow.jobs().count(JobQuery.all().queue(paused).status(JobStatus.PENDING))).isEqualTo(2);
		assertThat(taskFlow.jobs().move(JobQuery.all().queue(paused), open)).isEqualTo(2);
		for (JobId id : ids) {
			JobView done = taskFlow.jobs().whenFinished(id).get(10, TimeUnit.SECONDS);
			assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
			assertThat(done.queue()).isEqualTo(open);
		}
	}

	@Test
	void onPostgresJobsMovedOnOneNodeStartOnAnotherWithoutWaitingForItsPoll() throws Exception {
		Assumptions.assumeTrue(database() == TestDatabase.POSTGRESQL, "notifications are PostgreSQL's");
		TestNode worker = this.nodes.start("spring.taskflow.worker.poll-interval=10m",
				"spring.taskflow.worker.node-id=worker");
		TestNode client = this.nodes.start("spring.taskflow.worker.enabled=false");
		String paused = queue();
		String open = queue();
		client.taskFlow().queues().pause(paused);
		JobId id = client.taskFlow().enqueue(JobRequest.of("noop").queue(paused));
		// LISTEN is per session: the worker's listening backend, seen from outside
		Awaitility.await()
			.atMost(TIMEOUT)
			.until(() -> client.jdbc()
				.queryForObject("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()"
						+ " AND query LIKE 'LISTEN taskflow_job_enqueued%'", Integer.class) > 0);
		assertThat(client.taskFlow().jobs().move(JobQuery.all().queue(paused), open)).isOne();
		JobView done = client.taskFlow().jobs().whenFinished(id).get(10, TimeUnit.SECONDS);
		assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
		assertThat(client.taskFlow().attempts(id)).singleElement()
			.satisfies((attempt) -> assertThat(attempt.nodeId()).isEqualTo("worker"));
	}

	@Test
	void moveRacingWorkersNeverMovesARunningJob() throws Exception {
		TestNode node = this.nodes.start(List.of(StartedQueuesConfiguration.class), null,
				"spring.taskflow.worker.threads=8");
		Jobs jobs = node.taskFlow().jobs();
		String first = queue();
		String second = queue();
		// gated jobs hold workers RUNNING in the first queue while the moves run
		List<JobId> gated = node.taskFlow()
			.enqueueAll(List.of(JobRequest.of("gated").queue(first), JobRequest.of("gated").queue(first)));
		Awaitility.await().atMost(TIMEOUT).until(() -> TestHandlers.running.get() == 2);
		int total = 3_000;
		List<JobRequest> requests = new ArrayList<>();
		for (int i = 0; i < total; i++) {
			requests.add(JobRequest.of("count").queue(first));
		}
		List<JobId> ids = node.taskFlow().enqueueAll(requests);
		JobQuery active = JobQuery.all().handler("count").status(JobStatus.PENDING, JobStatus.RUNNING);
		// back and forth while the workers claim from both queues
		long moved = 0;
		int rounds = 0;
		while (jobs.count(active) > 0) {
			moved += jobs.move(JobQuery.all().queue(first), second);
			moved += jobs.move(JobQuery.all().queue(second), first);
			rounds++;
		}
		assertThat(jobs.move(JobQuery.all().queue(first).status(JobStatus.RUNNING), second)).isZero();
		assertThat(jobs.findAll(gated)).allSatisfy((job) -> {
			assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
			assertThat(job.queue()).isEqualTo(first);
		});
		TestHandlers.gate.countDown();
		System.out.printf("%s: move racing 8 workers: %d jobs moved in %d rounds while %d ran%n", database(), moved,
				rounds, total);
		assertThat(moved).as("jobs moved while the workers claimed").isPositive();
		// every job ran once, and is stored in the queue it was claimed from: a move
		// that changed a running job's queue would show here. Two things keep a claimed
		// job where it is, the lock on the move's candidates and the status read again
		// by its update; either alone suffices, without both this fails on every
		// database
		for (JobView job : jobs.findAll(ids)) {
			assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
			assertThat(TestHandlers.executions.get(job.id().value())).hasValue(1);
			assertThat(job.queue())
				.as("queue of %s, which started in %s", job.id(), StartedQueues.startedIn.get(job.id().value()))
				.isEqualTo(StartedQueues.startedIn.get(job.id().value()));
		}
		for (JobId id : gated) {
			JobView done = jobs.whenFinished(id).get(30, TimeUnit.SECONDS);
			assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
			assertThat(done.queue()).isEqualTo(first);
		}
	}

	@Test
	void aQueueThatNoJobCouldBeEnqueuedOnIsRefusedWithWhatToDo() {
		TestNode node = this.nodes.start("spring.taskflow.worker.enabled=false");
		Jobs jobs = node.taskFlow().jobs();
		String queue = queue();
		JobId id = node.taskFlow().enqueue(JobRequest.of("noop").queue(queue).delay(LATER));
		JobQuery ours = JobQuery.all().queue(queue);
		assertThatIllegalArgumentException().isThrownBy(() -> jobs.move(ours, null))
			.withMessage("'toQueue' must not be empty: name the queue to move the jobs to");
		assertThatIllegalArgumentException().isThrownBy(() -> jobs.move(ours, " "))
			.withMessageContaining("'toQueue' must not be empty");
		assertThatIllegalArgumentException().isThrownBy(() -> jobs.move(ours, "q".repeat(101)))
			.withMessage("'toQueue' must be at most 100 characters, was 101; use a shorter queue name");
		assertThatIllegalArgumentException().isThrownBy(() -> jobs.move(ours, "mail\nINFO forged"))
			.withMessageContaining("'toQueue' must not contain control characters")
			.withMessageContaining("remove them");
		assertThatNullPointerException().isThrownBy(() -> jobs.move(null, "mail"))
			.withMessage("'query' must not be null");
		assertThat(node.taskFlow().find(id)).map(JobView::queue).contains(queue);
		// the longest name a request takes is taken
		String longest = "q".repeat(JobRequest.MAX_QUEUE_LENGTH);
		assertThat(jobs.move(ours, longest)).isOne();
		assertThat(node.taskFlow().find(id)).map(JobView::queue).contains(longest);
	}

	static String queue() {
		return "m-" + UUID.randomUUID().toString().substring(0, 8);
	}

	@Configuration(proxyBeanMethods = false)
	static class StartedQueuesConfiguration {

		@Bean
		StartedQueues startedQueues() {
			return new StartedQueues();
		}

	}

	/**
	 * The queue each job was claimed from, as its start tells listeners.
	 */
	static class StartedQueues implements TaskFlowListener {

		static final Map<UUID, String> startedIn = new ConcurrentHashMap<>();

		@Override
		public void started(JobEvent event) {
			startedIn.put(event.id().value(), event.queue());
		}

	}

}
