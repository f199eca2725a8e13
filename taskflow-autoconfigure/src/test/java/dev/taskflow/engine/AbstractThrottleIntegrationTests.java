package dev.taskflow.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.taskflow.JobId;
import dev.taskflow.JobRequest;
import dev.taskflow.JobStatus;
import dev.taskflow.QueueLimits;
import dev.taskflow.TaskFlow;
import dev.taskflow.engine.ThrottleTestHandlers.Execution;
import dev.taskflow.testsupport.TestDatabase;
import dev.taskflow.throttle.LoadProbe;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rate limits, concurrency limits, per-key limits, reserved capacity, queue pauses and
 * back-pressure, on real nodes and a real database; cluster-wide rules over three nodes.
 *
 * @author TaskFlow
 */
@ExtendWith(OutputCaptureExtension.class)
abstract class AbstractThrottleIntegrationTests {

	private static final Duration SECOND = Duration.ofSeconds(1);

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
		ThrottleTestHandlers.reset();
		AdjustableLoad.heap.set(0.1);
	}

	@AfterEach
	void stopNodes() {
		if (this.nodes != null) {
			this.nodes.close();
		}
	}

	private TestNode startNode(String nodeId, String... properties) {
		// the rate limiter of @TaskHandler(value = "throttle.named", rateLimiter =
		// "mail-api")
		List<String> all = new ArrayList<>(List.of("resilience4j.ratelimiter.instances.mail-api.limit-for-period=5",
				"resilience4j.ratelimiter.instances.mail-api.limit-refresh-period=1s"));
		all.addAll(List.of(properties));
		all.add("spring.taskflow.worker.node-id=" + nodeId);
		return this.nodes.start(List.of(ThrottleTestHandlers.class, Metrics.class), null, all.toArray(String[]::new));
	}

	@Test
	void rateLimitOfAHandlerNeverLetsMoreThanItsLimitStartInAnyWindowOfItsPeriod() {
		TestNode node = startNode("node-a", "spring.taskflow.handlers[throttle.rated].rate-limit.limit-for-period=10",
				"spring.taskflow.handlers[throttle.rated].rate-limit.limit-refresh-period=1s");
		enqueue(node.taskFlow(), "throttle.rated", 50);
		awaitExecutions("throttle.rated", 50, Duration.ofSeconds(40));
		List<Long> starts = starts("throttle.rated");
		assertThat(maxInAnyWindow(starts, SECOND)).isLessThanOrEqualTo(10);
		// 50 jobs at 10 per second: the fifth batch cannot start before 4 s have passed
		assertThat(spanOf(starts)).isGreaterThanOrEqualTo(Duration.ofSeconds(4));
		MeterRegistry meters = node.context().getBean(MeterRegistry.class);
		assertThat(meters.find("taskflow.jobs.throttled").tag("handler", "throttle.rated").counter())
			.as("held-back jobs are counted")
			.isNotNull()
			.satisfies((counter) -> assertThat(counter.count()).isPositive());
	}

	@Test
	void clusterRateLimitHoldsForAllNodesTogether() {
		// five threads a node, each job holding its thread for a period: no node can take
		// a whole period's permits, so the limit is shared or its rate halves (the
		// first node to wake after a refresh took every permit once, when a job was
		// over at once)
		String[] limit = { "spring.taskflow.handlers[throttle.slow].rate-limit.limit-for-period=10",
				"spring.taskflow.handlers[throttle.slow].rate-limit.scope=cluster",
				"spring.taskflow.worker.threads=5" };
		TestNode a = startNode("node-a", limit);
		startNode("node-b", limit);
		startNode("node-c", limit);
		List<JobRequest> requests = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			requests.add(JobRequest.of("throttle.slow", 1000L));
		}
		a.taskFlow().enqueueAll(requests);
		awaitExecutions("throttle.slow", 50, Duration.ofSeconds(40));
		List<Long> starts = starts("throttle.slow");
		// permits are granted in the database, before the claim commits and the handler
		// starts: a first claim on a fresh node started its jobs up to 160 ms after its
		// grants, so the next period's grants started less than a period after them. A
		// limit of each node rather than the cluster would start 15 at once
		Duration lessTheLagOfAStart = Duration.ofMillis(700);
		assertThat(maxInAnyWindow(starts, lessTheLagOfAStart)).as(timeline("throttle.slow")).isLessThanOrEqualTo(10);
		assertThat(spanOf(starts)).isGreaterThanOrEqualTo(Duration.ofSeconds(4));
		assertThat(ThrottleTestHandlers.of("throttle.slow").stream().map(Execution::node).distinct().count())
			.as("the nodes shared the work: %s", timeline("throttle.slow"))
			.isGreaterThan(1);
	}

	@Test
	void rateLimitOfAQueueAndOfAllJobsHoldsByStartTime() {
		TestNode node = startNode("node-a", "spring.taskflow.queues.mail.rate-limit.limit-for-period=4",
				"spring.taskflow.rate-limit.limit-for-period=6");
		List<JobRequest> requests = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			requests.add(JobRequest.of("throttle.rated").queue("mail"));
			requests.add(JobRequest.of("throttle.free"));
		}
		node.taskFlow().enqueueAll(requests);
		awaitExecutions("throttle.rated", 12, Duration.ofSeconds(20));
		awaitExecutions("throttle.free", 12, Duration.ofSeconds(20));
		assertThat(maxInAnyWindow(starts("throttle.rated"), SECOND)).as("queue mail").isLessThanOrEqualTo(4);
		List<Long> all = new ArrayList<>(starts("throttle.rated"));
		all.addAll(starts("throttle.free"));
		all.sort(Long::compare);
		assertThat(maxInAnyWindow(all, SECOND)).as("all jobs").isLessThanOrEqualTo(6);
		assertThat(spanOf(all)).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void perNodeConcurrencyLimitHoldsOnEachNode() {
		String limit = "spring.taskflow.handlers[throttle.slow].concurrency.per-node=1";
		TestNode a = startNode("node-a", limit);
		startNode("node-b", limit);
		List<JobRequest> requests = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			requests.add(JobRequest.of("throttle.slow", 100L));
		}
		a.taskFlow().enqueueAll(requests);
		awaitExecutions("throttle.slow", 10, Duration.ofSeconds(30));
		Map<String, List<Execution>> byNode = ThrottleTestHandlers.of("throttle.slow")
			.stream()
			.collect(Collectors.groupingBy(Execution::node));
		byNode.forEach((node, executions) -> assertThat(maxOverlap(executions)).as(node).isEqualTo(1));
		assertThat(maxOverlap(ThrottleTestHandlers.of("throttle.slow"))).isLessThanOrEqualTo(2);
	}

	@Test
	void globalConcurrencyLimitHoldsOverThreeNodes() {
		String limit = "spring.taskflow.handlers[throttle.slow].concurrency.global=2";
		TestNode a = startNode("node-a", limit);
		startNode("node-b", limit);
		startNode("node-c", limit);
		List<JobRequest> requests = new ArrayList<>();
		for (int i = 0; i < 16; i++) {
			requests.add(JobRequest.of("throttle.slow", 150L));
		}
		a.taskFlow().enqueueAll(requests);
		awaitExecutions("throttle.slow", 16, Duration.ofSeconds(30));
		List<Execution> executions = ThrottleTestHandlers.of("throttle.slow");
		assertThat(maxOverlap(executions)).isEqualTo(2);
	}

	@Test
	void runTimeLimitsOfAQueueHoldOnEveryNodeWithinASecondAndClearAgain(CapturedOutput output) {
		// configured: at most 3 of the queue at once across the cluster
		String configured = "spring.taskflow.queues.bulk.concurrency.global=3";
		// an idle node reads the limits at its heartbeat (but for a notification on
		// PostgreSQL)
		String heartbeat = "spring.taskflow.worker.heartbeat-interval=500ms";
		TestNode a = startNode("node-a", configured, heartbeat);
		TestNode b = startNode("node-b", configured, heartbeat);
		// set on one node, applied by both: 1 at once
		a.taskFlow().queues().setLimits("bulk", QueueLimits.concurrency(1));
		assertThat(b.taskFlow().queues().limits()).containsEntry("bulk", QueueLimits.concurrency(1));
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.until(() -> output.getOut()
				.contains("node-b applies the queues' run-time limits {bulk=QueueLimits[concurrency=1]}"));
		List<JobRequest> requests = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			requests.add(JobRequest.of("throttle.slow", 100L).queue("bulk"));
		}
		b.taskFlow().enqueueAll(requests);
		awaitExecutions("throttle.slow", 8, Duration.ofSeconds(30));
		// over both nodes together
		assertThat(maxOverlap(ThrottleTestHandlers.of("throttle.slow"))).isEqualTo(1);
		// cleared: the configured 3 again
		ThrottleTestHandlers.reset();
		b.taskFlow().queues().clearLimits("bulk");
		assertThat(a.taskFlow().queues().limits()).isEmpty();
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.until(() -> output.getOut()
				.contains("node-a applies the queues' run-time limits (none: the configured limits)"));
		List<JobRequest> more = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			more.add(JobRequest.of("throttle.slow", 300L).queue("bulk"));
		}
		a.taskFlow().enqueueAll(more);
		awaitExecutions("throttle.slow", 12, Duration.ofSeconds(30));
		assertThat(maxOverlap(ThrottleTestHandlers.of("throttle.slow"))).isBetween(2, 3);
	}

	@Test
	void aRunTimeRateLimitLimitsAQueueWithoutConfiguredLimits(CapturedOutput output) {
		TestNode a = startNode("node-a", "spring.taskflow.worker.heartbeat-interval=500ms");
		a.taskFlow().queues().setLimits("paced", QueueLimits.rate(3, SECOND));
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.until(() -> output.getOut().contains("node-a applies the queues' run-time limits {paced="));
		List<JobRequest> requests = new ArrayList<>();
		for (int i = 0; i < 9; i++) {
			requests.add(JobRequest.of("throttle.rated").queue("paced"));
		}
		a.taskFlow().enqueueAll(requests);
		awaitExecutions("throttle.rated", 9, Duration.ofSeconds(30));
		assertThat(maxInAnyWindow(starts("throttle.rated"), SECOND)).isLessThanOrEqualTo(3);
		assertThat(spanOf(starts("throttle.rated"))).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
	}

	@Test
	void perKeyLimitRunsOneJobOfAKeyAtATimeWhileOtherKeysProceed() {
		String limit = "spring.taskflow.handlers[throttle.keyed].concurrency.per-key=1";
		TestNode a = startNode("node-a", limit);
		startNode("node-b", limit);
		List<JobRequest> requests = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			for (String key : List.of("tenant-1", "tenant-2", "tenant-3")) {
				requests.add(JobRequest.of("throttle.keyed", key).concurrencyKey(key));
			}
		}
		a.taskFlow().enqueueAll(requests);
		awaitExecutions("throttle.keyed", 18, Duration.ofSeconds(30));
		Map<String, List<Execution>> byKey = ThrottleTestHandlers.of("throttle.keyed")
			.stream()
			.collect(Collectors.groupingBy(Execution::key));
		assertThat(byKey).hasSize(3);
		byKey.forEach((key, executions) -> assertThat(maxOverlap(executions)).as(key).isEqualTo(1));
		assertThat(maxOverlap(ThrottleTestHandlers.of("throttle.keyed"))).as("keys run in parallel").isGreaterThan(1);
		assertThat(a.taskFlow()
			.find(a.taskFlow().enqueue(JobRequest.of("throttle.keyed", "x").concurrencyKey("x")))
			.orElseThrow()
			.concurrencyKey()).isEqualTo("x");
	}

	@Test
	void rateLimitedBacklogDoesNotDelayOtherHandlers() {
		TestNode node = startNode("node-a", "spring.taskflow.handlers[throttle.rated].rate-limit.limit-for-period=1");
		enqueue(node.taskFlow(), "throttle.rated", 300);
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> !ThrottleTestHandlers.of("throttle.rated").isEmpty());
		long enqueued = System.nanoTime();
		enqueue(node.taskFlow(), "throttle.free", 50);
		awaitExecutions("throttle.free", 50, Duration.ofSeconds(10));
		long last = ThrottleTestHandlers.of("throttle.free").stream().mapToLong(Execution::start).max().orElseThrow();
		assertThat(Duration.ofNanos(last - enqueued)).as("50 unrelated jobs behind 300 rate-limited ones")
			.isLessThan(Duration.ofSeconds(3));
		assertThat(ThrottleTestHandlers.of("throttle.rated").size()).isLessThan(10);
	}

	@Test
	void reservedThreadsStartHighPriorityJobsWhileLowPriorityOnesSaturateThePool() {
		TestNode node = startNode("node-a", "spring.taskflow.worker.threads=4",
				"spring.taskflow.worker.reserved-for-priority-above=5", "spring.taskflow.worker.reserved-threads=1");
		List<JobRequest> low = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			low.add(JobRequest.of("throttle.slow", 2000L));
		}
		node.taskFlow().enqueueAll(low);
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> ThrottleTestHandlers.inProgress("throttle.slow") == 3);
		long enqueued = System.nanoTime();
		node.taskFlow().enqueue(JobRequest.of("throttle.free").priority(10));
		awaitExecutions("throttle.free", 1, Duration.ofSeconds(10));
		long started = ThrottleTestHandlers.of("throttle.free").get(0).start();
		assertThat(Duration.ofNanos(started - enqueued)).as("the high-priority job waited for no low-priority one")
			.isLessThan(Duration.ofMillis(1500));
		assertThat(ThrottleTestHandlers.of("throttle.slow")).as("no low-priority job had finished").isEmpty();
	}

	@Test
	void everyAcceptedPriorityIsClaimedWithReservedThreadsOnBothClaimPaths() {
		// throttle.rated goes through the limited claim, throttle.free through the plain
		// one: the lowest and the highest priority a request accepts must run on both
		TestNode node = startNode("node-a", "spring.taskflow.worker.threads=4",
				"spring.taskflow.worker.reserved-for-priority-above=5", "spring.taskflow.worker.reserved-threads=1",
				"spring.taskflow.handlers[throttle.rated].rate-limit.limit-for-period=100");
		List<JobId> ids = new ArrayList<>();
		// a job stored below the range (before it was enforced) runs too
		ids.add(node.taskFlow().enqueue(JobRequest.of("throttle.free").priority(7).delay(Duration.ofHours(1))));
		assertThat(node.jdbc()
			.update("UPDATE taskflow_job SET priority = ?, run_at = created_at WHERE priority = 7", Integer.MIN_VALUE))
			.isOne();
		for (String handler : List.of("throttle.free", "throttle.rated")) {
			for (int priority : new int[] { JobRequest.MIN_PRIORITY, JobRequest.MAX_PRIORITY }) {
				ids.add(node.taskFlow().enqueue(JobRequest.of(handler).priority(priority)));
			}
		}
		Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(ids).allSatisfy((id) -> assertThat(node.taskFlow().find(id))
				.hasValueSatisfying((job) -> assertThat(job.status()).as("job of priority %d", job.priority())
					.isEqualTo(JobStatus.SUCCEEDED))));
	}

	@Test
	void pauseAndResumeHoldForEveryNode() {
		TestNode a = startNode("node-a");
		TestNode b = startNode("node-b");
		assertThat(a.taskFlow().queues().pause("mail")).isTrue();
		assertThat(a.taskFlow().queues().pause("mail")).isFalse();
		assertThat(b.taskFlow().queues().isPaused("mail")).isTrue();
		assertThat(b.taskFlow().queues().paused()).containsExactly("mail");
		List<JobRequest> requests = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			requests.add(JobRequest.of("throttle.free").queue("mail"));
		}
		b.taskFlow().enqueueAll(requests);
		enqueue(b.taskFlow(), "throttle.rated", 5);
		awaitExecutions("throttle.rated", 5, Duration.ofSeconds(10));
		Awaitility.await()
			.during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(3))
			.until(() -> ThrottleTestHandlers.of("throttle.free").isEmpty());
		assertThat(b.taskFlow().queues().resume("mail")).isTrue();
		awaitExecutions("throttle.free", 10, Duration.ofSeconds(10));
		assertThat(a.taskFlow().queues().isPaused("mail")).isFalse();
		assertThat(a.taskFlow().queues().paused()).isEmpty();
	}

	@Test
	void queueWithThreadsOfItsOwnRunsItsJobsOnlyThere() {
		TestNode node = startNode("node-a", "spring.taskflow.queues.reports.threads=1");
		List<JobRequest> requests = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			requests.add(JobRequest.of("throttle.slow", 100L).queue("reports"));
		}
		node.taskFlow().enqueueAll(requests);
		enqueue(node.taskFlow(), "throttle.free", 20);
		awaitExecutions("throttle.slow", 5, Duration.ofSeconds(10));
		awaitExecutions("throttle.free", 20, Duration.ofSeconds(10));
		assertThat(maxOverlap(ThrottleTestHandlers.of("throttle.slow"))).isEqualTo(1);
	}

	@Test
	void namedResilience4jRateLimiterLimitsItsHandler() {
		TestNode node = startNode("node-a");
		enqueue(node.taskFlow(), "throttle.named", 15);
		awaitExecutions("throttle.named", 15, Duration.ofSeconds(20));
		List<Long> starts = starts("throttle.named");
		assertThat(maxInAnyWindow(starts, SECOND)).isLessThanOrEqualTo(5);
		assertThat(spanOf(starts)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void saturatedNodeStopsClaimingAndResumesOnItsOwn() {
		AdjustableLoad.heap.set(0.95);
		TestNode node = startNode("node-a", "spring.taskflow.worker.backpressure.heap-threshold=0.9",
				"spring.taskflow.worker.backpressure.check-interval=100ms");
		enqueue(node.taskFlow(), "throttle.free", 5);
		Awaitility.await()
			.during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(3))
			.until(() -> ThrottleTestHandlers.of("throttle.free").isEmpty());
		AdjustableLoad.heap.set(0.5);
		awaitExecutions("throttle.free", 5, Duration.ofSeconds(10));
	}

	private static void enqueue(TaskFlow taskFlow, String handler, int count) {
		List<JobRequest> requests = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			requests.add(JobRequest.of(handler));
		}
		taskFlow.enqueueAll(requests);
	}

	private static void awaitExecutions(String handler, int count, Duration atMost) {
		Awaitility.await()
			.atMost(atMost)
			.pollInterval(Duration.ofMillis(50))
			.until(() -> ThrottleTestHandlers.of(handler).size() >= count);
	}

	private static List<Long> starts(String handler) {
		return ThrottleTestHandlers.of(handler).stream().map(Execution::start).sorted().toList();
	}

	// start offsets in ms and nodes, for a failure message
	private static String timeline(String handler) {
		List<Execution> executions = new ArrayList<>(ThrottleTestHandlers.of(handler));
		executions.sort(Comparator.comparingLong(Execution::start));
		long first = executions.get(0).start();
		return executions.stream()
			.map((execution) -> (execution.start() - first) / 1_000_000 + "@" + execution.node())
			.collect(Collectors.joining(" "));
	}

	private static Duration spanOf(List<Long> sortedStarts) {
		return Duration.ofNanos(sortedStarts.get(sortedStarts.size() - 1) - sortedStarts.get(0));
	}

	// the most starts in any window [t, t + length) that begins at a start
	static int maxInAnyWindow(List<Long> sortedStarts, Duration length) {
		int most = 0;
		int end = 0;
		for (int i = 0; i < sortedStarts.size(); i++) {
			while (end < sortedStarts.size() && sortedStarts.get(end) < sortedStarts.get(i) + length.toNanos()) {
				end++;
			}
			most = Math.max(most, end - i);
		}
		return most;
	}

	static int maxOverlap(List<Execution> executions) {
		List<long[]> events = new ArrayList<>();
		for (Execution execution : executions) {
			events.add(new long[] { execution.start(), 1 });
			events.add(new long[] { execution.end(), -1 });
		}
		// an end before a start at the same instant
		events.sort(Comparator.<long[]>comparingLong((event) -> event[0]).thenComparingLong((event) -> event[1]));
		int current = 0;
		int most = 0;
		for (long[] event : events) {
			current += (int) event[1];
			most = Math.max(most, current);
		}
		return most;
	}

	@Configuration(proxyBeanMethods = false)
	static class Metrics {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		LoadProbe adjustableLoad() {
			return new AdjustableLoad();
		}

	}

	static final class AdjustableLoad implements LoadProbe {

		static final AtomicReference<Double> heap = new AtomicReference<>(0.1);

		@Override
		public double cpuLoad() {
			return 0.1;
		}

		@Override
		public double heapUsage() {
			return heap.get();
		}

	}

}
