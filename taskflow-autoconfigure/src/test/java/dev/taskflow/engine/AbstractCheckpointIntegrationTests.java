package dev.taskflow.engine;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import dev.taskflow.JobId;
import dev.taskflow.JobRequest;
import dev.taskflow.JobStatus;
import dev.taskflow.JobView;
import dev.taskflow.TaskFlow;
import dev.taskflow.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Checkpoints: a step's body runs once per job across attempts (a failure, a crash of its
 * node), and a cursor saved by one attempt is where the next resumes (after a release at
 * shutdown). Run against each database by a subclass.
 *
 * @author TaskFlow
 */
abstract class AbstractCheckpointIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private TestNodes nodes;

	protected abstract TestDatabase database();

	@BeforeEach
	void prepare() {
		this.nodes = new TestNodes(database());
		CheckpointTestHandlers.reset();
	}

	@AfterEach
	void stopNodes() {
		CheckpointTestHandlers.gate.countDown();
		if (this.nodes != null) {
			this.nodes.close();
		}
	}

	private TestNode node(String... properties) {
		return this.nodes.start(List.of(CheckpointTestHandlers.class), null, properties);
	}

	private static JobView awaitStatus(TaskFlow taskFlow, JobId id, JobStatus status) {
		await().atMost(TIMEOUT).until(() -> taskFlow.find(id).orElseThrow().status() == status);
		return taskFlow.find(id).orElseThrow();
	}

	@Test
	void stepsRunOnceAcrossAFailedAttempt() {
		TaskFlow taskFlow = node().taskFlow();
		JobId id = taskFlow.enqueue(JobRequest.of("checkpoint.failOnce", "fail-once").maxAttempts(3));
		JobView job = awaitStatus(taskFlow, id, JobStatus.SUCCEEDED);
		assertThat(job.attempt()).isEqualTo(2);
		// the second attempt read each step's stored result, as the type it had or was
		// asked for
		assertThat(job.result(String.class)).hasValue("rows of attempt 1, sent 42, ids [1, 2]");
		assertThat(CheckpointTestHandlers.runs("fail-once.load")).isEqualTo(1);
		assertThat(CheckpointTestHandlers.runs("fail-once.send")).isEqualTo(1);
	}

	@Test
	void aStepRunsOnceAcrossACrashOfItsNode() throws Exception {
		String[] shortLease = { "spring.taskflow.worker.lease=2s", "spring.taskflow.worker.heartbeat-interval=300ms" };
		TestNode dying = node(shortLease);
		JobId id = dying.taskFlow().enqueue(JobRequest.of("checkpoint.crash", "crash"));
		assertThat(CheckpointTestHandlers.inside.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		dying.crash();
		TaskFlow survivor = node(shortLease).taskFlow();
		JobView job = awaitStatus(survivor, id, JobStatus.SUCCEEDED);
		assertThat(job.attempt()).isGreaterThan(1);
		assertThat(job.result(String.class)).hasValue("rows of attempt 1");
		assertThat(CheckpointTestHandlers.runs("crash.load")).isEqualTo(1);
	}

	// found by a chaos soak: the node lost the database for longer than the lease while
	// attempt 1 ran, another node rescued the job, and the same node claimed it again.
	// Attempt 2 must not run beside attempt 1 (it would find no stored steps and run
	// their bodies again while attempt 1's saves still reported "stored"): it starts once
	// attempt 1 ends, and gets back every step attempt 1 completed
	@Test
	void aNodeThatClaimsAJobItStillRunsStartsTheNewAttemptOnceTheOldOneEnded() throws Exception {
		String[] shortLease = { "spring.taskflow.worker.lease=2s", "spring.taskflow.worker.heartbeat-interval=300ms",
				"spring.taskflow.worker.poll-interval=200ms" };
		TestNode cutOff = node(shortLease);
		JobId id = cutOff.taskFlow().enqueue(JobRequest.of("checkpoint.reclaimed", "reclaimed").maxAttempts(3));
		assertThat(CheckpointTestHandlers.inside.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		cutOff.worker().suspendHeartbeats(true);
		// a node without the handler: it rescues the job, and cannot claim it
		TaskFlow rescuer = this.nodes.start(List.of(SigkillTestHandlers.class), null, shortLease).taskFlow();
		await().atMost(TIMEOUT).until(() -> rescuer.find(id).orElseThrow().attempt() == 2);
		assertThat(rescuer.find(id).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
		cutOff.worker().suspendHeartbeats(false);
		CheckpointTestHandlers.gate.countDown();
		JobView job = awaitStatus(rescuer, id, JobStatus.SUCCEEDED);
		assertThat(job.attempt()).isEqualTo(2);
		assertThat(job.result(String.class)).hasValue("extracted by attempt 1, loaded by attempt 1");
		assertThat(CheckpointTestHandlers.runs("reclaimed.extract")).isEqualTo(1);
		assertThat(CheckpointTestHandlers.runs("reclaimed.load")).isEqualTo(1);
		assertThat(CheckpointTestHandlers.mostAttemptsAtOnce).hasValue(1);
	}

	// a real crash: the node's JVM killed with SIGKILL, one job after its step stored its
	// result, one inside the step's body. The first step is never run again; the second,
	// which never completed, runs (and completes) once more
	@Test
	void aStepThatCompletedRunsOnceAcrossASigkillOfItsNodesJvm() throws Exception {
		try (TestNodes shared = new TestNodes(databaseOtherJvmsReach())) {
			String[] shortLease = { "spring.taskflow.worker.lease=2s",
					"spring.taskflow.worker.heartbeat-interval=300ms" };
			ChildJvmNode victim = shared.startChild(SigkillTestHandlers.class,
					Stream.concat(Stream.of(shortLease), Stream.of("test.sigkill.victim=true")).toArray(String[]::new));
			JdbcTemplate jdbc = new JdbcTemplate(
					new SingleConnectionDataSource(TestDatabase.connect(shared.database()), true));
			await().atMost(TIMEOUT)
				.ignoreExceptions()
				.until(() -> jdbc.queryForObject("SELECT COUNT(*) FROM taskflow_node", Integer.class) > 0);
			jdbc.execute("CREATE TABLE " + SigkillTestHandlers.TABLE + " (job_key VARCHAR(40), event VARCHAR(40))");
			TaskFlow producer = shared.start("spring.taskflow.worker.enabled=false").taskFlow();
			JobId after = producer.enqueue(JobRequest.of("checkpoint.sigkill", "after"));
			JobId inside = producer.enqueue(JobRequest.of("checkpoint.sigkill", "inside"));
			String waiting = "SELECT COUNT(*) FROM " + SigkillTestHandlers.TABLE + " WHERE event = 'waiting'";
			await().atMost(TIMEOUT)
				.failFast("the child JVM died:\n" + victim.output(), () -> !victim.isAlive())
				.until(() -> jdbc.queryForObject(waiting, Integer.class) == 2);
			victim.kill();
			TaskFlow survivor = shared.start(List.of(SigkillTestHandlers.class), null, shortLease).taskFlow();
			JobView afterTheStep = awaitStatus(survivor, after, JobStatus.SUCCEEDED);
			JobView insideTheStep = awaitStatus(survivor, inside, JobStatus.SUCCEEDED);
			assertThat(afterTheStep.result(String.class)).hasValue("rows loaded by the killed JVM");
			assertThat(insideTheStep.result(String.class)).hasValue("rows loaded by the survivor");
			assertThat(events(jdbc, "after")).containsExactlyInAnyOrder("load-started", "load-completed", "waiting");
			assertThat(events(jdbc, "inside")).containsExactlyInAnyOrder("load-started", "waiting", "load-started",
					"load-completed");
			jdbc.execute("DROP TABLE " + SigkillTestHandlers.TABLE);
		}
	}

	private static List<String> events(JdbcTemplate jdbc, String key) {
		return jdbc.queryForList("SELECT event FROM " + SigkillTestHandlers.TABLE + " WHERE job_key = ?", String.class,
				key);
	}

	/**
	 * The database as a node in another JVM reaches it.
	 * @return its {@code spring.datasource.*} properties
	 */
	protected Map<String, String> databaseOtherJvmsReach() {
		return database().dataSourceProperties();
	}

	@Test
	void aStepRunsOnceAcrossAReleaseAtShutdown() throws Exception {
		String[] settings = { "spring.taskflow.shutdown.await=0s" };
		TestNode stopping = node(settings);
		JobId id = stopping.taskFlow().enqueue(JobRequest.of("checkpoint.crash", "released"));
		assertThat(CheckpointTestHandlers.inside.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		// a graceful stop: the running attempt is asked to stop and handed back
		this.nodes.stop(stopping);
		TaskFlow next = node(settings).taskFlow();
		JobView job = awaitStatus(next, id, JobStatus.SUCCEEDED);
		assertThat(job.attempt()).isEqualTo(2);
		assertThat(job.result(String.class)).hasValue("rows of attempt 1");
		assertThat(CheckpointTestHandlers.runs("released.load")).isEqualTo(1);
	}

	@Test
	void aCursorResumesWhereAnAttemptReleasedAtShutdownStopped() throws Exception {
		// saved cursors wait for a progress write an hour away: only the release stores
		// the last one
		String[] settings = { "spring.taskflow.shutdown.await=0s", "spring.taskflow.progress.interval=1h" };
		TestNode stopping = node(settings);
		JobId id = stopping.taskFlow().enqueue(JobRequest.of("checkpoint.cursor", 100));
		assertThat(CheckpointTestHandlers.inside.await(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		this.nodes.stop(stopping);
		TaskFlow next = node(settings).taskFlow();
		JobView job = awaitStatus(next, id, JobStatus.SUCCEEDED);
		assertThat(job.attempt()).isEqualTo(2);
		assertThat(job.result(Long.class)).hasValue(100L);
		// each unit once: the second attempt began after the last unit the first finished
		assertThat(CheckpointTestHandlers.processed)
			.containsExactlyElementsOf(LongStream.range(0, 100).boxed().toList());
		// untyped: none at first, then the object saved, then as its JSON reads back
		assertThat(CheckpointTestHandlers.untypedCursors).satisfiesExactly((first) -> assertThat(first).isEmpty(),
				(saved) -> assertThat(saved).containsInstanceOf(Long.class).contains(1L),
				(readBack) -> assertThat(readBack).get()
					.isInstanceOf(Number.class)
					.extracting((cursor) -> ((Number) cursor).longValue())
					.isEqualTo(51L));
	}

	@Test
	void aStepOutsideAnyJobJustRuns() throws Exception {
		dev.taskflow.TaskContext context = new dev.taskflow.TaskContext() {

			@Override
			public JobId jobId() {
				return JobId.of(java.util.UUID.randomUUID());
			}

			@Override
			public String handler() {
				return "by-hand";
			}

			@Override
			public int attempt() {
				return 1;
			}

			@Override
			public int maxAttempts() {
				return 1;
			}

			@Override
			public String queue() {
				return "default";
			}

		};
		assertThat(context.step("load", () -> "loaded")).isEqualTo("loaded");
		assertThat(context.checkpoint(Long.class)).isEmpty();
	}

}
