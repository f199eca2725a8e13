package dev.taskflow.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.taskflow.JobId;
import dev.taskflow.JobProgress;
import dev.taskflow.JobQuery;
import dev.taskflow.JobRequest;
import dev.taskflow.JobStatus;
import dev.taskflow.JobView;
import dev.taskflow.TaskFlow;
import dev.taskflow.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Progress a handler reports ({@code TaskContext.progress}) is stored with the renewal of
 * its lease, at most once per {@code spring.taskflow.progress.interval}, and read from
 * any node. Run against each database by a subclass.
 *
 * @author TaskFlow
 */
abstract class AbstractProgressIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private TestNodes nodes;

	protected abstract TestDatabase database();

	@BeforeEach
	void prepare() {
		this.nodes = new TestNodes(database());
		ProgressTestHandlers.reset();
	}

	@AfterEach
	void stopNodes() {
		ProgressTestHandlers.gate.countDown();
		if (this.nodes != null) {
			this.nodes.close();
		}
	}

	// lease renewals an hour apart: only the progress writes store the reports
	private TestNode worker() {
		return this.nodes.start(List.of(ProgressTestHandlers.class), null, "spring.taskflow.progress.interval=100ms",
				"spring.taskflow.worker.heartbeat-interval=1h", "spring.taskflow.worker.lease=2h");
	}

	private TaskFlow reader() {
		return this.nodes.start(List.of(ProgressTestHandlers.class), null, "spring.taskflow.worker.enabled=false")
			.taskFlow();
	}

	@Test
	void progressIsReadFromAnotherNodeWhileTheJobRunsAndStaysWhenItEnds() throws Exception {
		TaskFlow worker = worker().taskFlow();
		TaskFlow reader = reader();
		JobId id = worker.enqueue(JobRequest.of("progress.units", 5000));
		assertThat(ProgressTestHandlers.reported.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		JobProgress progress = await().atMost(TIMEOUT)
			.until(() -> reader.find(id).flatMap(JobView::progress).orElse(null),
					(read) -> read != null && read.message().isPresent());
		// the latest report of each kind: the message did not reset the units
		assertThat(progress.done()).isEqualTo(5000);
		assertThat(progress.total()).isEqualTo(5000);
		assertThat(progress.fraction()).hasValue(1.0);
		assertThat(progress.message()).hasValue("loading rows");
		JobView running = reader.find(id).orElseThrow();
		assertThat(running.status()).isEqualTo(JobStatus.RUNNING);
		assertThat(progress.updatedAt()).isAfterOrEqualTo(running.startedAt())
			.isBeforeOrEqualTo(Instant.now().plusSeconds(5));
		// a page of jobs carries it too
		assertThat(reader.jobs().list(JobQuery.all().handler("progress.units")).jobs()).extracting(JobView::progress)
			.containsExactly(java.util.Optional.of(progress));
		ProgressTestHandlers.gate.countDown();
		await().atMost(TIMEOUT).until(() -> reader.find(id).orElseThrow().status() == JobStatus.SUCCEEDED);
		assertThat(reader.find(id).orElseThrow().progress()).hasValue(progress);
	}

	@Test
	void progressIsStoredNoMoreOftenThanItsIntervalThoughLeasesRenewMoreOften() throws Exception {
		TaskFlow worker = this.nodes
			.start(List.of(ProgressTestHandlers.class), null, "spring.taskflow.progress.interval=1h",
					"spring.taskflow.worker.heartbeat-interval=100ms", "spring.taskflow.worker.lease=5s")
			.taskFlow();
		JobId id = worker.enqueue(JobRequest.of("progress.units", 10));
		assertThat(ProgressTestHandlers.reported.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		// renewed about 20 times meanwhile (the job outlives its 5 s lease only so)
		await().during(Duration.ofSeconds(2))
			.atMost(Duration.ofSeconds(5))
			.until(() -> worker.find(id).orElseThrow(),
					(job) -> job.status() == JobStatus.RUNNING && job.progress().isEmpty());
	}

	@Test
	void aJobThatReportsNothingHasNoProgress() {
		TaskFlow worker = worker().taskFlow();
		JobId id = worker.enqueue(JobRequest.of("progress.invalid", 1));
		await().atMost(TIMEOUT).until(() -> worker.find(id).orElseThrow().status() == JobStatus.SUCCEEDED);
		JobId never = worker.enqueue(JobRequest.of("progress.units", 1).delay(Duration.ofHours(1)));
		assertThat(worker.find(never).orElseThrow().progress()).isEmpty();
	}

	@Test
	void aLongMessageIsCutAndNegativeUnitsAreRefused() throws Exception {
		TaskFlow worker = worker().taskFlow();
		JobId id = worker.enqueue(JobRequest.of("progress.message", 2000));
		assertThat(ProgressTestHandlers.reported.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		JobProgress progress = await().atMost(TIMEOUT)
			.until(() -> worker.find(id).flatMap(JobView::progress).orElse(null), (read) -> read != null);
		assertThat(progress.message()).hasValue("m".repeat(500));
		assertThat(progress.done()).isZero();
		assertThat(progress.total()).isZero();
		assertThat(progress.fraction()).isEmpty();
		JobId negative = worker.enqueue(JobRequest.of("progress.invalid", -1));
		await().atMost(TIMEOUT).until(() -> worker.find(negative).orElseThrow().status() == JobStatus.SUCCEEDED);
		assertThat(worker.find(negative).orElseThrow().result(String.class))
			.hasValueSatisfying((error) -> assertThat(error).contains("must not be negative").contains("-1 of 10"));
		JobId nullMessage = worker.enqueue(JobRequest.of("progress.invalid", 1));
		await().atMost(TIMEOUT).until(() -> worker.find(nullMessage).orElseThrow().status() == JobStatus.SUCCEEDED);
		assertThat(worker.find(nullMessage).orElseThrow().result(String.class)).hasValue("'message' must not be null");
	}

}
