package dev.taskflow.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.annotation.Bean;

import dev.taskflow.JobId;
import dev.taskflow.JobRequest;
import dev.taskflow.JobStatus;
import dev.taskflow.Schedule;
import dev.taskflow.TaskFlow;
import dev.taskflow.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Lifecycle listeners, Micrometer metrics and the MDC, on real nodes and a real database.
 *
 * @author TaskFlow
 */
abstract class AbstractObservabilityIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private TestNodes nodes;

	protected abstract TestDatabase database();

	@BeforeEach
	void prepareDatabase() {
		this.nodes = new TestNodes(database());
		ObservabilityTestHandlers.reset();
	}

	@AfterEach
	void stopNodes() {
		ObservabilityTestHandlers.gate.countDown();
		if (this.nodes != null) {
			this.nodes.close();
		}
	}

	private TestNode startNode(String nodeId, List<Class<?>> more, String... properties) {
		List<Class<?>> configurations = new ArrayList<>(List.of(ObservabilityTestHandlers.class, Metrics.class));
		configurations.addAll(more);
		List<String> all = new ArrayList<>(List.of(properties));
		all.add("spring.taskflow.worker.node-id=" + nodeId);
		// a retry is due well after its outcome is told, so the order of events is fixed
		all.add("spring.taskflow.retry.backoff.initial=300ms");
		all.add("spring.taskflow.retry.backoff.max=300ms");
		all.add("spring.taskflow.metrics.queue-refresh-interval=200ms");
		return this.nodes.start(configurations, null, all.toArray(String[]::new));
	}

	private TestNode startNode(String... properties) {
		return startNode("node-a", List.of(), properties);
	}

	private static void awaitHeard(JobId id, String... expected) {
		Awaitility.await()
			.atMost(TIMEOUT)
			.pollInterval(Duration.ofMillis(20))
			.untilAsserted(() -> assertThat(ObservabilityTestHandlers.heardOf(id)).containsExactly(expected));
	}

	@Test
	void listenerHearsASucceedingJobEnqueuedStartedAndSucceeded() {
		TestNode node = startNode();
		JobId id = node.taskFlow().enqueue(JobRequest.of("obs.ok").queue("mail").priority(3));
		awaitHeard(id, "enqueued:0", "started:1", "succeeded:1");
		List<ObservabilityTestHandlers.Heard> events = ObservabilityTestHandlers.eventsOf(id);
		assertThat(events).allSatisfy((heard) -> {
			assertThat(heard.event().handler()).isEqualTo("obs.ok");
			assertThat(heard.event().queue()).isEqualTo("mail");
			assertThat(heard.event().priority()).isEqualTo(3);
		});
		assertThat(events.get(1).event().waitTime()).isNotNull().isGreaterThanOrEqualTo(Duration.ZERO);
		assertThat(events.get(2).event().duration()).isNotNull().isGreaterThanOrEqualTo(Duration.ZERO);
		assertThat(events.get(2).event().waitTime()).isEqualTo(events.get(1).event().waitTime());
	}

	@Test
	void listenerHearsAFailedAttemptRetriedThenSucceeding() {
		TestNode node = startNode();
		JobId id = node.taskFlow().enqueue(JobRequest.of("obs.flaky").maxAttempts(3));
		awaitHeard(id, "enqueued:0", "started:1", "retryScheduled:1", "started:2", "succeeded:2");
		ObservabilityTestHandlers.Heard retry = ObservabilityTestHandlers.eventsOf(id).get(2);
		assertThat(retry.delay()).isEqualTo(Duration.ofMillis(300));
		assertThat(retry.exception()).isInstanceOf(IllegalStateException.class).hasMessage("first attempt fails");
	}

	@Test
	void listenerHearsAJobOutOfAttemptsFail() {
		TestNode node = startNode();
		JobId id = node.taskFlow().enqueue(JobRequest.of("obs.fail").maxAttempts(2));
		awaitHeard(id, "enqueued:0", "started:1", "retryScheduled:1", "started:2", "failed:2");
		ObservabilityTestHandlers.Heard failed = ObservabilityTestHandlers.eventsOf(id).get(4);
		assertThat(failed.exception()).isInstanceOf(IllegalStateException.class).hasMessage("obs boom");
		assertThat(node.taskFlow().find(id).orElseThrow().status()).isEqualTo(JobStatus.FAILED);
	}

	@Test
	void listenerHearsACancelledJob() {
		TestNode node = startNode();
		JobId id = node.taskFlow().enqueue(JobRequest.of("obs.ok").delay(Duration.ofHours(1)));
		assertThat(node.taskFlow().cancel(id)).isTrue();
		assertThat(node.taskFlow().cancel(id)).as("cancelling twice tells nothing more").isFalse();
		awaitHeard(id, "enqueued:0", "cancelled:0");
	}

	@Test
	void listenerHearsARetriedJobEnqueuedAgain() {
		TestNode node = startNode();
		JobId id = node.taskFlow().enqueue(JobRequest.of("obs.fail").maxAttempts(1));
		awaitHeard(id, "enqueued:0", "started:1", "failed:1");
		assertThat(node.taskFlow().retry(id)).isTrue();
		// a fresh budget of the handler's 3 attempts, numbered on
		awaitHeard(id, "enqueued:0", "started:1", "failed:1", "enqueued:1", "started:2", "retryScheduled:2",
				"started:3", "retryScheduled:3", "started:4", "failed:4");
	}

	@Test
	void listenerHearsTheJobsOfSchedulesFiredTriggeredAndBackfilled() {
		TestNode node = startNode();
		node.taskFlow()
			.schedules()
			.register(Schedule.every("obs.every-second", Duration.ofSeconds(1)).handler("obs.ok").queue("mail"));
		JobId fired = Awaitility.await()
			.atMost(TIMEOUT)
			.until(() -> node.jdbc()
				.queryForList("SELECT id FROM taskflow_job WHERE schedule_name = 'obs.every-second'", String.class)
				.stream()
				.map(JobId::parse)
				.findFirst(), Optional::isPresent)
			.orElseThrow();
		awaitHeard(fired, "enqueued:0", "started:1", "succeeded:1");
		assertThat(ObservabilityTestHandlers.eventsOf(fired).get(0).event().queue()).isEqualTo("mail");
		node.taskFlow().schedules().register(Schedule.every("obs.hourly", Duration.ofHours(1)).handler("obs.ok"));
		JobId triggered = node.taskFlow().schedules().trigger("obs.hourly");
		awaitHeard(triggered, "enqueued:0", "started:1", "succeeded:1");
		List<JobId> backfilled = node.taskFlow()
			.schedules()
			.backfill("obs.hourly", Instant.now().minus(Duration.ofHours(3)), Instant.now());
		assertThat(backfilled).hasSizeBetween(2, 3);
		backfilled.forEach((id) -> awaitHeard(id, "enqueued:0", "started:1", "succeeded:1"));
	}

	@Test
	void listenerHearsAJobRescuedFromACrashedNode() {
		String[] shortLeases = { "spring.taskflow.worker.lease=1s", "spring.taskflow.worker.heartbeat-interval=200ms" };
		TestNode doomed = startNode("node-doomed", List.of(), shortLeases);
		JobId id = doomed.taskFlow().enqueue(JobRequest.of("obs.gated"));
		Awaitility.await().atMost(TIMEOUT).until(() -> ObservabilityTestHandlers.running.get() == 1);
		doomed.awaitStartConfirmed(id);
		TestNode survivor = startNode("node-survivor", List.of(), shortLeases);
		doomed.crash();
		awaitHeard(id, "enqueued:0", "started:1", "rescued:1", "started:2", "succeeded:2");
		MeterRegistry meters = survivor.context().getBean(MeterRegistry.class);
		assertThat(meters.get("taskflow.jobs.completed").tag("outcome", "rescued").counter().count()).isEqualTo(1);
	}

	@Test
	void throwingListenerBreaksNeitherTheEnqueueNorTheJobNorTheOtherListeners() {
		TestNode node = startNode("node-a", List.of(ObservabilityTestHandlers.ThrowingListenerConfiguration.class));
		JobId id = node.taskFlow().enqueue(JobRequest.of("obs.ok"));
		awaitHeard(id, "enqueued:0", "started:1", "succeeded:1");
		assertThat(node.taskFlow().find(id).orElseThrow().status()).isEqualTo(JobStatus.SUCCEEDED);
	}

	@Test
	void metricsCountOutcomesAndTimeAttempts() {
		TestNode node = startNode();
		TaskFlow taskFlow = node.taskFlow();
		taskFlow.enqueueAll(List.of(JobRequest.of("obs.ok"), JobRequest.of("obs.ok"), JobRequest.of("obs.ok")));
		taskFlow.enqueue(JobRequest.of("obs.fail").maxAttempts(2));
		JobId cancelled = taskFlow.enqueue(JobRequest.of("obs.ok").delay(Duration.ofHours(1)));
		taskFlow.cancel(cancelled);
		MeterRegistry meters = node.context().getBean(MeterRegistry.class);
		Awaitility.await().atMost(TIMEOUT).untilAsserted(() -> assertThat(completed(meters, "failed")).isEqualTo(1));
		assertThat(completed(meters, "succeeded")).isEqualTo(3);
		assertThat(completed(meters, "retried")).isEqualTo(1);
		assertThat(completed(meters, "cancelled")).isEqualTo(1);
		assertThat(meters.get("taskflow.jobs.completed").tag("handler", "obs.fail").counters()).hasSize(2);
		assertThat(meters.get("taskflow.jobs.enqueued").counters().stream().mapToDouble((c) -> c.count()).sum())
			.isEqualTo(5);
		assertThat(meters.get("taskflow.jobs.enqueued").tag("handler", "obs.ok").tag("queue", "default").counter())
			.isNotNull();
		// three successes and two failed attempts ran and waited
		assertThat(meters.get("taskflow.job.duration").timers().stream().mapToLong((t) -> t.count()).sum())
			.isEqualTo(5);
		// the one timer of attempts, with the documented tags and no ObservationRegistry
		assertThat(meters.get("taskflow.job.duration")
			.tags("queue", "default", "handler", "obs.ok", "outcome", "succeeded")
			.timer()
			.count()).isEqualTo(3);
		assertThat(meters.get("taskflow.job.duration")
			.tags("queue", "default", "handler", "obs.fail", "outcome", "retried")
			.timer()
			.count()).isEqualTo(1);
		assertThat(meters.get("taskflow.job.duration")
			.tags("queue", "default", "handler", "obs.fail", "outcome", "failed")
			.timer()
			.count()).isEqualTo(1);
		assertThat(meters.find("taskflow.job.execution").meters()).isEmpty();
		assertThat(meters.get("taskflow.job.wait").timers().stream().mapToLong((t) -> t.count()).sum()).isEqualTo(5);
	}

	@Test
	void queueGaugesFollowPendingJobsAfterARefresh() {
		TestNode node = startNode();
		TaskFlow taskFlow = node.taskFlow();
		MeterRegistry meters = node.context().getBean(MeterRegistry.class);
		List<JobId> later = taskFlow
			.enqueueAll(List.of(JobRequest.of("obs.ok").queue("later").delay(Duration.ofHours(1)),
					JobRequest.of("obs.ok").queue("later").delay(Duration.ofHours(1))));
		Awaitility.await()
			.atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(gauge(meters, "taskflow.queue.depth", "later", "PENDING")).isEqualTo(2));
		assertThat(gauge(meters, "taskflow.queue.oldest.age", "later", "PENDING")).as("due in the future").isZero();
		taskFlow.cancel(later.get(0));
		Awaitility.await()
			.atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(gauge(meters, "taskflow.queue.depth", "later", "PENDING")).isEqualTo(1));
		taskFlow.cancel(later.get(1));
		Awaitility.await()
			.atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(gauge(meters, "taskflow.queue.depth", "later", "PENDING")).isZero());
	}

	@Test
	void busyGaugeCountsRunningJobsOfThisNode() {
		TestNode node = startNode();
		MeterRegistry meters = node.context().getBean(MeterRegistry.class);
		Awaitility.await().atMost(TIMEOUT).until(() -> meters.find("taskflow.workers.busy").gauge() != null);
		assertThat(meters.get("taskflow.workers.busy").gauge().value()).isZero();
		JobId first = node.taskFlow().enqueue(JobRequest.of("obs.gated"));
		node.taskFlow().enqueue(JobRequest.of("obs.gated"));
		Awaitility.await()
			.atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(meters.get("taskflow.workers.busy").gauge().value()).isEqualTo(2));
		ObservabilityTestHandlers.gate.countDown();
		Awaitility.await()
			.atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(meters.get("taskflow.workers.busy").gauge().value()).isZero());
		awaitHeard(first, "enqueued:0", "started:1", "succeeded:1");
	}

	@Test
	void diagnosticContextNamesTheJobWhileItsHandlerRuns() {
		TestNode node = startNode();
		JobId id = node.taskFlow().enqueue(JobRequest.of("obs.ok"));
		awaitHeard(id, "enqueued:0", "started:1", "succeeded:1");
		assertThat(ObservabilityTestHandlers.diagnosticContexts.get(id.value()))
			.containsEntry("taskflow.jobId", id.value().toString())
			.containsEntry("taskflow.handler", "obs.ok")
			.containsEntry("taskflow.attempt", "1");
	}

	// find, not get: a counter not yet there reads zero while awaiting it
	private static double completed(MeterRegistry meters, String outcome) {
		return meters.find("taskflow.jobs.completed")
			.tag("outcome", outcome)
			.counters()
			.stream()
			.mapToDouble((c) -> c.count())
			.sum();
	}

	private static double gauge(MeterRegistry meters, String name, String queue, String status) {
		Gauge gauge = meters.find(name).tag("queue", queue).tag("status", status).gauge();
		assertThat(gauge).as(name + " of " + queue + "/" + status).isNotNull();
		return gauge.value();
	}

	static class Metrics {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}
