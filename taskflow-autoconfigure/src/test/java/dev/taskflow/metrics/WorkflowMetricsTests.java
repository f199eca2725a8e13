package dev.taskflow.metrics;

import java.util.UUID;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import dev.taskflow.WorkflowEvent;
import dev.taskflow.WorkflowId;
import dev.taskflow.WorkflowStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The workflow counters of {@link JobMetrics}.
 *
 * @author TaskFlow
 */
class WorkflowMetricsTests {

	@Test
	void countsStartedAndFinishedWorkflowsByNameAndStatus() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		JobMetrics metrics = new JobMetrics(() -> registry);
		WorkflowId id = WorkflowId.of(UUID.randomUUID());
		metrics.workflowStarted(new WorkflowEvent(id, "checkout", WorkflowStatus.RUNNING));
		metrics.workflowStarted(new WorkflowEvent(id, "checkout", WorkflowStatus.RUNNING));
		metrics.workflowFinished(new WorkflowEvent(id, "checkout", WorkflowStatus.COMPENSATED));
		assertThat(registry.get(JobMetrics.WORKFLOWS_STARTED).tag("name", "checkout").counter().count()).isEqualTo(2);
		assertThat(registry.get(JobMetrics.WORKFLOWS_FINISHED)
			.tag("name", "checkout")
			.tag("status", "compensated")
			.counter()
			.count()).isEqualTo(1);
	}

	@Test
	void countsNothingWithoutARegistry() {
		JobMetrics metrics = new JobMetrics(() -> null);
		metrics.workflowFinished(new WorkflowEvent(WorkflowId.of(UUID.randomUUID()), "x", WorkflowStatus.FAILED));
	}

}
