package dev.taskflow.test.kit;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import dev.taskflow.JobId;
import dev.taskflow.JobRequest;
import dev.taskflow.JobStatus;
import dev.taskflow.test.AutoConfigureTaskFlowTester;
import dev.taskflow.test.TaskFlowTester;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A clock moved by hours while a job runs on a live node does not let the node's own
 * rescue take the job for a lost one: its lease and the node's heartbeat move with the
 * clock. Heartbeats (and so rescues) every 100 ms, so that one would run in the window.
 *
 * @author TaskFlow
 */
@AutoConfigureTaskFlowTester(mode = TaskFlowTester.Mode.REAL)
@TestPropertySource(
		properties = { "spring.taskflow.worker.heartbeat-interval=100ms", "spring.taskflow.worker.lease=2s" })
@DirtiesContext
class RealModeClockJumpTests extends AbstractKitTests {

	@Test
	void aRunningJobKeepsItsLeaseWhenTheClockJumps() {
		JobId id = this.taskFlow.enqueue(JobRequest.of("report.hold", 1500L));
		Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !Reports.holds.isEmpty());
		this.tester.advanceClock(Duration.ofHours(3));
		this.tester.awaitIdle(Duration.ofSeconds(30));
		assertThat(Reports.holds).hasSize(1);
		assertThat(this.taskFlow.find(id)).hasValueSatisfying((job) -> {
			assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
			assertThat(job.attempt()).isEqualTo(1);
		});
	}

}
