package dev.taskflow.actuate;

import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

/**
 * {@link EndpointWebExtension @EndpointWebExtension} of the {@link TaskFlowEndpoint}:
 * HTTP statuses (404 for an unknown job, workflow, queue, schedule or node, 400 with a
 * message saying what to send, 409 for a command the job's or workflow's state refuses)
 * and payloads, results, errors, progress messages and captured log lines shown as
 * {@code management.endpoint.taskflow.show-values} and {@code roles} say for the user of
 * the request.
 *
 * @author TaskFlow
 */
@EndpointWebExtension(endpoint = TaskFlowEndpoint.class)
public class TaskFlowEndpointWebExtension {

	private final TaskFlowEndpoint delegate;

	private final Show showValues;

	private final Set<String> roles;

	/**
	 * Create the extension.
	 * @param delegate the endpoint
	 * @param showValues when payloads, results, errors, progress messages and captured
	 * log lines are shown
	 * @param roles the roles that may see them with {@link Show#WHEN_AUTHORIZED} (any
	 * authenticated user when empty)
	 */
	public TaskFlowEndpointWebExtension(TaskFlowEndpoint delegate, Show showValues, Set<String> roles) {
		this.delegate = delegate;
		this.showValues = showValues;
		this.roles = Set.copyOf(roles);
	}

	/**
	 * {@code GET /actuator/taskflow/jobs}.
	 * @param securityContext the user of the request
	 * @param collection {@code jobs}
	 * @param status the statuses, comma separated
	 * @param queue the queue
	 * @param handler the handler
	 * @param limit the page size
	 * @param before the cursor
	 * @return the page
	 */
	@ReadOperation
	public WebEndpointResponse<Object> jobs(SecurityContext securityContext, @Selector String collection,
			@Nullable String status, @Nullable String queue, @Nullable String handler, @Nullable String limit,
			@Nullable String before) {
		boolean show = this.showValues.isShown(securityContext, this.roles);
		return this.delegate.jobPage(collection, status, queue, handler, limit, before, show).toResponse();
	}

	/**
	 * {@code GET /actuator/taskflow/jobs/{id}} and {@code GET
	 * /actuator/taskflow/workflows/{id}}.
	 * @param securityContext the user of the request
	 * @param collection {@code jobs} or {@code workflows}
	 * @param id the job or workflow id
	 * @return the job or workflow
	 */
	@ReadOperation
	public WebEndpointResponse<Object> entry(SecurityContext securityContext, @Selector String collection,
			@Selector String id) {
		boolean show = this.showValues.isShown(securityContext, this.roles);
		return this.delegate.entry(collection, id, show).toResponse();
	}

	/**
	 * {@code POST
	 * /actuator/taskflow/{jobs|workflows|queues|schedules|nodes}/{name}/{action}}.
	 * @param collection {@code jobs}, {@code workflows}, {@code queues},
	 * {@code schedules} or {@code nodes}
	 * @param name the job or workflow id, queue or schedule name, node id or
	 * {@code local}
	 * @param action the action
	 * @return what changed
	 */
	@WriteOperation
	public WebEndpointResponse<Object> act(@Selector String collection, @Selector String name,
			@Selector String action) {
		return this.delegate.action(collection, name, action).toResponse();
	}

	/**
	 * {@code DELETE /actuator/taskflow/jobs?olderThan=}.
	 * @param collection {@code jobs}
	 * @param olderThan the age
	 * @param status the finished statuses
	 * @return what was deleted
	 */
	@DeleteOperation
	public WebEndpointResponse<Object> purge(@Selector String collection, @Nullable String olderThan,
			@Nullable String status) {
		return this.delegate.purgeJobs(collection, olderThan, status).toResponse();
	}

}
