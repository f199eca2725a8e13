package dev.taskflow.dashboard;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.taskflow.JobId;
import dev.taskflow.JobStatus;
import dev.taskflow.WorkflowStatus;
import dev.taskflow.WorkflowView;
import dev.taskflow.WorkflowView.StepView;

/**
 * Workflows as the API writes them: a summary with the number of steps in each status in
 * lists, the steps themselves on a workflow's own page. No payload or result: the steps'
 * jobs show those on their own pages, as {@code show-values} allows.
 *
 * @author TaskFlow
 */
final class WorkflowJson {

	private WorkflowJson() {
	}

	static Map<String, Object> summary(WorkflowView workflow) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("id", workflow.id().toString());
		json.put("name", workflow.name());
		json.put("status", workflow.status().name());
		json.put("failurePolicy", workflow.failurePolicy().name());
		json.put("createdAt", workflow.createdAt());
		json.put("finishedAt", workflow.finishedAt());
		json.put("stepCount", workflow.steps().size());
		json.put("stepCounts", stepCounts(workflow.steps()));
		return json;
	}

	static Map<String, Object> details(WorkflowView workflow) {
		Map<String, Object> json = summary(workflow);
		json.put("steps", workflow.steps().stream().map(WorkflowJson::step).toList());
		Map<String, Object> actions = new LinkedHashMap<>();
		actions.put("cancel", workflow.status() == WorkflowStatus.RUNNING);
		actions.put("retry",
				workflow.status() == WorkflowStatus.FAILED || workflow.status() == WorkflowStatus.CANCELLED);
		json.put("actions", actions);
		return json;
	}

	// every status present, in the order of the enum, so that pages need not guess
	static Map<String, Integer> stepCounts(List<StepView> steps) {
		Map<JobStatus, Integer> byStatus = new EnumMap<>(JobStatus.class);
		for (JobStatus status : JobStatus.values()) {
			byStatus.put(status, 0);
		}
		steps.forEach((step) -> byStatus.merge(step.status(), 1, Integer::sum));
		Map<String, Integer> json = new LinkedHashMap<>();
		byStatus.forEach((status, count) -> json.put(status.name(), count));
		return json;
	}

	private static Map<String, Object> step(StepView step) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("name", step.name());
		json.put("after", step.after());
		json.put("status", step.status().name());
		json.put("failurePolicy", (step.failurePolicy() != null) ? step.failurePolicy().name() : null);
		json.put("jobIds", step.jobIds().stream().map(JobId::toString).toList());
		json.put("spawnedJobs", step.spawnedJobs());
		json.put("unfinishedJobs", step.unfinishedJobs());
		json.put("compensationJobId", (step.compensationJobId() != null) ? step.compensationJobId().toString() : null);
		json.put("compensationStatus", (step.compensationStatus() != null) ? step.compensationStatus().name() : null);
		return json;
	}

}
