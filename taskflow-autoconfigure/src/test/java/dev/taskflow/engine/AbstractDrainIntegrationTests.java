package dev.taskflow.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.taskflow.JobAttempt;
import dev.taskflow.JobId;
import dev.taskflow.JobRequest;
import dev.taskflow.JobStatus;
import dev.taskflow.NodeView;
import dev.taskflow.TaskFlow;
import dev.taskflow.testsupport.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Draining a node ({@code taskFlow.nodes().drain(id)}) during a run of three: it claims
 * nothing more, its running jobs finish or are handed back at their checkpoint, nothing
 * is lost, and it ends idle until it is told to claim again. Run against each database by
 * a subclass.
 *
 * @author TaskFlow
 */
abstract class AbstractDrainIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(90);

	private TestNodes nodes;

	protected abstract TestDatabase database();

	@BeforeEach
	void prepare() {
		this.nodes = new TestNodes(database());
		DrainTestHandlers.reset();
	}

	@AfterEach
	void stopNodes() {
		if (this.nodes != null) {
			this.nodes.close();
		}
	}

	private TestNode node(String id) {
		return this.nodes.start(List.of(DrainTestHandlers.class), null, "spring.taskflow.worker.node-id=" + id,
				"spring.taskflow.worker.heartbeat-interval=300ms", "spring.taskflow.worker.lease=3s",
				"spring.taskflow.shutdown.await=300ms", "spring.taskflow.workflow.cancel-grace=2s",
				"spring.taskflow.worker.threads=4");
	}

	private static NodeView view(TaskFlow taskFlow, String id) {
		return taskFlow.nodes().stream().filter((node) -> node.id().equals(id)).findFirst().orElseThrow();
	}

	@Test
	void aNodeDrainedDuringARunOfThreeLosesNothingAndEndsIdle() {
		TestNode a = node("drain-a");
		TestNode b = node("drain-b");
		node("drain-c");
		TaskFlow taskFlow = b.taskFlow();
		List<JobId> jobs = new ArrayList<>();
		// enqueued on the node to drain, which starts the first at once on its idle
		// threads
		for (int i = 0; i < 9; i++) {
			jobs.add(a.taskFlow().enqueue(JobRequest.of("drain.long", new DrainTestHandlers.LongJob("long-" + i, 60))));
		}
		for (int i = 0; i < 200; i++) {
			jobs.add(taskFlow.enqueue(JobRequest.of("drain.short", 10)));
		}
		// a long job runs on the node to drain: it will have to be handed back
		await().atMost(TIMEOUT)
			.until(() -> jobs.subList(0, 9)
				.stream()
				.anyMatch((id) -> "drain-a".equals(taskFlow.find(id).orElseThrow().ownerNode())));
		// asked from another node: the drained one learns of it at its next heartbeat
		assertThat(taskFlow.nodes().drain("drain-a")).isTrue();
		assertThat(taskFlow.nodes().drain("no-such-node")).isFalse();
		await().atMost(TIMEOUT).until(() -> a.worker().isDraining());
		await().atMost(TIMEOUT)
			.until(() -> jobs.stream()
				.allMatch((id) -> taskFlow.find(id).orElseThrow().status() == JobStatus.SUCCEEDED));
		// nothing lost, nothing done twice: each long job's units once each, in order,
		// over however many nodes it ran on
		for (int i = 0; i < 9; i++) {
			assertThat(DrainTestHandlers.processed.get("long-" + i)).as("units of long-" + i)
				.containsExactlyElementsOf(IntStream.range(0, 60).boxed().toList());
		}
		// idle and listed as draining; what comes next runs elsewhere
		await().atMost(TIMEOUT).until(() -> view(taskFlow, "drain-a").busyThreads() == 0);
		assertThat(view(taskFlow, "drain-a").draining()).isTrue();
		List<JobId> later = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			later.add(taskFlow.enqueue(JobRequest.of("drain.short", 1)));
		}
		await().atMost(TIMEOUT)
			.until(() -> later.stream()
				.allMatch((id) -> taskFlow.find(id).orElseThrow().status() == JobStatus.SUCCEEDED));
		assertThat(later.stream().flatMap((id) -> taskFlow.attempts(id).stream()).map(JobAttempt::nodeId))
			.doesNotContain("drain-a");
	}

	// presumed dead (its row gone, as another node's housekeeping removes it), a node
	// registers again at its next heartbeat: still draining, and shown so
	@Test
	void aDrainedNodeThatRegistersAgainStillDrains() {
		TestNode only = node("drain-again");
		TaskFlow taskFlow = only.taskFlow();
		assertThat(taskFlow.nodes().drain("drain-again")).isTrue();
		only.jdbc().update("DELETE FROM taskflow_node WHERE id = 'drain-again'");
		await().atMost(TIMEOUT)
			.until(() -> taskFlow.nodes().stream().anyMatch((node) -> node.id().equals("drain-again")));
		assertThat(view(taskFlow, "drain-again").draining()).isTrue();
		JobId waiting = taskFlow.enqueue(JobRequest.of("drain.short", 1));
		await().during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(3))
			.until(() -> taskFlow.find(waiting).orElseThrow().status() == JobStatus.PENDING);
		// a heartbeat after the new row: it would have undrained the node had the row
		// said so
		assertThat(only.worker().isDraining()).isTrue();
	}

	@Test
	void aDrainedNodeClaimsAgainOnceUndrained() {
		TestNode only = node("drain-only");
		TaskFlow taskFlow = only.taskFlow();
		assertThat(taskFlow.nodes().drain("drain-only")).isTrue();
		// the node this runs on drains at once
		assertThat(only.worker().isDraining()).isTrue();
		JobId waiting = taskFlow.enqueue(JobRequest.of("drain.short", 1));
		await().during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(3))
			.until(() -> taskFlow.find(waiting).orElseThrow().status() == JobStatus.PENDING);
		assertThat(taskFlow.nodes().undrain("drain-only")).isTrue();
		await().atMost(TIMEOUT).until(() -> taskFlow.find(waiting).orElseThrow().status() == JobStatus.SUCCEEDED);
		assertThat(view(taskFlow, "drain-only").draining()).isFalse();
	}

}
