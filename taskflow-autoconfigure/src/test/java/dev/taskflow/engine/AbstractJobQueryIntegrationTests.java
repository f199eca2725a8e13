package dev.taskflow.engine;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.QueryTimeoutException;

import dev.taskflow.JobEvent;
import dev.taskflow.JobId;
import dev.taskflow.JobPage;
import dev.taskflow.JobQuery;
import dev.taskflow.JobRequest;
import dev.taskflow.JobStatus;
import dev.taskflow.JobView;
import dev.taskflow.Jobs;
import dev.taskflow.NodeView;
import dev.taskflow.QueueView;
import dev.taskflow.TaskFlow;
import dev.taskflow.TaskFlowListener;
import dev.taskflow.handler.PayloadCodec;
import dev.taskflow.store.JobStore;
import dev.taskflow.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The query API ({@code taskFlow.jobs()}, {@code nodes()}, {@code queues().list()})
 * against each supported database: every filter, keyset paging while jobs are inserted,
 * counts, reads by id, bulk operations (racing the workers that claim the same jobs) and
 * waiting for jobs finished on this node or another. Each test works on queues of its
 * own.
 *
 * @author TaskFlow
 */
abstract class AbstractJobQueryIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final String ENQUEUE_ONLY = "spring.taskflow.worker.enabled=false";

	private TestNodes nodes;

	protected abstract TestDatabase database();

	/**
	 * Hold a lock that makes every read of the job table wait, on the given connection,
	 * or say that the database has none.
	 * @param connection a connection of the test's own, auto-commit off
	 * @return whether the lock is held
	 * @throws SQLException on failure
	 */
	protected abstract boolean lockJobTable(Connection connection) throws SQLException;

	@BeforeEach
	void prepareDatabase() {
		this.nodes = new TestNodes(database());
		RecordingListener.events.clear();
	}

	@AfterEach
	void stopNodes() {
		if (this.nodes != null) {
			this.nodes.close();
		}
	}

	private TestNode start(String... properties) {
		return this.nodes.start(List.of(ListenerConfiguration.class), null, properties);
	}

	@Test
	void everyFilterSelectsItsJobs() throws Exception {
		TestNode node = start();
		TaskFlow taskFlow = node.taskFlow();
		Jobs jobs = taskFlow.jobs();
		String queue = queue();
		String other = queue();
		JobId note = taskFlow.enqueue(JobRequest.of("noop", Map.of("note", "Timeout while calling 50%_off"))
			.queue(queue)
			.correlationId("order-42")
			.delay(Duration.ofHours(1)));
		JobId keyed = taskFlow.enqueue(JobRequest.of("text.upper", "hello")
			.queue(queue)
			.uniqueKey("key-TIMEOUT-1")
			.delay(Duration.ofHours(1)));
		JobId failed = taskFlow.enqueue(JobRequest.of("always.fail").queue(queue).maxAttempts(1));
		JobId elsewhere = taskFlow.enqueue(JobRequest.of("noop").queue(other).correlationId("order-42"));
		assertThat(jobs.whenFinished(failed).get(30, TimeUnit.SECONDS).status()).isEqualTo(JobStatus.FAILED);
		assertThat(jobs.whenFinished(elsewhere).get(30, TimeUnit.SECONDS).status()).isEqualTo(JobStatus.SUCCEEDED);
		node.jdbc().update("UPDATE taskflow_job SET schedule_name = 'invoices' WHERE id = ?", idParameter(keyed));
		JobQuery ours = JobQuery.all().queue(queue);
		assertThat(listed(jobs, ours)).containsExactly(failed, keyed, note);
		assertThat(listed(jobs, JobQuery.all().correlationId("order-42"))).containsExactly(elsewhere, note);
		assertThat(listed(jobs, ours.status(JobStatus.FAILED, JobStatus.SUCCEEDED))).containsExactly(failed);
		assertThat(listed(jobs, ours.status(JobStatus.PENDING))).containsExactly(keyed, note);
		assertThat(listed(jobs, ours.handler("text.upper"))).containsExactly(keyed);
		assertThat(listed(jobs, JobQuery.all().scheduleName("invoices"))).containsExactly(keyed);
		assertThat(listed(jobs, JobQuery.all().queue(other))).containsExactly(elsewhere);
		// text: payload, unique key, error and correlation id, ignoring case; LIKE's
		// wildcards are plain characters
		assertThat(listed(jobs, ours.text("timeout"))).containsExactly(keyed, note);
		assertThat(listed(jobs, ours.text("BOOM"))).containsExactly(failed);
		assertThat(listed(jobs, ours.text("ORDER-4"))).containsExactly(note);
		assertThat(listed(jobs, ours.text("50%_off"))).containsExactly(note);
		assertThat(listed(jobs, ours.text("50%off"))).isEmpty();
		assertThat(listed(jobs, ours.text("5_%"))).isEmpty();
		// time ranges: created at or after, created before, finished before
		JobView keyedView = taskFlow.find(keyed).orElseThrow();
		assertThat(listed(jobs, ours.createdAfter(keyedView.createdAt()))).contains(failed, keyed).doesNotContain(note);
		assertThat(listed(jobs, ours.createdBefore(keyedView.createdAt()))).contains(note)
			.doesNotContain(failed, keyed);
		assertThat(listed(jobs, ours.createdAfter(Instant.now().plusSeconds(3600)))).isEmpty();
		Instant failedAt = taskFlow.find(failed).orElseThrow().finishedAt();
		assertThat(listed(jobs, ours.finishedBefore(failedAt.plusMillis(1)))).containsExactly(failed);
		assertThat(listed(jobs, ours.finishedBefore(failedAt))).isEmpty();
		// a page's views carry the result, and read the payload when asked
		JobView listed = jobs.list(ours.handler("noop")).jobs().get(0);
		assertThat(listed.payload(Map.class)).hasValueSatisfying(
				(payload) -> assertThat(payload).containsEntry("note", "Timeout while calling 50%_off"));
		assertThat(listed.correlationId()).isEqualTo("order-42");
	}

	// the jobs a query lists, which its counts must agree with, bounded or not
	private static List<JobId> listed(Jobs jobs, JobQuery query) {
		List<JobId> listed = ids(jobs.list(query));
		assertThat(jobs.count(query)).as("count of %s", query).isEqualTo(listed.size());
		assertThat(jobs.count(query, 100)).as("bounded count of %s", query).isEqualTo(listed.size());
		assertThat(jobs.countByStatus(query, 100)).as("bounded counts of %s", query)
			.isEqualTo(jobs.countByStatus(query));
		return listed;
	}

	@Test
	void pagesRunNewestFirstWithoutDuplicatesOrGapsWhileJobsAreInserted() throws Exception {
		TaskFlow taskFlow = start(ENQUEUE_ONLY).taskFlow();
		String queue = queue();
		List<JobId> older = new ArrayList<>();
		for (int batch = 0; batch < 3; batch++) {
			List<JobRequest> requests = new ArrayList<>();
			for (int i = 0; i < 80; i++) {
				requests.add(JobRequest.of("noop").queue(queue));
			}
			older.addAll(taskFlow.enqueueAll(requests));
		}
		AtomicBoolean inserting = new AtomicBoolean(true);
		AtomicInteger inserted = new AtomicInteger();
		Thread inserter = new Thread(() -> {
			while (inserting.get()) {
				taskFlow.enqueueAll(List.of(JobRequest.of("noop").queue(queue), JobRequest.of("noop").queue(queue)));
				inserted.addAndGet(2);
			}
		});
		inserter.start();
		List<JobView> seen = new ArrayList<>();
		try {
			Awaitility.await().atMost(TIMEOUT).until(() -> inserted.get() >= 10);
			JobQuery query = JobQuery.all().queue(queue).limit(37);
			JobPage page = taskFlow.jobs().list(query);
			int pages = 1;
			seen.addAll(page.jobs());
			while (page.nextCursor().isPresent()) {
				page = taskFlow.jobs().list(query.after(page.nextCursor().get()));
				seen.addAll(page.jobs());
				pages++;
			}
			assertThat(pages).isGreaterThanOrEqualTo(7);
		}
		finally {
			inserting.set(false);
			inserter.join();
		}
		List<JobId> ids = seen.stream().map(JobView::id).toList();
		assertThat(ids).doesNotHaveDuplicates().containsAll(older);
		// newest first by creation time, then id, as the database orders ids
		assertThat(seen).isSortedAccordingTo(Comparator.comparing(JobView::createdAt).reversed());
		assertThat(taskFlow.jobs().count(JobQuery.all().queue(queue))).isEqualTo(older.size() + inserted.get());
	}

	@Test
	void severalStatusesPageInTheOrderOfAllJobs() throws Exception {
		// without a queue or handler: one branch per status
		TaskFlow taskFlow = start(ENQUEUE_ONLY).taskFlow();
		String correlation = queue();
		// this test's jobs, without a filter that picks a listing of its own (the
		// correlation id's index holds every status)
		Instant since = Instant.now().minusMillis(1);
		List<JobId> ids = new ArrayList<>();
		for (int batch = 0; batch < 3; batch++) {
			List<JobRequest> requests = new ArrayList<>();
			for (int i = 0; i < 30; i++) {
				requests
					.add(JobRequest.of("noop").queue(queue()).correlationId(correlation).delay(Duration.ofHours(1)));
			}
			ids.addAll(taskFlow.enqueueAll(requests));
		}
		for (int i = 0; i < ids.size(); i += 3) {
			taskFlow.cancel(ids.get(i));
		}
		JobQuery everyJob = JobQuery.all().correlationId(correlation).limit(1000);
		List<JobId> newestFirst = ids(taskFlow.jobs().list(everyJob));
		assertThat(newestFirst).hasSize(ids.size());
		assertThat(ids(taskFlow.jobs().list(JobQuery.all().createdAfter(since).limit(1000))))
			.containsExactlyElementsOf(newestFirst);
		List<JobId> paged = new ArrayList<>();
		JobQuery query = JobQuery.all()
			.status(JobStatus.CANCELLED, JobStatus.PENDING, JobStatus.FAILED)
			.createdAfter(since)
			.limit(7);
		JobPage page = taskFlow.jobs().list(query);
		paged.addAll(ids(page));
		while (page.nextCursor().isPresent()) {
			page = taskFlow.jobs().list(query.after(page.nextCursor().get()));
			paged.addAll(ids(page));
		}
		assertThat(paged).containsExactlyElementsOf(newestFirst);
		List<JobId> cancelled = ids(taskFlow.jobs()
			.list(JobQuery.all().status(JobStatus.CANCELLED, JobStatus.SUCCEEDED).createdAfter(since).limit(1000)));
		assertThat(cancelled).hasSize(30)
			.containsExactlyElementsOf(newestFirst.stream().filter((id) -> ids.indexOf(id) % 3 == 0).toList());
	}

	@Test
	void jobsOfACorrelationIdPageAcrossStatusesNewestFirst() throws Exception {
		TaskFlow taskFlow = start(ENQUEUE_ONLY).taskFlow();
		String correlation = queue();
		List<JobId> ids = new ArrayList<>();
		for (int i = 0; i < 25; i++) {
			ids.add(taskFlow
				.enqueue(JobRequest.of("noop").queue(queue()).correlationId(correlation).delay(Duration.ofHours(1))));
			taskFlow.enqueue(JobRequest.of("noop").queue(queue()).correlationId(correlation + "-other"));
		}
		for (int i = 0; i < ids.size(); i += 2) {
			taskFlow.cancel(ids.get(i));
		}
		List<JobId> newestFirst = new ArrayList<>(ids);
		Collections.reverse(newestFirst);
		List<JobId> paged = new ArrayList<>();
		JobQuery query = JobQuery.all().correlationId(correlation).limit(4);
		JobPage page = taskFlow.jobs().list(query);
		paged.addAll(ids(page));
		while (page.nextCursor().isPresent()) {
			page = taskFlow.jobs().list(query.after(page.nextCursor().get()));
			paged.addAll(ids(page));
		}
		assertThat(paged).containsExactlyElementsOf(newestFirst);
		assertThat(ids(taskFlow.jobs().list(JobQuery.all().correlationId(correlation).status(JobStatus.PENDING))))
			.containsExactlyElementsOf(newestFirst.stream().filter((id) -> ids.indexOf(id) % 2 == 1).toList());
	}

	@Test
	void countsAndReadsByIdFollowTheQuery() throws Exception {
		TestNode node = start();
		Jobs jobs = node.taskFlow().jobs();
		String queue = queue();
		List<JobId> pending = node.taskFlow()
			.enqueueAll(List.of(JobRequest.of("noop").queue(queue).delay(Duration.ofHours(1)),
					JobRequest.of("noop").queue(queue).delay(Duration.ofHours(1)),
					JobRequest.of("noop").queue(queue).delay(Duration.ofHours(1))));
		JobId done = node.taskFlow().enqueue(JobRequest.of("text.upper", "abc").queue(queue));
		JobView finished = jobs.whenFinished(done).get(30, TimeUnit.SECONDS);
		assertThat(finished.status()).isEqualTo(JobStatus.SUCCEEDED);
		assertThat(finished.result(String.class)).contains("ABC");
		assertThat(jobs.count(JobQuery.all().queue(queue))).isEqualTo(4);
		assertThat(jobs.count(JobQuery.all().queue(queue).status(JobStatus.PENDING))).isEqualTo(3);
		assertThat(jobs.count(JobQuery.all().queue(queue()))).isZero();
		Map<JobStatus, Long> byStatus = jobs.countByStatus(JobQuery.all().queue(queue));
		assertThat(byStatus).containsOnlyKeys(JobStatus.values())
			.containsEntry(JobStatus.PENDING, 3L)
			.containsEntry(JobStatus.SUCCEEDED, 1L)
			.containsEntry(JobStatus.RUNNING, 0L)
			.containsEntry(JobStatus.FAILED, 0L)
			.containsEntry(JobStatus.CANCELLED, 0L);
		assertThat(jobs.countByStatus(JobQuery.all().queue(queue).handler("text.upper")))
			.containsEntry(JobStatus.SUCCEEDED, 1L)
			.containsEntry(JobStatus.PENDING, 0L);
		// bounded: each status read no further than the limit
		assertThat(jobs.count(JobQuery.all().queue(queue), 2)).isEqualTo(2);
		assertThat(jobs.count(JobQuery.all().queue(queue), 5)).isEqualTo(4);
		assertThat(jobs.count(JobQuery.all().queue(queue).status(JobStatus.SUCCEEDED), 100)).isOne();
		assertThat(jobs.count(JobQuery.all().queue(queue()), 1)).isZero();
		assertThat(jobs.countByStatus(JobQuery.all().queue(queue), 2)).containsOnlyKeys(JobStatus.values())
			.containsEntry(JobStatus.PENDING, 2L)
			.containsEntry(JobStatus.SUCCEEDED, 1L)
			.containsEntry(JobStatus.RUNNING, 0L)
			.containsEntry(JobStatus.FAILED, 0L);
		assertThat(jobs.countByStatus(JobQuery.all().queue(queue).status(JobStatus.PENDING), 10))
			.containsEntry(JobStatus.PENDING, 3L)
			.containsEntry(JobStatus.SUCCEEDED, 0L);
		assertThat(jobs.countByStatus(JobQuery.all().queue(queue).handler("text.upper").text("noop"), 10).values())
			.containsOnly(0L);
		assertThatIllegalArgumentException().isThrownBy(() -> jobs.count(JobQuery.all(), 0))
			.withMessageContaining("'limit' must be positive");
		JobId missing = JobId.of(UUID.randomUUID());
		List<JobView> found = jobs.findAll(List.of(pending.get(2), missing, done, pending.get(0)));
		assertThat(found).extracting(JobView::id).containsExactly(pending.get(2), done, pending.get(0));
		assertThat(found.get(1).result(String.class)).contains("ABC");
		assertThat(jobs.findAll(List.of())).isEmpty();
		List<JobId> many = new ArrayList<>();
		for (int i = 0; i < 1500; i++) {
			many.add((i % 500 == 0) ? done : JobId.of(UUID.randomUUID()));
		}
		assertThat(jobs.findAll(many)).hasSize(3).extracting(JobView::id).containsOnly(done);
	}

	@Test
	void bulkOperationsWorkInBatchesAndTellListeners() throws Exception {
		TestNode node = start();
		Jobs jobs = node.taskFlow().jobs();
		String queue = queue();
		int total = 1200;
		List<JobRequest> requests = new ArrayList<>();
		for (int i = 0; i < total; i++) {
			requests.add(JobRequest.of("noop").queue(queue).delay(Duration.ofHours(1)));
		}
		List<JobId> ids = node.taskFlow().enqueueAll(requests);
		JobQuery ours = JobQuery.all().queue(queue);
		assertThat(jobs.retryAll(ours)).isZero();
		assertThat(jobs.cancelAll(ours.status(JobStatus.FAILED))).isZero();
		assertThat(jobs.cancelAll(ours)).isEqualTo(total);
		assertThat(jobs.countByStatus(ours)).containsEntry(JobStatus.CANCELLED, (long) total);
		Awaitility.await().atMost(TIMEOUT).until(() -> RecordingListener.count("cancelled", queue) == total);
		// a cancelled job whose unique key another active job took meanwhile stays
		// cancelled
		JobId keyed = node.taskFlow()
			.enqueue(JobRequest.of("noop").queue(queue).uniqueKey("bulk-" + queue).delay(Duration.ofHours(1)));
		node.taskFlow().cancel(keyed);
		JobId holder = node.taskFlow()
			.enqueue(JobRequest.of("noop").queue(queue()).uniqueKey("bulk-" + queue).delay(Duration.ofHours(1)));
		assertThat(holder).isNotEqualTo(keyed);
		assertThat(jobs.retryAll(ours)).isEqualTo(total);
		assertThat(node.taskFlow().find(keyed)).map(JobView::status).contains(JobStatus.CANCELLED);
		Awaitility.await().atMost(TIMEOUT).until(() -> RecordingListener.count("enqueued", queue) >= 2 * total + 1);
		// due now: the node runs them
		Awaitility.await().atMost(TIMEOUT).until(() -> jobs.count(ours.status(JobStatus.SUCCEEDED)) == total);
		assertThat(attempts(node, queue)).isEqualTo(total);
		assertThatIllegalArgumentException().isThrownBy(() -> jobs.deleteAll(ours))
			.withMessageContaining("admits PENDING or RUNNING");
		assertThatIllegalArgumentException().isThrownBy(() -> jobs.deleteAll(ours.status(JobStatus.RUNNING)));
		assertThat(jobs.deleteAll(ours.status(JobStatus.FAILED))).isZero();
		assertThat(jobs.deleteAll(ours.status(JobStatus.SUCCEEDED))).isEqualTo(total);
		assertThat(attempts(node, queue)).isZero();
		assertThat(jobs.findAll(ids)).isEmpty();
		// a finished-before filter admits only finished jobs
		assertThat(jobs.deleteAll(ours.finishedBefore(Instant.now().plusSeconds(60)))).isEqualTo(1);
		assertThat(node.taskFlow().find(keyed)).isEmpty();
		assertThat(node.taskFlow().find(holder)).isPresent();
	}

	@Test
	void anIdFilterActsOnTheSelectionOnly() throws Exception {
		TestNode node = start(ENQUEUE_ONLY);
		TaskFlow taskFlow = node.taskFlow();
		Jobs jobs = taskFlow.jobs();
		String queue = queue();
		List<JobId> ids = taskFlow.enqueueAll(List.of(JobRequest.of("noop").queue(queue),
				JobRequest.of("noop").queue(queue), JobRequest.of("noop").queue(queue)));
		JobQuery selected = JobQuery.all().ids(ids.get(0), ids.get(2));
		assertThat(ids(jobs.list(selected))).containsExactlyInAnyOrder(ids.get(0), ids.get(2));
		assertThat(jobs.count(selected.queue(queue()))).isZero();
		assertThat(jobs.cancelAll(selected)).isEqualTo(2);
		assertThat(jobs.countByStatus(JobQuery.all().queue(queue))).containsEntry(JobStatus.CANCELLED, 2L)
			.containsEntry(JobStatus.PENDING, 1L);
		assertThat(jobs.retryAll(JobQuery.all().ids(ids.get(0)))).isEqualTo(1);
		assertThat(jobs.deleteAll(JobQuery.all().ids(ids).status(JobStatus.CANCELLED))).isEqualTo(1);
		assertThat(ids(jobs.list(JobQuery.all().queue(queue)))).containsExactlyInAnyOrder(ids.get(0), ids.get(1));
	}

	@Test
	void deleteAllByFinishedBeforeLeavesAJobRetriedSince() throws Exception {
		TestNode node = start();
		TaskFlow taskFlow = node.taskFlow();
		String queue = queue();
		JobId failing = taskFlow.enqueue(JobRequest.of("always.fail").queue(queue).maxAttempts(1));
		assertThat(taskFlow.jobs().whenFinished(failing).get(30, TimeUnit.SECONDS).finishedAt()).isNotNull();
		// pending again, held by its paused queue: a retry clears the finish time
		taskFlow.queues().pause(queue);
		assertThat(taskFlow.retry(failing)).isTrue();
		assertThat(taskFlow.find(failing)).hasValueSatisfying((job) -> {
			assertThat(job.status()).isEqualTo(JobStatus.PENDING);
			assertThat(job.finishedAt()).isNull();
		});
		JobQuery finishedBefore = JobQuery.all().queue(queue).finishedBefore(Instant.now().plusSeconds(60));
		assertThat(finishedBefore.admits(JobStatus.PENDING)).isFalse();
		assertThat(taskFlow.jobs().deleteAll(finishedBefore)).isZero();
		assertThat(taskFlow.find(failing)).isPresent();
		// a query that admits an active status is refused, and says what to add
		assertThatIllegalArgumentException()
			.isThrownBy(() -> taskFlow.jobs()
				.deleteAll(JobQuery.all().queue(queue).status(JobStatus.FAILED, JobStatus.PENDING)))
			.withMessageContaining("Only finished jobs can be deleted")
			.withMessageContaining(".finishedBefore(...)");
		taskFlow.queues().resume(queue);
		assertThat(taskFlow.jobs().whenFinished(failing).get(30, TimeUnit.SECONDS).status())
			.isEqualTo(JobStatus.FAILED);
		assertThat(taskFlow.jobs().deleteAll(finishedBefore)).isOne();
		assertThat(taskFlow.find(failing)).isEmpty();
	}

	@Test
	void bulkOperationsRacingWorkersNeverTouchARunningJob() throws Exception {
		TestNode node = start("spring.taskflow.worker.threads=8");
		Jobs jobs = node.taskFlow().jobs();
		String queue = queue();
		int total = 2000;
		List<JobRequest> requests = new ArrayList<>();
		for (int i = 0; i < total; i++) {
			requests.add(JobRequest.of("count").queue(queue));
		}
		// gated jobs hold workers RUNNING while the bulk operations run
		String gatedQueue = queue();
		List<JobId> gated = node.taskFlow()
			.enqueueAll(List.of(JobRequest.of("gated").queue(gatedQueue), JobRequest.of("gated").queue(gatedQueue)));
		Awaitility.await().atMost(TIMEOUT).until(() -> TestHandlers.running.get() == 2);
		List<JobId> ids = node.taskFlow().enqueueAll(requests);
		int cancelled = 0;
		while (jobs.count(JobQuery.all().queue(queue).status(JobStatus.PENDING, JobStatus.RUNNING)) > 0) {
			cancelled += jobs.cancelAll(JobQuery.all().queue(queue));
		}
		assertThat(jobs.cancelAll(JobQuery.all().queue(gatedQueue))).isZero();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> jobs.deleteAll(JobQuery.all().queue(gatedQueue).status(JobStatus.RUNNING)));
		assertThat(jobs.deleteAll(JobQuery.all().queue(gatedQueue).finishedBefore(Instant.now().plusSeconds(60))))
			.isZero();
		assertThat(jobs.findAll(gated)).allSatisfy((job) -> {
			assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
			assertThat(job.ownerNode()).isNotNull();
		});
		TestHandlers.gate.countDown();
		Map<JobStatus, Long> byStatus = jobs.countByStatus(JobQuery.all().queue(queue));
		assertThat(byStatus.get(JobStatus.CANCELLED)).isEqualTo(cancelled);
		assertThat(byStatus.get(JobStatus.SUCCEEDED) + cancelled).isEqualTo(total);
		// no cancelled job ran, and every job that ran succeeded once
		for (JobView job : jobs.findAll(ids)) {
			AtomicInteger runs = TestHandlers.executions.get(job.id().value());
			if (job.status() == JobStatus.CANCELLED) {
				assertThat(runs).as("cancelled job %s ran", job.id()).isNull();
			}
			else {
				assertThat(runs.get()).isEqualTo(1);
			}
		}
		System.out.printf("%s: cancelAll racing 8 workers: %d of %d jobs cancelled, the rest ran%n", database(),
				cancelled, total);
		for (JobId id : gated) {
			assertThat(jobs.whenFinished(id).get(30, TimeUnit.SECONDS).status()).isEqualTo(JobStatus.SUCCEEDED);
		}
	}

	@Test
	void whenFinishedCompletesForJobsOfThisNode() throws Exception {
		// no poll within the test: only this node's outcomes and cancels complete futures
		TestNode node = this.nodes.start(List.of(ListenerConfiguration.class, NoPollConfiguration.class), null);
		Jobs jobs = node.taskFlow().jobs();
		String queue = queue();
		JobId done = node.taskFlow().enqueue(JobRequest.of("noop").queue(queue));
		assertThat(jobs.whenFinished(done).get(30, TimeUnit.SECONDS).status()).isEqualTo(JobStatus.SUCCEEDED);
		// final already: at once
		CompletableFuture<JobView> again = jobs.whenFinished(done);
		assertThat(again).isDone();
		assertThat(again.get().status()).isEqualTo(JobStatus.SUCCEEDED);
		// finished by a cancel
		JobId later = node.taskFlow().enqueue(JobRequest.of("noop").queue(queue).delay(Duration.ofHours(1)));
		CompletableFuture<JobView> cancelled = jobs.whenFinished(later);
		assertThat(cancelled).isNotDone();
		node.taskFlow().cancel(later);
		assertThat(cancelled.get(30, TimeUnit.SECONDS).status()).isEqualTo(JobStatus.CANCELLED);
		// no such job
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> jobs.whenFinished(JobId.of(UUID.randomUUID())).get(5, TimeUnit.SECONDS))
			.withCauseInstanceOf(NoSuchElementException.class);
		// pushed by this node's outcome writer: measured, not asserted, on a shared
		// machine
		long started = System.nanoTime();
		JobId quick = node.taskFlow().enqueue(JobRequest.of("noop").queue(queue));
		jobs.whenFinished(quick).get(30, TimeUnit.SECONDS);
		System.out.printf("%s: enqueue to whenFinished on one node in %d ms%n", database(),
				TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
		// a failed job after its retries
		JobId flaky = node.taskFlow().enqueue(JobRequest.of("always.fail").queue(queue).maxAttempts(2));
		JobView failed = jobs.whenFinished(flaky).get(30, TimeUnit.SECONDS);
		assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
		assertThat(failed.attempt()).isEqualTo(2);
	}

	@Test
	void whenFinishedCompletesForJobsOfAnotherNode() throws Exception {
		TestNode producer = start(ENQUEUE_ONLY, "spring.taskflow.worker.node-id=producer");
		TaskFlow client = producer.taskFlow();
		String queue = queue();
		List<JobRequest> requests = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			requests.add(JobRequest.of("noop").queue(queue));
		}
		List<JobId> ids = client.enqueueAll(requests);
		List<CompletableFuture<JobView>> futures = ids.stream().map(client.jobs()::whenFinished).toList();
		assertThat(futures).noneMatch(CompletableFuture::isDone);
		start("spring.taskflow.worker.node-id=worker");
		CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
		assertThat(futures).allSatisfy((future) -> assertThat(future.get().status()).isEqualTo(JobStatus.SUCCEEDED));
		assertThat(client.attempts(ids.get(0))).singleElement()
			.satisfies((attempt) -> assertThat(attempt.nodeId()).isEqualTo("worker"));
		// one shared poll, not a query per future; on PostgreSQL notifications
		JobWaiters waiters = producer.context().getBean(JobWaiters.class);
		assertThat(waiters.awaited()).isZero();
		assertThat(waiters.isNotified()).isEqualTo(database() == TestDatabase.POSTGRESQL);
	}

	@Test
	void whenFinishedCompletesForJobsOfAnotherNodeByNotificationOnPostgres() throws Exception {
		Assumptions.assumeTrue(database() == TestDatabase.POSTGRESQL, "notifications are PostgreSQL's");
		// the waiting node polls once an hour: only notifications complete its futures
		TestNode producer = this.nodes.start(List.of(SlowPollConfiguration.class), null, ENQUEUE_ONLY,
				"spring.taskflow.worker.node-id=waiter");
		TaskFlow client = producer.taskFlow();
		JobWaiters waiters = producer.context().getBean(JobWaiters.class);
		String queue = queue();
		List<JobRequest> requests = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			requests.add(JobRequest.of((i % 10 == 0) ? "text.upper" : "noop", "x").queue(queue));
		}
		requests.add(JobRequest.of("always.fail").queue(queue).maxAttempts(1));
		List<JobId> ids = client.enqueueAll(requests);
		JobId cancelled = client.enqueue(JobRequest.of("noop").queue(queue).delay(Duration.ofHours(1)));
		String bulkQueue = queue();
		JobId cancelledInBulk = client.enqueue(JobRequest.of("noop").queue(bulkQueue).delay(Duration.ofHours(1)));
		List<CompletableFuture<JobView>> futures = ids.stream().map(client.jobs()::whenFinished).toList();
		CompletableFuture<JobView> cancel = client.jobs().whenFinished(cancelled);
		CompletableFuture<JobView> bulkCancel = client.jobs().whenFinished(cancelledInBulk);
		Awaitility.await().atMost(TIMEOUT).until(waiters::isNotified);
		long started = System.nanoTime();
		TestNode worker = start("spring.taskflow.worker.node-id=finisher");
		CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
		System.out.printf("%s: 301 jobs finished on another node, futures completed by notifications %d ms after it"
				+ " started%n", database(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
		assertThat(futures.subList(0, 300))
			.allSatisfy((future) -> assertThat(future.get().status()).isEqualTo(JobStatus.SUCCEEDED));
		assertThat(futures.get(0).get().result(String.class)).contains("X");
		assertThat(futures.get(300).get().status()).isEqualTo(JobStatus.FAILED);
		// cancelled on the other node, one by one and in bulk
		assertThat(cancel).isNotDone();
		worker.taskFlow().cancel(cancelled);
		assertThat(cancel.get(30, TimeUnit.SECONDS).status()).isEqualTo(JobStatus.CANCELLED);
		assertThat(bulkCancel).isNotDone();
		assertThat(worker.taskFlow().jobs().cancelAll(JobQuery.all().queue(bulkQueue))).isOne();
		assertThat(bulkCancel.get(30, TimeUnit.SECONDS).status()).isEqualTo(JobStatus.CANCELLED);
		assertThat(waiters.awaited()).isZero();
	}

	@Test
	void nodesAndQueuesShowWhatIsThere() {
		TestNode node = start("spring.taskflow.worker.node-id=lister");
		TaskFlow taskFlow = node.taskFlow();
		String queue = queue();
		taskFlow.queues().pause(queue);
		taskFlow.enqueueAll(List.of(JobRequest.of("noop").queue(queue), JobRequest.of("noop").queue(queue),
				JobRequest.of("noop").queue(queue).delay(Duration.ofHours(1))));
		String empty = queue();
		taskFlow.queues().pause(empty);
		List<NodeView> nodes = taskFlow.nodes();
		assertThat(nodes).anySatisfy((view) -> {
			assertThat(view.id()).isEqualTo("lister");
			assertThat(view.host()).isNotBlank();
			assertThat(view.handlers()).contains("noop", "count").isSorted();
			assertThat(view.startedAt()).isBeforeOrEqualTo(view.heartbeatAt());
			assertThat(view.heartbeatAge()).isLessThan(Duration.ofMinutes(1));
		});
		Awaitility.await().atMost(TIMEOUT).untilAsserted(() -> {
			List<QueueView> queues = taskFlow.queues().list();
			assertThat(queues).extracting(QueueView::name).contains(queue, empty).isSorted();
			QueueView ours = queues.stream().filter((view) -> view.name().equals(queue)).findFirst().orElseThrow();
			assertThat(ours.paused()).isTrue();
			assertThat(ours.counts()).containsOnlyKeys(JobStatus.values()).containsEntry(JobStatus.PENDING, 3L);
			assertThat(ours.count(JobStatus.SUCCEEDED)).isZero();
			assertThat(ours.oldestDueAge()).hasValueSatisfying((age) -> assertThat(age).isPositive());
			assertThat(ours.due()).isEqualTo(2);
			QueueView none = queues.stream().filter((view) -> view.name().equals(empty)).findFirst().orElseThrow();
			assertThat(none.counts().values()).containsOnly(0L);
			assertThat(none.oldestDueAge()).isEmpty();
		});
		// the active queues: the same, without counting finished jobs
		String finishedOnly = queue();
		JobId done = taskFlow.enqueue(JobRequest.of("noop").queue(finishedOnly));
		Awaitility.await().atMost(TIMEOUT).until(() -> !taskFlow.find(done).orElseThrow().status().isActive());
		List<QueueView> active = taskFlow.queues().active();
		assertThat(active).extracting(QueueView::name).contains(queue, empty, finishedOnly).isSorted();
		assertThat(active).filteredOn((view) -> view.name().equals(finishedOnly))
			.singleElement()
			.satisfies((view) -> assertThat(view.counts()).containsOnlyKeys(JobStatus.PENDING, JobStatus.RUNNING)
				.containsValues(0L));
		QueueView ours = active.stream().filter((view) -> view.name().equals(queue)).findFirst().orElseThrow();
		assertThat(ours.paused()).isTrue();
		assertThat(ours.counts()).containsOnlyKeys(JobStatus.PENDING, JobStatus.RUNNING)
			.containsEntry(JobStatus.PENDING, 3L)
			.containsEntry(JobStatus.RUNNING, 0L);
		assertThat(ours.due()).isEqualTo(2);
		assertThat(ours.oldestDueAge()).hasValueSatisfying((age) -> assertThat(age).isPositive());
		QueueView none = active.stream().filter((view) -> view.name().equals(empty)).findFirst().orElseThrow();
		assertThat(none.counts()).containsOnlyKeys(JobStatus.PENDING, JobStatus.RUNNING);
		assertThat(none.due()).isZero();
		assertThat(none.oldestDueAge()).isEmpty();
		taskFlow.queues().resume(queue);
	}

	@Test
	void listAndCountGiveUpAfterTheQueryTimeoutAndSaySo() throws Exception {
		TestNode node = start(ENQUEUE_ONLY, "spring.taskflow.query.timeout=1s");
		Jobs jobs = node.taskFlow().jobs();
		try (Connection locker = node.connect()) {
			locker.setAutoCommit(false);
			Assumptions.assumeTrue(lockJobTable(locker), () -> database() + " has no lock that blocks readers");
			try {
				long started = System.nanoTime();
				assertThatExceptionOfType(QueryTimeoutException.class)
					.isThrownBy(() -> jobs.list(JobQuery.all().text("anything")))
					.withMessageContaining("gave up listing jobs after 1000 ms (spring.taskflow.query.timeout)")
					.withMessageContaining("a text search");
				assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
				assertThatExceptionOfType(QueryTimeoutException.class).isThrownBy(() -> jobs.count(JobQuery.all()))
					.withMessageContaining("gave up counting jobs")
					.withMessageContaining("no status, queue or handler filter narrows it");
				assertThatExceptionOfType(QueryTimeoutException.class)
					.isThrownBy(() -> jobs.list(JobQuery.all().status(JobStatus.FAILED)))
					.withMessageContaining("an index serves this listing")
					.withMessageContaining("Narrow the query by status, queue or handler");
			}
			finally {
				locker.rollback();
			}
		}
		assertThat(jobs.count(JobQuery.all().queue(queue()))).isZero();
	}

	private static long attempts(TestNode node, String queue) {
		Long count = node.jdbc()
			.queryForObject("SELECT COUNT(*) FROM taskflow_attempt a JOIN taskflow_job j ON j.id = a.job_id"
					+ " WHERE j.queue = ?", Long.class, queue);
		return (count != null) ? count : 0;
	}

	private Object idParameter(JobId id) {
		return (database() == TestDatabase.MARIADB) ? id.toString() : id.value();
	}

	private static List<JobId> ids(JobPage page) {
		return page.jobs().stream().map(JobView::id).toList();
	}

	static String queue() {
		return "q-" + UUID.randomUUID().toString().substring(0, 8);
	}

	@Configuration(proxyBeanMethods = false)
	static class ListenerConfiguration {

		@Bean
		RecordingListener recordingListener() {
			return new RecordingListener();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class NoPollConfiguration {

		@Bean
		JobWaiters taskFlowJobWaiters(JobStore store, PayloadCodec codec) {
			return JobWaiters.of(store, codec, Duration.ofHours(1), false);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SlowPollConfiguration {

		@Bean
		JobWaiters taskFlowJobWaiters(JobStore store, PayloadCodec codec) {
			return JobWaiters.of(store, codec, Duration.ofHours(1), true);
		}

	}

	static class RecordingListener implements TaskFlowListener {

		static final List<String> events = new CopyOnWriteArrayList<>();

		static long count(String kind, String queue) {
			return events.stream().filter((event) -> event.equals(kind + "@" + queue)).count();
		}

		@Override
		public void enqueued(JobEvent event) {
			events.add("enqueued@" + event.queue());
		}

		@Override
		public void cancelled(JobEvent event) {
			events.add("cancelled@" + event.queue());
		}

	}

	static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
