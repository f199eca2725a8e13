package dev.taskflow.dashboard;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.util.StringUtils;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import dev.taskflow.JobId;
import dev.taskflow.JobPage;
import dev.taskflow.JobQuery;
import dev.taskflow.JobRequest;
import dev.taskflow.JobStatus;
import dev.taskflow.JobView;
import dev.taskflow.NodeView;
import dev.taskflow.TaskFlow;

/**
 * The jobs of the API: list, count, read, retry, cancel, delete (one, a selection or all
 * that match a filter), move (a selection or all that match a filter) and enqueue.
 *
 * @author TaskFlow
 */
final class JobsApi {

	private static final Set<JobStatus> FINISHED = EnumSet.of(JobStatus.SUCCEEDED, JobStatus.FAILED,
			JobStatus.CANCELLED);

	/**
	 * The most jobs a count (a bulk action's confirmation) counts: beyond it the answer
	 * says "more than".
	 */
	static final long COUNT_LIMIT = 1_000;

	private final TaskFlow taskFlow;

	private final Access access;

	private final Audit audit;

	JobsApi(TaskFlow taskFlow, Access access, Audit audit) {
		this.taskFlow = taskFlow;
		this.access = access;
		this.audit = audit;
	}

	ServerResponse list(ServerRequest request) {
		JobPage page = this.taskFlow.jobs().list(JobFilter.fromParameters(request.params()));
		boolean show = this.access.showsValues(request.servletRequest());
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("jobs", page.jobs().stream().map((job) -> JobJson.summary(job, show)).toList());
		json.put("nextCursor", page.nextCursor().orElse(null));
		return Responses.ok(json);
	}

	ServerResponse count(ServerRequest request) {
		// no further than the limit: a confirmation of a bulk action answers at once on a
		// table of any history, whatever index its filter finds
		long count = this.taskFlow.jobs().count(JobFilter.fromParameters(request.params()), COUNT_LIMIT + 1);
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("count", Math.min(count, COUNT_LIMIT));
		json.put("exact", count <= COUNT_LIMIT);
		return Responses.ok(json);
	}

	ServerResponse find(ServerRequest request) {
		return Responses.ok(details(request, jobId(request)));
	}

	ServerResponse retry(ServerRequest request) {
		JobId id = jobId(request);
		if (!this.taskFlow.retry(id)) {
			throw refusal(id, "retried", "FAILED or CANCELLED");
		}
		this.audit.wrote(request, "retried job " + id);
		return Responses.ok(details(request, id));
	}

	ServerResponse cancel(ServerRequest request) {
		JobId id = jobId(request);
		if (!this.taskFlow.cancel(id)) {
			throw refusal(id, "cancelled", "PENDING");
		}
		this.audit.wrote(request, "cancelled job " + id);
		return Responses.ok(details(request, id));
	}

	ServerResponse delete(ServerRequest request) {
		JobId id = jobId(request);
		if (this.taskFlow.jobs().deleteAll(JobQuery.all().ids(id).status(FINISHED.toArray(JobStatus[]::new))) == 0) {
			throw refusal(id, "deleted", "finished (SUCCEEDED, FAILED or CANCELLED)");
		}
		this.audit.wrote(request, "deleted job " + id);
		return ServerResponse.noContent().build();
	}

	/**
	 * Retry, cancel, delete or move the jobs of a selection ({@code {"ids": [...]}}) or
	 * all that match a filter ({@code {"filter": {...}}}); a move names its queue in
	 * {@code toQueue}, in the body or as a parameter.
	 * @param request the request
	 * @param action {@code retry}, {@code cancel}, {@code delete} or {@code move}
	 * @return how many jobs the action changed
	 */
	ServerResponse bulk(ServerRequest request, String action) {
		JsonNode body = Json.body(request);
		boolean byIds = body.has("ids");
		if (byIds == body.has("filter")) {
			throw new ApiException(HttpStatus.BAD_REQUEST,
					"Give either 'ids' (the selected jobs) or 'filter' (every job that matches it), not both or none");
		}
		JobQuery query = byIds ? JobQuery.all().ids(JobFilter.ids(body.get("ids")))
				: JobFilter.fromJson(body.get("filter"));
		int affected = switch (action) {
			case "retry" -> this.taskFlow.jobs().retryAll(query);
			case "cancel" -> this.taskFlow.jobs().cancelAll(query);
			case "delete" -> this.taskFlow.jobs().deleteAll(finishedOnly(query, byIds));
			case "move" -> this.taskFlow.jobs().move(query, toQueue(request, body));
			default -> throw new IllegalArgumentException("No bulk action '" + action + "'");
		};
		String what = action.equals("move") ? "move to queue '" + toQueue(request, body) + "'" : action;
		this.audit.wrote(request, what + " on " + affected + " jobs of "
				+ (byIds ? "a selection of " + query.getIds().size() : "the filter " + JobFilter.describe(query)));
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("action", action);
		json.put("affected", affected);
		return Responses.ok(json);
	}

	ServerResponse enqueue(ServerRequest request) {
		JsonNode body = Json.body(request);
		String handler = text(body, "handler");
		if (!StringUtils.hasText(handler)) {
			throw new ApiException(HttpStatus.BAD_REQUEST, "'handler' is missing: name the handler to run");
		}
		Set<String> known = handlerNames();
		if (!known.isEmpty() && !known.contains(handler)) {
			throw new ApiException(HttpStatus.BAD_REQUEST, "No live node runs a handler named '" + handler
					+ "': use one of " + known + ", or start a node that has it");
		}
		JsonNode payload = body.get("payload");
		JobRequest job = JobRequest.of(handler, (payload != null && !payload.isNull()) ? Json.plain(payload) : null);
		String queue = text(body, "queue");
		if (StringUtils.hasText(queue)) {
			job = job.queue(queue);
		}
		if (body.hasNonNull("priority")) {
			job = job.priority(integer(body, "priority"));
		}
		Instant runAt = JobFilter.instant("runAt", text(body, "runAt"));
		if (runAt != null) {
			job = job.runAt(runAt);
		}
		if (body.hasNonNull("delaySeconds")) {
			job = job.delay(Duration.ofSeconds(integer(body, "delaySeconds")));
		}
		if (body.hasNonNull("maxAttempts")) {
			job = job.maxAttempts(integer(body, "maxAttempts"));
		}
		String uniqueKey = text(body, "uniqueKey");
		if (StringUtils.hasText(uniqueKey)) {
			job = job.uniqueKey(uniqueKey);
		}
		String correlationId = text(body, "correlationId");
		if (StringUtils.hasText(correlationId)) {
			job = job.correlationId(correlationId);
		}
		JobId id = this.taskFlow.enqueue(job);
		this.audit.wrote(request, "enqueued job " + id + " for handler '" + handler + "'");
		URI location = URI.create(request.requestPath().value() + "/" + id);
		return ServerResponse.created(location)
			.contentType(MediaType.APPLICATION_JSON)
			.body(Json.write(Map.of("id", id.toString())));
	}

	ServerResponse handlers(ServerRequest request) {
		Map<String, Set<String>> nodesByHandler = new TreeMap<>();
		for (NodeView node : this.taskFlow.nodes()) {
			for (String handler : node.handlers()) {
				nodesByHandler.computeIfAbsent(handler, (name) -> new TreeSet<>()).add(node.id());
			}
		}
		return Responses.ok(nodesByHandler.entrySet()
			.stream()
			.map((entry) -> Map.of("name", entry.getKey(), "nodes", List.copyOf(entry.getValue())))
			.toList());
	}

	private Set<String> handlerNames() {
		Set<String> names = new TreeSet<>();
		this.taskFlow.nodes().forEach((node) -> names.addAll(node.handlers()));
		return names;
	}

	private Map<String, Object> details(ServerRequest request, JobId id) {
		JobView job = this.taskFlow.find(id)
			.orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND,
					"There is no job " + id + ": it may have been deleted, or purged by retention"));
		HttpServletRequest servlet = request.servletRequest();
		return JobJson.details(job, this.taskFlow.attempts(id), this.access.showsValues(servlet));
	}

	private ApiException refusal(JobId id, String what, String allowed) {
		JobStatus status = this.taskFlow.find(id)
			.map(JobView::status)
			.orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "There is no job " + id));
		return new ApiException(HttpStatus.CONFLICT,
				"Job " + id + " is " + status + ": only " + allowed + " jobs can be " + what);
	}

	private static JobQuery finishedOnly(JobQuery query, boolean byIds) {
		// a selection may hold active jobs: delete the finished ones among them; a filter
		// must say itself that it means finished jobs (a blocked workflow step is active)
		boolean admitsActive = Arrays.stream(JobStatus.values()).filter(JobStatus::isActive).anyMatch(query::admits);
		if (byIds && admitsActive) {
			return query.status(FINISHED.toArray(JobStatus[]::new));
		}
		if (admitsActive) {
			throw new ApiException(HttpStatus.BAD_REQUEST, "Only finished jobs can be deleted: add \"status\" with"
					+ " some of SUCCEEDED, FAILED, CANCELLED to the filter");
		}
		return query;
	}

	// in the body, or as a parameter of the request (?toQueue=), not both
	private static String toQueue(ServerRequest request, JsonNode body) {
		JsonNode inBody = body.get("toQueue");
		String parameter = request.param("toQueue").orElse(null);
		if (inBody != null && !inBody.isNull()) {
			if (!inBody.isString()) {
				throw new ApiException(HttpStatus.BAD_REQUEST, "'toQueue' must be a queue name, was " + inBody);
			}
			if (parameter != null && !parameter.equals(inBody.asString())) {
				throw new ApiException(HttpStatus.BAD_REQUEST, "'toQueue' is given twice, as '" + inBody.asString()
						+ "' in the body and '" + parameter + "' as a parameter: give it once");
			}
			return inBody.asString();
		}
		if (parameter == null) {
			throw new ApiException(HttpStatus.BAD_REQUEST,
					"'toQueue' is missing: name the queue to move the jobs to, in the body or as a parameter");
		}
		return parameter;
	}

	private static JobId jobId(ServerRequest request) {
		return JobFilter.jobId(request.pathVariable("id"));
	}

	private static String text(JsonNode body, String name) {
		JsonNode value = body.get(name);
		return (value != null && !value.isNull()) ? value.asString() : null;
	}

	private static int integer(JsonNode body, String name) {
		JsonNode value = body.get(name);
		if (!value.canConvertToInt() || !value.isIntegralNumber()) {
			throw new ApiException(HttpStatus.BAD_REQUEST, "'" + name + "' must be a whole number, was " + value);
		}
		return value.asInt();
	}

}
