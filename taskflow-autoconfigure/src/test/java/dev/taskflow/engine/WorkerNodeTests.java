package dev.taskflow.engine;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the schedulers of {@link WorkerNode}'s periodic loops: they behave as the
 * plain executors they replaced, which the node's thread names, first runs and
 * {@link WorkerNode#stoppedLoops()} rely on.
 *
 * @author TaskFlow
 */
class WorkerNodeTests {

	private ThreadPoolTaskScheduler scheduler;

	@AfterEach
	void shutDown() {
		if (this.scheduler != null) {
			this.scheduler.shutdown();
		}
	}

	@Test
	void schedulerThreadIsNamedAfterItsLoop() {
		this.scheduler = WorkerNode.scheduler("taskflow-leases-");
		this.scheduler.initialize();
		AtomicReference<String> name = new AtomicReference<>();
		this.scheduler.execute(() -> name.set(Thread.currentThread().getName()));
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> name.get() != null);
		assertThat(name.get()).isEqualTo("taskflow-leases-1");
	}

	@Test
	void repeatedTaskFirstRunsOneIntervalFromNow() {
		this.scheduler = WorkerNode.scheduler("taskflow-housekeeping-");
		this.scheduler.initialize();
		AtomicLong firstRun = new AtomicLong();
		long scheduled = System.nanoTime();
		WorkerNode.repeat(this.scheduler, () -> firstRun.compareAndSet(0, System.nanoTime()), 300);
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> firstRun.get() != 0);
		assertThat(Duration.ofNanos(firstRun.get() - scheduled)).isGreaterThanOrEqualTo(Duration.ofMillis(290));
	}

	@Test
	void repeatedTaskThatThrowsStopsAndIsDone() {
		this.scheduler = WorkerNode.scheduler("taskflow-leases-");
		this.scheduler.initialize();
		AtomicInteger runs = new AtomicInteger();
		ScheduledFuture<?> loop = WorkerNode.repeat(this.scheduler, () -> {
			runs.incrementAndGet();
			throw new OutOfMemoryError("injected");
		}, 10);
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(loop::isDone);
		Awaitility.await().during(Duration.ofMillis(200)).until(runs::get, (count) -> count == 1);
		assertThat(loop.isCancelled()).isFalse();
	}

}
