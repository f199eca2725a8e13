package dev.taskflow.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.taskflow.JobId;
import dev.taskflow.JobRequest;
import dev.taskflow.JobStatus;
import dev.taskflow.TaskFlow;
import dev.taskflow.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Scaling queues on H2, and the bound the connection pool sets (the same on any
 * database).
 *
 * @author TaskFlow
 */
class H2QueueScalingIntegrationTests extends AbstractQueueScalingIntegrationTests {

	@Override
	protected TestDatabase database() {
		return TestDatabase.H2;
	}

	// a pool of 7 connections leaves 3 to job threads: two scaling queues that could
	// grow to 16 each hold no more than 3 threads together, however many jobs wait
	@Test
	void scalingQueuesTogetherGrowNoFurtherThanTheConnectionPoolServes() {
		try (TestNodes nodes = new TestNodes(database())) {
			TestNode node = nodes.start(List.of(ScalingTestHandlers.class), null,
					"spring.datasource.hikari.maximum-pool-size=7", "spring.taskflow.queues.a.threads.min=1",
					"spring.taskflow.queues.a.threads.max=16", "spring.taskflow.queues.a.scale-up-cooldown=100ms",
					"spring.taskflow.queues.b.threads.min=1", "spring.taskflow.queues.b.threads.max=16",
					"spring.taskflow.queues.b.scale-up-cooldown=100ms");
			WorkerNode worker = node.worker();
			TaskFlow taskFlow = node.taskFlow();
			List<JobId> burst = new ArrayList<>();
			for (int i = 0; i < 30; i++) {
				burst.add(taskFlow.enqueue(JobRequest.of("scale.work", 200).queue((i % 2 == 0) ? "a" : "b")));
			}
			AtomicInteger most = new AtomicInteger();
			await().atMost(Duration.ofSeconds(60)).until(() -> {
				most.accumulateAndGet(worker.queueThreads().get("a") + worker.queueThreads().get("b"), Math::max);
				return burst.stream().allMatch((id) -> taskFlow.find(id).orElseThrow().status() == JobStatus.SUCCEEDED);
			});
			assertThat(most.get()).isEqualTo(3);
		}
	}

}
