package dev.taskflow.dashboard;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import dev.taskflow.JobAttempt;
import dev.taskflow.JobProgress;
import dev.taskflow.JobStatus;
import dev.taskflow.JobView;

/**
 * Jobs as the API writes them: a summary in lists, the details with payload, result and
 * attempts on a job's own page. Values are {@link #HIDDEN} unless the user sees them.
 *
 * @author TaskFlow
 */
final class JobJson {

	/**
	 * What a hidden payload, result, error or log line reads as (as in the Actuator
	 * endpoint).
	 */
	static final String HIDDEN = "******";

	private JobJson() {
	}

	static Map<String, Object> summary(JobView job, boolean showValues) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("id", job.id().toString());
		json.put("handler", job.handler());
		json.put("queue", job.queue());
		json.put("status", job.status().name());
		json.put("priority", job.priority());
		json.put("attempt", job.attempt());
		json.put("maxAttempts", job.maxAttempts());
		json.put("runAt", job.runAt());
		json.put("createdAt", job.createdAt());
		json.put("startedAt", job.startedAt());
		json.put("finishedAt", job.finishedAt());
		json.put("lastError", hide(job.lastError(), showValues));
		json.put("correlationId", job.correlationId());
		json.put("workflowId", job.workflowId().map(Object::toString).orElse(null));
		json.put("stepName", job.stepName().orElse(null));
		json.put("scheduleName", job.scheduleName());
		json.put("fireTime", job.fireTime());
		json.put("ownerNode", job.ownerNode());
		json.put("concurrencyKey", job.concurrencyKey());
		job.progress().ifPresent((progress) -> json.put("progress", progress(progress, showValues)));
		return json;
	}

	// the shape of the Actuator endpoint's progress: a message may quote what the job
	// works on as freely as its payload does, so show-values hides it as it hides errors
	static Map<String, Object> progress(JobProgress progress, boolean showValues) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("done", progress.done());
		json.put("total", progress.total());
		progress.fraction().ifPresent((fraction) -> json.put("fraction", fraction));
		progress.message().ifPresent((message) -> json.put("message", hide(message, showValues)));
		json.put("updatedAt", progress.updatedAt());
		return json;
	}

	static Map<String, Object> details(JobView job, List<JobAttempt> attempts, boolean showValues) {
		Map<String, Object> json = summary(job, showValues);
		json.put("payload", showValues ? job.payload(JsonNode.class).orElse(null) : HIDDEN);
		json.put("result", showValues ? job.result(JsonNode.class).orElse(null) : HIDDEN);
		json.put("valuesHidden", !showValues);
		json.put("traceId", traceId(job.traceParent()));
		List<Map<String, Object>> history = new ArrayList<>();
		for (JobAttempt attempt : attempts) {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("attempt", attempt.attempt());
			entry.put("nodeId", attempt.nodeId());
			entry.put("startedAt", attempt.startedAt());
			entry.put("finishedAt", attempt.finishedAt());
			entry.put("durationMs", (attempt.startedAt() != null && attempt.finishedAt() != null)
					? Duration.between(attempt.startedAt(), attempt.finishedAt()).toMillis() : null);
			entry.put("outcome", attempt.outcome().name());
			entry.put("error", hide(attempt.error(), showValues));
			entry.put("logs", showValues ? attempt.logs() : attempt.logs().stream().map((line) -> HIDDEN).toList());
			history.add(entry);
		}
		json.put("attempts", history);
		Map<String, Object> actions = new LinkedHashMap<>();
		actions.put("retry", job.status() == JobStatus.FAILED || job.status() == JobStatus.CANCELLED);
		actions.put("cancel", job.status() == JobStatus.PENDING);
		actions.put("delete", !job.status().isActive());
		json.put("actions", actions);
		return json;
	}

	/**
	 * The trace id of a W3C {@code traceparent} ({@code version-traceid-spanid-flags}),
	 * what tracing back ends search by.
	 * @param traceParent the {@code traceparent}, or {@code null}
	 * @return the trace id, or {@code null}
	 */
	static String traceId(String traceParent) {
		if (traceParent == null) {
			return null;
		}
		String[] parts = traceParent.split("-");
		return (parts.length == 4 && parts[1].length() == 32) ? parts[1] : null;
	}

	private static String hide(String value, boolean showValues) {
		return (value == null || showValues) ? value : HIDDEN;
	}

}
