package dev.taskflow.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import dev.taskflow.store.QueueStatistics;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TaskFlowGauges}, refreshed by hand.
 *
 * @author TaskFlow
 */
class TaskFlowGaugesTests {

	private static final Duration REFRESH_INTERVAL = Duration.ofMinutes(1);

	// refreshes at zero before the gauges go: KEEP_AT_ZERO at this interval
	private static final int REFRESHES_AT_ZERO = (int) (TaskFlowGauges.KEEP_AT_ZERO.toMillis()
			/ REFRESH_INTERVAL.toMillis());

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private final List<QueueStatistics> statistics = new CopyOnWriteArrayList<>();

	private final TaskFlowGauges gauges = new TaskFlowGauges(() -> this.meters, () -> List.copyOf(this.statistics),
			() -> 0, REFRESH_INTERVAL);

	@Test
	void gaugesFollowTheActiveJobsOfAQueue() {
		this.statistics.add(new QueueStatistics("mail", "PENDING", 3, Duration.ofSeconds(5)));
		this.gauges.refresh();
		assertThat(gauge(TaskFlowGauges.QUEUE_DEPTH, "mail").value()).isEqualTo(3);
		assertThat(gauge(TaskFlowGauges.QUEUE_OLDEST_AGE, "mail").value()).isEqualTo(5);
		assertThat(this.meters.find(TaskFlowGauges.WORKERS_BUSY).gauge()).isNotNull();
	}

	@Test
	void theThreadsOfEachQueuePoolAreReadLive() {
		Map<String, Integer> threads = new ConcurrentHashMap<>(Map.of("imports", 1));
		TaskFlowGauges gauges = new TaskFlowGauges(() -> this.meters, List::of, () -> 0, () -> threads,
				REFRESH_INTERVAL);
		gauges.refresh();
		Gauge imports = this.meters.get(TaskFlowGauges.QUEUE_THREADS).tag("queue", "imports").gauge();
		assertThat(imports.value()).isEqualTo(1);
		threads.put("imports", 4);
		assertThat(imports.value()).isEqualTo(4);
		assertThat(imports.getId().getDescription()).isEqualTo("Worker threads of each queue's own pool on this node");
	}

	@Test
	void gaugesKeepTheirNamesTagsUnitsAndDescriptions() {
		this.statistics.add(new QueueStatistics("mail", "PENDING", 3, Duration.ofSeconds(5)));
		this.gauges.refresh();
		Meter.Id depth = gauge(TaskFlowGauges.QUEUE_DEPTH, "mail").getId();
		assertThat(depth.getTags()).containsExactly(Tag.of("queue", "mail"), Tag.of("status", "PENDING"));
		assertThat(depth.getBaseUnit()).isNull();
		assertThat(depth.getDescription()).isEqualTo("Active jobs by queue and status, as of the last refresh");
		Meter.Id oldestAge = gauge(TaskFlowGauges.QUEUE_OLDEST_AGE, "mail").getId();
		assertThat(oldestAge.getTags()).containsExactly(Tag.of("queue", "mail"), Tag.of("status", "PENDING"));
		assertThat(oldestAge.getBaseUnit()).isEqualTo("seconds");
		assertThat(oldestAge.getDescription())
			.isEqualTo("Time since the oldest active job of a queue and status was due, as of the last refresh");
		Meter.Id busy = this.meters.get(TaskFlowGauges.WORKERS_BUSY).gauge().getId();
		assertThat(busy.getTags()).isEmpty();
		assertThat(busy.getDescription()).isEqualTo("Worker threads of this node running a job");
	}

	@Test
	void gaugesOfAQueueWithoutActiveJobsReadZeroForAWhileThenGo() {
		this.statistics.add(new QueueStatistics("tenant-1", "PENDING", 3, Duration.ofSeconds(5)));
		this.gauges.refresh();
		this.statistics.clear();
		for (int i = 0; i < REFRESHES_AT_ZERO; i++) {
			this.gauges.refresh();
			assertThat(gauge(TaskFlowGauges.QUEUE_DEPTH, "tenant-1").value()).isZero();
			assertThat(gauge(TaskFlowGauges.QUEUE_OLDEST_AGE, "tenant-1").value()).isZero();
		}
		this.gauges.refresh();
		assertThat(this.meters.find(TaskFlowGauges.QUEUE_DEPTH).tag("queue", "tenant-1").gauge()).isNull();
		assertThat(this.meters.find(TaskFlowGauges.QUEUE_OLDEST_AGE).tag("queue", "tenant-1").gauge()).isNull();
		assertThat(this.meters.find(TaskFlowGauges.WORKERS_BUSY).gauge()).isNotNull();
	}

	@Test
	void queuesThatComeAndGoDoNotPileUpGauges() {
		// queues named per tenant or per day: each is active a while, then never again
		for (int day = 0; day < 100; day++) {
			this.statistics.clear();
			this.statistics.add(new QueueStatistics("day-" + day, "PENDING", 1, Duration.ZERO));
			this.gauges.refresh();
		}
		assertThat(this.meters.find(TaskFlowGauges.QUEUE_DEPTH).gauges()).hasSize(REFRESHES_AT_ZERO + 1);
		assertThat(this.meters.find(TaskFlowGauges.QUEUE_OLDEST_AGE).gauges()).hasSize(REFRESHES_AT_ZERO + 1);
	}

	@Test
	void queueThatComesBackAfterItsGaugesWentGetsThemAgain() {
		QueueStatistics active = new QueueStatistics("reports", "RUNNING", 2, Duration.ofSeconds(1));
		this.statistics.add(active);
		this.gauges.refresh();
		this.statistics.clear();
		for (int i = 0; i <= REFRESHES_AT_ZERO; i++) {
			this.gauges.refresh();
		}
		assertThat(this.meters.find(TaskFlowGauges.QUEUE_DEPTH).tag("queue", "reports").gauge()).isNull();
		this.statistics.add(active);
		this.gauges.refresh();
		assertThat(gauge(TaskFlowGauges.QUEUE_DEPTH, "reports").value()).isEqualTo(2);
	}

	@Test
	void queueActiveAgainBeforeItsGaugesWentKeepsThem() {
		QueueStatistics active = new QueueStatistics("reports", "PENDING", 2, Duration.ofSeconds(1));
		this.statistics.add(active);
		this.gauges.refresh();
		for (int round = 0; round < 3; round++) {
			this.statistics.clear();
			for (int i = 0; i < REFRESHES_AT_ZERO; i++) {
				this.gauges.refresh();
			}
			this.statistics.add(active);
			this.gauges.refresh();
			assertThat(gauge(TaskFlowGauges.QUEUE_DEPTH, "reports").value()).isEqualTo(2);
		}
	}

	private Gauge gauge(String name, String queue) {
		Gauge gauge = this.meters.find(name).tag("queue", queue).gauge();
		assertThat(gauge).as(name + " of " + queue).isNotNull();
		return gauge;
	}

}
