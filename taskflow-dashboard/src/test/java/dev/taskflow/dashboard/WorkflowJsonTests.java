package dev.taskflow.dashboard;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.taskflow.FailurePolicy;
import dev.taskflow.JobId;
import dev.taskflow.JobStatus;
import dev.taskflow.WorkflowId;
import dev.taskflow.WorkflowStatus;
import dev.taskflow.WorkflowView;
import dev.taskflow.WorkflowView.StepView;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WorkflowJson}.
 *
 * @author TaskFlow
 */
class WorkflowJsonTests {

	@Test
	void stepsAreCountedInEveryStatus() {
		Map<String, Object> json = WorkflowJson.summary(workflow(WorkflowStatus.RUNNING, step("a", JobStatus.SUCCEEDED),
				step("b", JobStatus.SUCCEEDED), step("c", JobStatus.BLOCKED)));
		assertThat(json).containsEntry("stepCount", 3).doesNotContainKey("steps");
		assertThat(json.get("stepCounts"))
			.isEqualTo(Map.of("PENDING", 0, "RUNNING", 0, "SUCCEEDED", 2, "FAILED", 0, "CANCELLED", 0, "BLOCKED", 1));
	}

	@Test
	void aRunningWorkflowMayBeCancelledAndAFailedOrCancelledOneRetried() {
		for (WorkflowStatus status : WorkflowStatus.values()) {
			Map<?, ?> actions = (Map<?, ?>) WorkflowJson.details(workflow(status)).get("actions");
			assertThat(actions.get("cancel")).as(status.name()).isEqualTo(status == WorkflowStatus.RUNNING);
			assertThat(actions.get("retry")).as(status.name())
				.isEqualTo(status == WorkflowStatus.FAILED || status == WorkflowStatus.CANCELLED);
		}
	}

	@Test
	void aStepShowsItsJobsAndItsCompensation() {
		JobId job = JobId.of(UUID.randomUUID());
		JobId compensation = JobId.of(UUID.randomUUID());
		StepView step = new StepView("charge", List.of("reserve"), JobStatus.SUCCEEDED, FailurePolicy.COMPENSATE,
				List.of(job), 2, 0, compensation, JobStatus.RUNNING);
		Map<?, ?> json = (Map<?, ?>) ((List<?>) WorkflowJson.details(workflow(WorkflowStatus.COMPENSATING, step))
			.get("steps")).get(0);
		assertThat(json.get("after")).isEqualTo(List.of("reserve"));
		assertThat(json.get("failurePolicy")).isEqualTo("COMPENSATE");
		assertThat(json.get("jobIds")).isEqualTo(List.of(job.toString()));
		assertThat(json.get("spawnedJobs")).isEqualTo(2);
		assertThat(json.get("compensationJobId")).isEqualTo(compensation.toString());
		assertThat(json.get("compensationStatus")).isEqualTo("RUNNING");
		Map<?, ?> plain = (Map<?, ?>) ((List<?>) WorkflowJson
			.details(workflow(WorkflowStatus.RUNNING, step("a", JobStatus.PENDING)))
			.get("steps")).get(0);
		assertThat(plain.get("failurePolicy")).isNull();
		assertThat(plain.get("compensationJobId")).isNull();
		assertThat(plain.get("compensationStatus")).isNull();
	}

	private static WorkflowView workflow(WorkflowStatus status, StepView... steps) {
		return new WorkflowView(WorkflowId.of(UUID.randomUUID()), "checkout", status, FailurePolicy.CANCEL_DOWNSTREAM,
				Instant.now(), status.isFinal() ? Instant.now() : null, List.of(steps));
	}

	private static StepView step(String name, JobStatus status) {
		return new StepView(name, List.of(), status, null, List.of(JobId.of(UUID.randomUUID())), 0,
				status.isActive() ? 1 : 0, null, null);
	}

}
