package dev.taskflow.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.taskflow.JobId;
import dev.taskflow.JobRequest;
import dev.taskflow.JobStatus;
import dev.taskflow.TaskFlow;
import dev.taskflow.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A queue whose pool scales ({@code spring.taskflow.queues.<name>.threads.min|max}) grows
 * under a burst of due jobs and shrinks after it, within its bounds and cooldowns. Run
 * against each database by a subclass.
 *
 * @author TaskFlow
 */
abstract class AbstractQueueScalingIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private TestNodes nodes;

	private ScheduledExecutorService sampler;

	protected abstract TestDatabase database();

	@BeforeEach
	void prepare() {
		this.nodes = new TestNodes(database());
		this.sampler = Executors.newSingleThreadScheduledExecutor();
	}

	@AfterEach
	void stop() {
		this.sampler.shutdownNow();
		if (this.nodes != null) {
			this.nodes.close();
		}
	}

	@Test
	void aScalingQueueGrowsUnderABurstAndShrinksAfterWithinItsBoundsAndCooldowns() {
		TestNode node = this.nodes.start(List.of(ScalingTestHandlers.class), null,
				"spring.taskflow.queues.scaled.threads.min=1", "spring.taskflow.queues.scaled.threads.max=4",
				"spring.taskflow.queues.scaled.scale-up-threshold=2",
				"spring.taskflow.queues.scaled.scale-up-cooldown=1500ms",
				"spring.taskflow.queues.scaled.scale-down-cooldown=2s", "spring.taskflow.queues.fixed.threads=3",
				"spring.taskflow.worker.heartbeat-interval=300ms");
		WorkerNode worker = node.worker();
		assertThat(worker.queueThreads()).containsEntry("scaled", 1).containsEntry("fixed", 3);
		// each change of the pool's size, with when it was seen
		List<long[]> changes = new CopyOnWriteArrayList<>();
		this.sampler.scheduleAtFixedRate(() -> {
			int threads = worker.queueThreads().get("scaled");
			if (changes.isEmpty() || changes.get(changes.size() - 1)[1] != threads) {
				changes.add(new long[] { System.nanoTime(), threads });
			}
		}, 0, 20, TimeUnit.MILLISECONDS);
		TaskFlow taskFlow = node.taskFlow();
		List<JobId> burst = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			burst.add(taskFlow.enqueue(JobRequest.of("scale.work", 250).queue("scaled")));
		}
		await().atMost(TIMEOUT).until(() -> worker.queueThreads().get("scaled") == 4);
		await().atMost(TIMEOUT)
			.until(() -> burst.stream()
				.allMatch((id) -> taskFlow.find(id).orElseThrow().status() == JobStatus.SUCCEEDED));
		await().atMost(TIMEOUT).until(() -> worker.queueThreads().get("scaled") == 1);
		assertThat(changes).allSatisfy((change) -> assertThat(change[1]).isBetween(1L, 4L));
		assertThat(changes.stream().mapToLong((change) -> change[1]).toArray()).startsWith(1, 2, 4);
		// the first change needs no cooldown: nothing changed before it
		for (int i = 2; i < changes.size(); i++) {
			long sinceLast = changes.get(i)[0] - changes.get(i - 1)[0];
			Duration cooldown = (changes.get(i)[1] > changes.get(i - 1)[1]) ? Duration.ofMillis(1500)
					: Duration.ofSeconds(2);
			// the sampler sees a change up to one sample late
			assertThat(Duration.ofNanos(sinceLast)).as("change " + i + " of " + changes.size())
				.isGreaterThanOrEqualTo(cooldown.minusMillis(60));
		}
		// a fixed pool never changes
		assertThat(worker.queueThreads()).containsEntry("fixed", 3);
		// every node's pools, as of its latest heartbeat
		await().atMost(TIMEOUT)
			.until(() -> taskFlow.nodes().get(0).queueThreads(), (threads) -> threads.equals(worker.queueThreads()));
	}

}
