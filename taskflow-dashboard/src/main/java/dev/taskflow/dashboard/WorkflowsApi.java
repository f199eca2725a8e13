package dev.taskflow.dashboard;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.util.MultiValueMap;
import org.springframework.util.StringUtils;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

import dev.taskflow.TaskFlow;
import dev.taskflow.WorkflowId;
import dev.taskflow.WorkflowPage;
import dev.taskflow.WorkflowQuery;
import dev.taskflow.WorkflowStatus;
import dev.taskflow.WorkflowView;

/**
 * The workflows of the API: list them by status and name, read one with its steps, cancel
 * and retry it.
 *
 * @author TaskFlow
 */
final class WorkflowsApi {

	private final TaskFlow taskFlow;

	private final Audit audit;

	WorkflowsApi(TaskFlow taskFlow, Audit audit) {
		this.taskFlow = taskFlow;
		this.audit = audit;
	}

	ServerResponse list(ServerRequest request) {
		WorkflowPage page = this.taskFlow.workflows().list(query(request.params()));
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("workflows", page.workflows().stream().map(WorkflowJson::summary).toList());
		json.put("nextCursor", page.nextCursor().orElse(null));
		return Responses.ok(json);
	}

	ServerResponse find(ServerRequest request) {
		return Responses.ok(WorkflowJson.details(existing(workflowId(request))));
	}

	ServerResponse cancel(ServerRequest request) {
		WorkflowId id = workflowId(request);
		if (!this.taskFlow.workflows().cancel(id)) {
			WorkflowStatus status = existing(id).status();
			// still running: a cancel before this one waits for its running steps
			throw new ApiException(HttpStatus.CONFLICT,
					(status == WorkflowStatus.RUNNING)
							? "Workflow " + id
									+ " is being cancelled already: it ends CANCELLED once its running steps stop"
							: "Workflow " + id + " is " + status + ": only RUNNING workflows can be cancelled");
		}
		this.audit.wrote(request, "cancelled workflow " + id);
		return Responses.ok(WorkflowJson.details(existing(id)));
	}

	ServerResponse retry(ServerRequest request) {
		WorkflowId id = workflowId(request);
		if (!this.taskFlow.workflows().retry(id)) {
			throw new ApiException(HttpStatus.CONFLICT, "Workflow " + id + " is " + existing(id).status()
					+ ": only FAILED or CANCELLED workflows can be retried");
		}
		this.audit.wrote(request, "retried workflow " + id);
		return Responses.ok(WorkflowJson.details(existing(id)));
	}

	private WorkflowView existing(WorkflowId id) {
		return this.taskFlow.workflows()
			.find(id)
			.orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "There is no workflow " + id));
	}

	/**
	 * The query of a list's parameters: {@code status} (repeated, or separated by
	 * commas), {@code name}, {@code limit} and {@code after} (the cursor), as for jobs.
	 * @param parameters the query parameters
	 * @return the query
	 */
	static WorkflowQuery query(MultiValueMap<String, String> parameters) {
		WorkflowQuery query = WorkflowQuery.all();
		List<WorkflowStatus> statuses = new ArrayList<>();
		for (String status : parameters.getOrDefault("status", List.of())) {
			for (String part : status.split(",")) {
				if (StringUtils.hasText(part)) {
					statuses.add(status(part.trim()));
				}
			}
		}
		if (!statuses.isEmpty()) {
			query = query.status(statuses.toArray(WorkflowStatus[]::new));
		}
		String name = parameters.getFirst("name");
		if (StringUtils.hasText(name)) {
			query = query.name(name.trim());
		}
		String limit = parameters.getFirst("limit");
		if (StringUtils.hasText(limit)) {
			try {
				query = query.limit(Integer.parseInt(limit.trim()));
			}
			catch (NumberFormatException ex) {
				throw new ApiException(HttpStatus.BAD_REQUEST, "'limit' must be a number, was '" + limit + "'");
			}
		}
		String after = parameters.getFirst("after");
		return StringUtils.hasText(after) ? query.after(after.trim()) : query;
	}

	private static WorkflowStatus status(String name) {
		try {
			return WorkflowStatus.valueOf(name.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new ApiException(HttpStatus.BAD_REQUEST,
					"'" + name + "' is not a workflow status: use one of " + List.of(WorkflowStatus.values()));
		}
	}

	private static WorkflowId workflowId(ServerRequest request) {
		String text = request.pathVariable("id");
		try {
			return WorkflowId.parse(text);
		}
		catch (IllegalArgumentException ex) {
			throw new ApiException(HttpStatus.BAD_REQUEST,
					"'" + text + "' is not a workflow id: a workflow id is a UUID");
		}
	}

}
