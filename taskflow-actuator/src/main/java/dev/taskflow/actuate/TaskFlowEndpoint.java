package dev.taskflow.actuate;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.StringUtils;

import dev.taskflow.FailurePolicy;
import dev.taskflow.JobAttempt;
import dev.taskflow.JobId;
import dev.taskflow.JobPage;
import dev.taskflow.JobQuery;
import dev.taskflow.JobRequest;
import dev.taskflow.JobStatus;
import dev.taskflow.JobView;
import dev.taskflow.NodeView;
import dev.taskflow.Nodes;
import dev.taskflow.QueueView;
import dev.taskflow.ScheduleView;
import dev.taskflow.TaskFlow;
import dev.taskflow.UniqueKeyConflictException;
import dev.taskflow.WorkflowId;
import dev.taskflow.WorkflowStatus;
import dev.taskflow.WorkflowView;

/**
 * The {@code taskflow} endpoint: what the jobs, queues, nodes and schedules look like,
 * and the operator's commands on them.
 * <ul>
 * <li>{@code GET /actuator/taskflow}: per queue the job counts by status and the age of
 * the oldest due job, the nodes with the age of their heartbeat, whether they drain and
 * which one answers, the schedules with their next fire time;</li>
 * <li>{@code GET /actuator/taskflow/jobs?status=&queue=&handler=&limit=&before=}: a page
 * of jobs, newest first, with the cursor of the next page;</li>
 * <li>{@code GET /actuator/taskflow/jobs/{id}}: one job with its progress, attempts,
 * error, payload and result (values hidden unless {@code show-values} allows them:
 * payload, result, the errors, the progress message and the captured log lines);</li>
 * <li>{@code GET /actuator/taskflow/workflows/{id}}: one workflow with its steps, their
 * status, jobs and compensations;</li>
 * <li>{@code POST /actuator/taskflow/jobs/{id}/retry|cancel}, {@code POST
 * /actuator/taskflow/workflows/{id}/retry|cancel}, {@code POST
 * /actuator/taskflow/queues/{name}/pause|resume}, {@code POST
 * /actuator/taskflow/schedules/{name}/trigger|pause|resume}, {@code POST
 * /actuator/taskflow/nodes/{id}/drain|undrain} ({@code local} for the node that answers,
 * as a Kubernetes {@code preStop} hook calls it);</li>
 * <li>{@code DELETE /actuator/taskflow/jobs?olderThan=7d[&status=]}: purge finished
 * jobs.</li>
 * </ul>
 * Actuator maps path segments to selectors only, and one pattern to one operation per
 * HTTP method: so {@code jobs}, {@code workflows}, {@code queues}, {@code schedules} and
 * {@code nodes} are selector values here, checked by the operations: {@code jobs/{id}}
 * and {@code workflows/{id}} share one read operation and, with their actions, one write
 * operation.
 * <p>
 * Its access is {@link Access#READ_ONLY read-only} unless the application opts in to the
 * commands and the purge with {@code management.endpoint.taskflow.access=unrestricted},
 * as for Spring Boot's own endpoints that change things ({@code shutdown},
 * {@code heapdump}): exposing the endpoint to read it must not hand out the power to
 * cancel, retry, pause and delete jobs, or to drain nodes.
 * <p>
 * It reads and acts through TaskFlow's public API only ({@link TaskFlow#jobs()},
 * {@link TaskFlow#queues()}, {@link TaskFlow#nodes()}, {@link TaskFlow#schedules()},
 * {@link TaskFlow#workflows()}), as any application could.
 *
 * @author TaskFlow
 */
@Endpoint(id = "taskflow", defaultAccess = Access.READ_ONLY)
public class TaskFlowEndpoint {

	/**
	 * What a hidden payload, result, error or log line reads as.
	 */
	public static final String HIDDEN = "******";

	static final int DEFAULT_LIMIT = 50;

	static final int MAX_LIMIT = 500;

	private static final String JOBS = "jobs";

	private static final String QUEUES = "queues";

	private static final String SCHEDULES = "schedules";

	private static final String WORKFLOWS = "workflows";

	private static final String NODES = "nodes";

	/**
	 * The id that names the node that answers in {@code nodes/{id}/drain|undrain}.
	 */
	static final String LOCAL_NODE = "local";

	private static final Set<JobStatus> FINISHED = EnumSet.of(JobStatus.SUCCEEDED, JobStatus.FAILED,
			JobStatus.CANCELLED);

	private final TaskFlow taskFlow;

	private final Show showValues;

	private final Supplier<@Nullable String> localNodeId;

	private final Set<String> configuredQueues;

	/**
	 * Create the endpoint.
	 * @param taskFlow the client
	 * @param showValues when payloads, results, errors, progress messages and captured
	 * log lines are shown
	 * @param localNodeId supplies this node's id, or {@code null} without a worker
	 * @param configuredQueues the queues named in the configuration
	 */
	public TaskFlowEndpoint(TaskFlow taskFlow, Show showValues, Supplier<@Nullable String> localNodeId,
			Collection<String> configuredQueues) {
		this.taskFlow = taskFlow;
		this.showValues = showValues;
		this.localNodeId = localNodeId;
		this.configuredQueues = Set.copyOf(configuredQueues);
	}

	/**
	 * The queues, nodes and schedules.
	 * @return the summary
	 */
	@ReadOperation
	public TaskFlowDescriptor summary() {
		Instant now = Instant.now();
		Map<String, QueueDescriptor> queues = new TreeMap<>();
		for (String queue : this.configuredQueues) {
			queues.put(queue, new QueueDescriptor(false, emptyCounts(), null, null));
		}
		for (QueueView queue : this.taskFlow.queues().list()) {
			Map<String, Long> counts = new LinkedHashMap<>();
			queue.counts().forEach((status, count) -> counts.put(status.name(), count));
			Duration age = queue.oldestDueAge().orElse(null);
			queues.put(queue.name(), new QueueDescriptor(queue.paused(), counts, (age != null) ? age.toString() : null,
					(age != null) ? seconds(age) : null));
		}
		String local = this.localNodeId.get();
		List<NodeDescriptor> nodes = this.taskFlow.nodes().stream().map((node) -> node(node, local)).toList();
		List<ScheduleDescriptor> schedules = this.taskFlow.schedules()
			.list()
			.stream()
			.map(TaskFlowEndpoint::schedule)
			.toList();
		return new TaskFlowDescriptor(now, queues, nodes, schedules);
	}

	/**
	 * A page of jobs, errors shown as {@code show-values} says for a technology without
	 * users (JMX): {@code when-authorized} shows them.
	 * @param collection {@code jobs}
	 * @param status the statuses, comma separated, or {@code null} for all
	 * @param queue the queue or {@code null}
	 * @param handler the handler or {@code null}
	 * @param limit the most jobs, 50 by default, at most 500
	 * @param before the {@code nextCursor} of the previous page, or an ISO-8601 instant
	 * @return the page, or {@code null} for another collection
	 */
	@ReadOperation
	public @Nullable JobPageDescriptor jobs(@Selector String collection, @Nullable String status,
			@Nullable String queue, @Nullable String handler, @Nullable String limit, @Nullable String before) {
		return jobPage(collection, status, queue, handler, limit, before, this.showValues.isShown(true)).toBody();
	}

	/**
	 * One job or one workflow. A job's payload, result, errors, progress message and
	 * captured log lines are shown as {@code show-values} says for a technology without
	 * users (JMX): {@code when-authorized} shows them.
	 * @param collection {@code jobs} or {@code workflows}
	 * @param id the job or workflow id
	 * @return the job ({@link JobDescriptor}) or workflow ({@link WorkflowDescriptor}),
	 * or {@code null} if there is none
	 */
	@ReadOperation
	public @Nullable OperationResponseBody entry(@Selector String collection, @Selector String id) {
		return entry(collection, id, this.showValues.isShown(true)).toBody();
	}

	/**
	 * Retry or cancel a job or a workflow, pause or resume a queue, trigger, pause or
	 * resume a schedule, drain or undrain a node.
	 * @param collection {@code jobs}, {@code workflows}, {@code queues},
	 * {@code schedules} or {@code nodes}
	 * @param name the job or workflow id, queue name, schedule name or node id
	 * ({@code local} for the node that answers)
	 * @param action the action
	 * @return what changed, or {@code null} if there is no such job, workflow, queue,
	 * schedule or live node
	 */
	@WriteOperation
	public @Nullable ActionDescriptor act(@Selector String collection, @Selector String name, @Selector String action) {
		return action(collection, name, action).toBody();
	}

	/**
	 * Delete finished jobs older than a duration.
	 * @param collection {@code jobs}
	 * @param olderThan how long ago they finished at the latest, such as {@code 7d} or
	 * {@code PT12H}
	 * @param status the finished statuses to purge, comma separated, or {@code null} for
	 * every finished status
	 * @return how many were deleted
	 */
	@DeleteOperation
	public @Nullable PurgeDescriptor purge(@Selector String collection, @Nullable String olderThan,
			@Nullable String status) {
		return purgeJobs(collection, olderThan, status).toBody();
	}

	OperationResult<JobPageDescriptor> jobPage(String collection, @Nullable String status, @Nullable String queue,
			@Nullable String handler, @Nullable String limit, @Nullable String before, boolean showValues) {
		if (!JOBS.equals(collection)) {
			return notACollection(collection, "GET /actuator/taskflow/jobs");
		}
		Set<JobStatus> statuses;
		int max;
		JobQuery query = JobQuery.all();
		try {
			statuses = statuses(status, EnumSet.allOf(JobStatus.class));
			max = limit(limit);
			if (StringUtils.hasText(before)) {
				String text = before.trim();
				// the nextCursor of a page, or an instant to start before
				query = (text.indexOf('_') < 0) ? query.createdBefore(Instant.parse(text)) : query.after(text);
			}
		}
		catch (DateTimeParseException | IllegalArgumentException ex) {
			String message = (ex instanceof InvalidParameterException) ? ex.getMessage()
					: "'before' must be the nextCursor of a previous page (such as"
							+ " 2026-01-31T10:15:30.123456Z_0194c1b2-7d3e-7a4f-9b2c-1d2e3f4a5b6c) or an ISO-8601"
							+ " instant (such as 2026-01-31T00:00:00Z), not '" + before + "'";
			return OperationResult.badRequest(message);
		}
		if (!statuses.equals(EnumSet.allOf(JobStatus.class))) {
			query = query.status(statuses.toArray(JobStatus[]::new));
		}
		if (StringUtils.hasText(queue)) {
			query = query.queue(queue.trim());
		}
		if (StringUtils.hasText(handler)) {
			query = query.handler(handler.trim());
		}
		JobPage page = this.taskFlow.jobs().list(query.limit(max));
		return OperationResult
			.ok(new JobPageDescriptor(page.jobs().stream().map((job) -> summary(job, showValues)).toList(), max,
					page.nextCursor().orElse(null)));
	}

	OperationResult<? extends OperationResponseBody> entry(String collection, String id, boolean showValues) {
		return switch (collection) {
			case JOBS -> job(id, showValues);
			case WORKFLOWS -> workflow(id);
			default ->
				notACollection(collection, "GET /actuator/taskflow/jobs/{id} or /actuator/taskflow/workflows/{id}");
		};
	}

	private OperationResult<JobDescriptor> job(String id, boolean showValues) {
		JobId jobId;
		try {
			jobId = JobId.parse(id);
		}
		catch (IllegalArgumentException ex) {
			return OperationResult.badRequest(ex.getMessage());
		}
		Optional<JobView> found = this.taskFlow.find(jobId);
		if (found.isEmpty()) {
			return OperationResult.notFound("No job " + id);
		}
		JobView job = found.get();
		Object payload = job.payload(Object.class).map((value) -> showValues ? value : HIDDEN).orElse(null);
		Object result = job.result(Object.class).map((value) -> showValues ? value : HIDDEN).orElse(null);
		List<JobAttempt> attempts = this.taskFlow.attempts(jobId);
		if (!showValues) {
			attempts = attempts.stream().map(TaskFlowEndpoint::hideValues).toList();
		}
		return OperationResult
			.ok(new JobDescriptor(job.id().toString(), job.handler(), job.queue(), job.status(), job.priority(),
					job.attempt(), job.maxAttempts(), job.runAt(), job.createdAt(), job.startedAt(), job.finishedAt(),
					progress(job, showValues), hide(job.lastError(), showValues), job.ownerNode(), job.scheduleName(),
					job.fireTime(), job.concurrencyKey(), job.correlationId(), payload, result, attempts));
	}

	// no values to hide: a workflow shows its steps' statuses and job ids, never what
	// the jobs carry
	private OperationResult<WorkflowDescriptor> workflow(String id) {
		WorkflowId workflowId;
		try {
			workflowId = WorkflowId.parse(id);
		}
		catch (IllegalArgumentException ex) {
			return OperationResult.badRequest(ex.getMessage());
		}
		return this.taskFlow.workflows()
			.find(workflowId)
			.map(TaskFlowEndpoint::describe)
			.map(OperationResult::ok)
			.orElseGet(() -> OperationResult.notFound("No workflow " + id));
	}

	OperationResult<ActionDescriptor> action(String collection, String name, String action) {
		return switch (collection) {
			case JOBS -> jobAction(name, action);
			case WORKFLOWS -> workflowAction(name, action);
			case QUEUES -> queueAction(name, action);
			case SCHEDULES -> scheduleAction(name, action);
			case NODES -> nodeAction(name, action);
			default -> OperationResult.notFound("No collection '" + collection
					+ "': POST to /actuator/taskflow/jobs/{id}/retry|cancel,"
					+ " /actuator/taskflow/workflows/{id}/retry|cancel, /actuator/taskflow/queues/{name}/pause|resume,"
					+ " /actuator/taskflow/schedules/{name}/trigger|pause|resume"
					+ " or /actuator/taskflow/nodes/{id}/drain|undrain");
		};
	}

	OperationResult<PurgeDescriptor> purgeJobs(String collection, @Nullable String olderThan, @Nullable String status) {
		if (!JOBS.equals(collection)) {
			return notACollection(collection, "DELETE /actuator/taskflow/jobs?olderThan=7d");
		}
		if (!StringUtils.hasText(olderThan)) {
			return OperationResult.badRequest("Send 'olderThan', how long ago the jobs to purge finished at the latest"
					+ " (such as 7d, 12h or PT30M): DELETE /actuator/taskflow/jobs?olderThan=7d");
		}
		Duration age;
		Set<JobStatus> statuses;
		try {
			age = DurationStyle.detectAndParse(olderThan.trim());
			statuses = statuses(status, FINISHED);
		}
		catch (InvalidParameterException ex) {
			return OperationResult.badRequest(ex.getMessage());
		}
		catch (IllegalArgumentException ex) {
			return OperationResult
				.badRequest("'olderThan' must be a duration such as 7d, 12h or PT30M, not '" + olderThan + "'");
		}
		if (age.isNegative() || age.isZero()) {
			return OperationResult.badRequest("'olderThan' must be positive, such as 7d, not '" + olderThan + "'");
		}
		Set<JobStatus> unfinished = EnumSet.noneOf(JobStatus.class);
		statuses.stream().filter((candidate) -> !FINISHED.contains(candidate)).forEach(unfinished::add);
		if (!unfinished.isEmpty()) {
			return OperationResult.badRequest("Refusing to purge " + unfinished
					+ " jobs: only finished jobs can be purged; send 'status' as one or more of " + FINISHED
					+ ", or leave it out for all of them");
		}
		Instant before = Instant.now().minus(age);
		int deleted = this.taskFlow.jobs()
			.deleteAll(JobQuery.all().status(statuses.toArray(JobStatus[]::new)).finishedBefore(before));
		return OperationResult
			.ok(new PurgeDescriptor(before, statuses.stream().map(Enum::name).sorted().toList(), deleted));
	}

	private OperationResult<ActionDescriptor> jobAction(String id, String action) {
		if (!action.equals("retry") && !action.equals("cancel")) {
			return OperationResult.badRequest(
					"Unknown action '" + action + "' for a job: POST /actuator/taskflow/jobs/{id}/retry or .../cancel");
		}
		JobId jobId;
		try {
			jobId = JobId.parse(id);
		}
		catch (IllegalArgumentException ex) {
			return OperationResult.badRequest(ex.getMessage());
		}
		boolean retry = action.equals("retry");
		String keyConflict = null;
		try {
			if (retry && this.taskFlow.retry(jobId)) {
				return OperationResult
					.ok(new ActionDescriptor("job", id, action, true, JobStatus.PENDING.name(), null, null));
			}
			if (!retry && this.taskFlow.cancel(jobId)) {
				// a running job was only asked to stop: it stays RUNNING until it has
				JobStatus status = this.taskFlow.find(jobId).map(JobView::status).orElse(JobStatus.CANCELLED);
				return OperationResult.ok(new ActionDescriptor("job", id, action, true, status.name(), null, null));
			}
		}
		catch (UniqueKeyConflictException ex) {
			// unchanged: another active job holds its unique key, which the message names
			keyConflict = ex.getMessage();
		}
		// refused: the job is missing, or its status or unique key does not allow it
		JobStatus status = this.taskFlow.find(jobId).map(JobView::status).orElse(null);
		if (status == null) {
			return OperationResult.notFound("No job " + id);
		}
		String message;
		if (keyConflict != null) {
			message = keyConflict;
		}
		else if (retry) {
			// a failed or cancelled job that is refused is a workflow step: its workflow
			// decides what runs again
			message = (status == JobStatus.FAILED || status == JobStatus.CANCELLED) ? "Job " + id + " is " + status
					+ " and a step of a workflow: retry the workflow, POST /actuator/taskflow/workflows/{id}/retry"
					: "Job " + id + " is " + status + ": only FAILED or CANCELLED jobs can be retried";
		}
		else {
			message = (status == JobStatus.RUNNING)
					? "Job " + id + " was asked to stop already: it ends CANCELLED once its handler has stopped"
					: "Job " + id + " is " + status + ": only PENDING, BLOCKED or RUNNING jobs can be cancelled";
		}
		return OperationResult
			.conflict(new ActionDescriptor("job", id, action, false, String.valueOf(status), null, message), message);
	}

	private OperationResult<ActionDescriptor> workflowAction(String id, String action) {
		if (!action.equals("retry") && !action.equals("cancel")) {
			return OperationResult.badRequest("Unknown action '" + action
					+ "' for a workflow: POST /actuator/taskflow/workflows/{id}/retry or .../cancel");
		}
		WorkflowId workflowId;
		try {
			workflowId = WorkflowId.parse(id);
		}
		catch (IllegalArgumentException ex) {
			return OperationResult.badRequest(ex.getMessage());
		}
		boolean retry = action.equals("retry");
		boolean changed = retry ? this.taskFlow.workflows().retry(workflowId)
				: this.taskFlow.workflows().cancel(workflowId);
		// read after the command: a cancelled workflow stays RUNNING until its running
		// steps have stopped
		WorkflowStatus status = this.taskFlow.workflows().find(workflowId).map(WorkflowView::status).orElse(null);
		if (changed) {
			return OperationResult.ok(new ActionDescriptor("workflow", id, action, true,
					(status != null) ? status.name() : null, null, null));
		}
		// refused: the workflow is missing, or its status does not allow it
		if (status == null) {
			return OperationResult.notFound("No workflow " + id);
		}
		String message;
		if (retry) {
			message = "Workflow " + id + " is " + status + ": only FAILED or CANCELLED workflows can be retried";
		}
		else if (status == WorkflowStatus.RUNNING) {
			message = "Workflow " + id + " is being cancelled already: it ends CANCELLED once its running steps stop";
		}
		else {
			message = "Workflow " + id + " is " + status + ": only RUNNING workflows can be cancelled";
		}
		return OperationResult
			.conflict(new ActionDescriptor("workflow", id, action, false, status.name(), null, message), message);
	}

	private OperationResult<ActionDescriptor> queueAction(String queue, String action) {
		if (!action.equals("pause") && !action.equals("resume")) {
			return OperationResult.badRequest("Unknown action '" + action
					+ "' for a queue: POST /actuator/taskflow/queues/{name}/pause or .../resume");
		}
		if (!this.configuredQueues.contains(queue) && !JobRequest.DEFAULT_QUEUE.equals(queue) && !queueExists(queue)) {
			return OperationResult.notFound("No queue '" + queue
					+ "': no job was ever enqueued on it and it is not configured under spring.taskflow.queues");
		}
		boolean changed = action.equals("pause") ? this.taskFlow.queues().pause(queue)
				: this.taskFlow.queues().resume(queue);
		String state = this.taskFlow.queues().isPaused(queue) ? "PAUSED" : "RUNNING";
		return OperationResult.ok(new ActionDescriptor("queue", queue, action, changed, state, null, null));
	}

	private OperationResult<ActionDescriptor> scheduleAction(String name, String action) {
		if (!action.equals("trigger") && !action.equals("pause") && !action.equals("resume")) {
			return OperationResult.badRequest("Unknown action '" + action
					+ "' for a schedule: POST /actuator/taskflow/schedules/{name}/trigger, .../pause or .../resume");
		}
		if (this.taskFlow.schedules().find(name).isEmpty()) {
			return OperationResult.notFound("No schedule '" + name + "'");
		}
		String jobId = null;
		boolean changed = true;
		switch (action) {
			case "trigger" -> jobId = this.taskFlow.schedules().trigger(name).toString();
			case "pause" -> changed = this.taskFlow.schedules().pause(name);
			default -> changed = this.taskFlow.schedules().resume(name);
		}
		String state = this.taskFlow.schedules()
			.find(name)
			.map((view) -> view.paused() ? "PAUSED" : "ACTIVE")
			.orElse(null);
		return OperationResult.ok(new ActionDescriptor("schedule", name, action, changed, state, jobId, null));
	}

	private OperationResult<ActionDescriptor> nodeAction(String id, String action) {
		if (!action.equals("drain") && !action.equals("undrain")) {
			return OperationResult.badRequest("Unknown action '" + action
					+ "' for a node: POST /actuator/taskflow/nodes/{id}/drain or .../undrain");
		}
		String nodeId = id;
		if (LOCAL_NODE.equals(id)) {
			nodeId = this.localNodeId.get();
			if (nodeId == null) {
				return OperationResult.notFound("No local node: this application runs no worker"
						+ " (spring.taskflow.worker.enabled=false); drain a node by the id GET /actuator/taskflow lists");
			}
		}
		boolean drain = action.equals("drain");
		Nodes nodes = this.taskFlow.nodes();
		String wanted = nodeId;
		NodeView node = nodes.stream().filter((candidate) -> candidate.id().equals(wanted)).findFirst().orElse(null);
		// the node may have left between the read and the request: then nothing was asked
		if (node == null || !(drain ? nodes.drain(nodeId) : nodes.undrain(nodeId))) {
			return OperationResult
				.notFound("No live node '" + nodeId + "': GET /actuator/taskflow lists the nodes and their ids");
		}
		return OperationResult.ok(new ActionDescriptor("node", nodeId, action, node.draining() != drain,
				drain ? "DRAINING" : "ACTIVE", null, null));
	}

	private static <T> OperationResult<T> notACollection(String collection, String usage) {
		return OperationResult.notFound("No collection '" + collection + "': " + usage);
	}

	private static Set<JobStatus> statuses(@Nullable String text, Set<JobStatus> all) {
		if (!StringUtils.hasText(text)) {
			return EnumSet.copyOf(all);
		}
		Set<JobStatus> statuses = EnumSet.noneOf(JobStatus.class);
		for (String part : text.split(",")) {
			String name = part.trim().toUpperCase(Locale.ROOT);
			if (name.isEmpty()) {
				continue;
			}
			try {
				statuses.add(JobStatus.valueOf(name));
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidParameterException(
						"Unknown status '" + part.trim() + "': send 'status' as one or more of "
								+ EnumSet.allOf(JobStatus.class) + ", separated by commas");
			}
		}
		return statuses.isEmpty() ? EnumSet.copyOf(all) : statuses;
	}

	private static int limit(@Nullable String text) {
		if (!StringUtils.hasText(text)) {
			return DEFAULT_LIMIT;
		}
		try {
			int limit = Integer.parseInt(text.trim());
			if (limit >= 1 && limit <= MAX_LIMIT) {
				return limit;
			}
		}
		catch (NumberFormatException ex) {
			// answered below
		}
		throw new InvalidParameterException("'limit' must be a number from 1 to " + MAX_LIMIT + " (" + DEFAULT_LIMIT
				+ " if left out), not '" + text + "'");
	}

	// a queue is known once a job was enqueued on it, or it was paused
	private boolean queueExists(String queue) {
		return this.taskFlow.queues().isPaused(queue)
				|| !this.taskFlow.jobs().list(JobQuery.all().queue(queue).limit(1)).jobs().isEmpty();
	}

	private static Map<String, Long> emptyCounts() {
		Map<String, Long> counts = new LinkedHashMap<>();
		for (JobStatus status : JobStatus.values()) {
			counts.put(status.name(), 0L);
		}
		return counts;
	}

	private static NodeDescriptor node(NodeView node, @Nullable String local) {
		Duration age = node.heartbeatAge();
		return new NodeDescriptor(node.id(), node.host(), node.handlers(), node.startedAt(), node.heartbeatAt(),
				age.toString(), seconds(age), node.id().equals(local), node.draining(),
				node.queueThreads().isEmpty() ? null : node.queueThreads());
	}

	private static ScheduleDescriptor schedule(ScheduleView schedule) {
		return new ScheduleDescriptor(schedule.name(), schedule.expression(), schedule.zone().getId(),
				schedule.handler(), schedule.queue(), schedule.paused(), schedule.nextFireTime(),
				schedule.lastFireTime());
	}

	private static WorkflowDescriptor describe(WorkflowView workflow) {
		List<StepDescriptor> steps = workflow.steps()
			.stream()
			.map((step) -> new StepDescriptor(step.name(), step.after(), step.status(), step.failurePolicy(),
					step.jobIds().stream().map(JobId::toString).toList(), step.spawnedJobs(), step.unfinishedJobs(),
					(step.compensationJobId() != null) ? step.compensationJobId().toString() : null,
					step.compensationStatus()))
			.toList();
		return new WorkflowDescriptor(workflow.id().toString(), workflow.name(), workflow.status(),
				workflow.failurePolicy(), workflow.createdAt(), workflow.finishedAt(), steps);
	}

	private static JobSummaryDescriptor summary(JobView job, boolean showValues) {
		return new JobSummaryDescriptor(job.id().toString(), job.handler(), job.queue(), job.status(), job.priority(),
				job.attempt(), job.maxAttempts(), job.runAt(), job.createdAt(), job.startedAt(), job.finishedAt(),
				progress(job, showValues), hide(job.lastError(), showValues), job.scheduleName(), job.correlationId());
	}

	// the message is the handler's own words, which may quote what the job works on as a
	// log line does: hidden with the values; the counts and the time are always shown
	private static @Nullable ProgressDescriptor progress(JobView job, boolean showValues) {
		return job.progress()
			.map((progress) -> new ProgressDescriptor(progress.done(), progress.total(),
					progress.fraction().isPresent() ? progress.fraction().getAsDouble() : null,
					hide(progress.message().orElse(null), showValues), progress.updatedAt()))
			.orElse(null);
	}

	// an exception's message and a handler's log lines quote what the job worked on as
	// freely as its payload does: hidden with it, one HIDDEN per line so the count stays
	private static JobAttempt hideValues(JobAttempt attempt) {
		return new JobAttempt(attempt.attempt(), attempt.nodeId(), attempt.startedAt(), attempt.finishedAt(),
				attempt.outcome(), hide(attempt.error(), false),
				attempt.logs().stream().map((line) -> HIDDEN).toList());
	}

	private static @Nullable String hide(@Nullable String value, boolean showValues) {
		return (value == null || showValues) ? value : HIDDEN;
	}

	private static double seconds(Duration duration) {
		return duration.toNanos() / 1_000_000_000.0;
	}

	/**
	 * A parameter that cannot be read, with a message saying what to send.
	 */
	private static final class InvalidParameterException extends IllegalArgumentException {

		InvalidParameterException(String message) {
			super(message);
		}

	}

	/**
	 * The summary: queues, nodes, schedules.
	 *
	 * @param databaseTime when the summary was made (by this node's clock; the ages are
	 * measured by the database's clock)
	 * @param queues the queues by name
	 * @param nodes the nodes registered
	 * @param schedules the schedules
	 */
	public record TaskFlowDescriptor(Instant databaseTime, Map<String, QueueDescriptor> queues,
			List<NodeDescriptor> nodes, List<ScheduleDescriptor> schedules) implements OperationResponseBody {

	}

	/**
	 * A queue.
	 *
	 * @param paused whether it is paused
	 * @param jobs the number of jobs by status
	 * @param oldestDueAge how long its oldest due pending job has waited (ISO-8601), or
	 * {@code null} if none is due
	 * @param oldestDueAgeSeconds the same in seconds
	 */
	public record QueueDescriptor(boolean paused, Map<String, Long> jobs, @Nullable String oldestDueAge,
			@Nullable Double oldestDueAgeSeconds) {

	}

	/**
	 * A node.
	 *
	 * @param id its id
	 * @param host its host
	 * @param handlers the handlers it runs
	 * @param startedAt when it started
	 * @param heartbeatAt its latest heartbeat
	 * @param heartbeatAge the age of its latest heartbeat (ISO-8601)
	 * @param heartbeatAgeSeconds the same in seconds
	 * @param local whether it is the node that answers
	 * @param draining whether it was asked to drain: it claims no jobs until undrained
	 * @param queueThreads the threads of each queue's own pool at its latest heartbeat,
	 * or {@code null} when no queue has one
	 */
	public record NodeDescriptor(String id, String host, List<String> handlers, Instant startedAt, Instant heartbeatAt,
			String heartbeatAge, double heartbeatAgeSeconds, boolean local, boolean draining,
			Map<String, Integer> queueThreads) {

	}

	/**
	 * A schedule.
	 *
	 * @param name its name
	 * @param expression its cron expression or interval
	 * @param zone its zone
	 * @param handler its handler
	 * @param queue its queue
	 * @param paused whether it is paused
	 * @param nextFireTime its next fire time
	 * @param lastFireTime its latest fire time
	 */
	public record ScheduleDescriptor(String name, String expression, String zone, String handler, String queue,
			boolean paused, @Nullable Instant nextFireTime, @Nullable Instant lastFireTime) {

	}

	/**
	 * A page of jobs.
	 *
	 * @param jobs the jobs, newest first
	 * @param limit the page size
	 * @param nextCursor the {@code before} of the next page, or {@code null} on the last
	 */
	public record JobPageDescriptor(List<JobSummaryDescriptor> jobs, int limit,
			@Nullable String nextCursor) implements OperationResponseBody {

	}

	/**
	 * A job in a page.
	 *
	 * @param id its id
	 * @param handler its handler
	 * @param queue its queue
	 * @param status its status
	 * @param priority its priority
	 * @param attempt its attempts made
	 * @param maxAttempts its attempts allowed
	 * @param runAt when it is or was due
	 * @param createdAt when it was enqueued
	 * @param startedAt when its latest attempt started
	 * @param finishedAt when it finished
	 * @param progress how far it got, as its handler last reported, or {@code null} if it
	 * reported nothing
	 * @param lastError its latest error, or {@value TaskFlowEndpoint#HIDDEN}
	 * @param scheduleName the schedule that enqueued it
	 * @param correlationId its correlation id
	 */
	public record JobSummaryDescriptor(String id, String handler, String queue, JobStatus status, int priority,
			int attempt, int maxAttempts, Instant runAt, Instant createdAt, @Nullable Instant startedAt,
			@Nullable Instant finishedAt, @Nullable ProgressDescriptor progress, @Nullable String lastError,
			@Nullable String scheduleName, @Nullable String correlationId) {

	}

	/**
	 * One job in full.
	 *
	 * @param id its id
	 * @param handler its handler
	 * @param queue its queue
	 * @param status its status
	 * @param priority its priority
	 * @param attempt its attempts made
	 * @param maxAttempts its attempts allowed
	 * @param runAt when it is or was due
	 * @param createdAt when it was enqueued
	 * @param startedAt when its latest attempt started
	 * @param finishedAt when it finished
	 * @param progress how far it got, as its handler last reported, or {@code null} if it
	 * reported nothing
	 * @param lastError its latest error, or {@value TaskFlowEndpoint#HIDDEN}
	 * @param ownerNode the node running it
	 * @param scheduleName the schedule that enqueued it
	 * @param fireTime its fire time
	 * @param concurrencyKey its concurrency key
	 * @param correlationId its correlation id
	 * @param payload its payload, or {@value TaskFlowEndpoint#HIDDEN}
	 * @param result its result, or {@value TaskFlowEndpoint#HIDDEN}
	 * @param attempts its attempts, oldest first, with their logs when captured; each
	 * error and log line {@value TaskFlowEndpoint#HIDDEN} when values are hidden
	 */
	public record JobDescriptor(String id, String handler, String queue, JobStatus status, int priority, int attempt,
			int maxAttempts, Instant runAt, Instant createdAt, @Nullable Instant startedAt,
			@Nullable Instant finishedAt, @Nullable ProgressDescriptor progress, @Nullable String lastError,
			@Nullable String ownerNode, @Nullable String scheduleName, @Nullable Instant fireTime,
			@Nullable String concurrencyKey, @Nullable String correlationId, @Nullable Object payload,
			@Nullable Object result, List<JobAttempt> attempts) implements OperationResponseBody {

	}

	/**
	 * How far a job got, as its handler last reported it ({@code TaskContext.progress}),
	 * stored at most once per {@code spring.taskflow.progress.interval}.
	 *
	 * @param done the units done
	 * @param total the units in all, or 0 when the handler did not say
	 * @param fraction {@code done / total}, at most 1, or {@code null} when the total is
	 * not known
	 * @param message the last message it reported, or {@value TaskFlowEndpoint#HIDDEN}
	 * @param updatedAt when this was stored (the database's clock)
	 */
	public record ProgressDescriptor(long done, long total, @Nullable Double fraction, @Nullable String message,
			Instant updatedAt) {

	}

	/**
	 * One workflow with its steps. It carries no payload, result or error: those are its
	 * jobs', read with {@code jobs/{id}}.
	 *
	 * @param id its id
	 * @param name its name
	 * @param status its status
	 * @param failurePolicy what it does when a step fails, unless the step says otherwise
	 * @param createdAt when it was started
	 * @param finishedAt when it reached a final status
	 * @param steps its steps, in the order they were added
	 */
	public record WorkflowDescriptor(String id, String name, WorkflowStatus status, FailurePolicy failurePolicy,
			Instant createdAt, @Nullable Instant finishedAt,
			List<StepDescriptor> steps) implements OperationResponseBody {

	}

	/**
	 * One step of a workflow.
	 *
	 * @param name its name
	 * @param after the steps it waits for
	 * @param status its status: {@code BLOCKED} while it waits for them, then as its jobs
	 * go
	 * @param failurePolicy its own failure policy, or {@code null} for the workflow's
	 * @param jobIds its jobs: one, or for a group each of its jobs
	 * @param spawnedJobs how many jobs its jobs spawned
	 * @param unfinishedJobs how many of its jobs, spawned ones included, have not
	 * finished
	 * @param compensationJobId the job that compensated it, when one ran
	 * @param compensationStatus the status of that job
	 */
	public record StepDescriptor(String name, List<String> after, JobStatus status,
			@Nullable FailurePolicy failurePolicy, List<String> jobIds, int spawnedJobs, int unfinishedJobs,
			@Nullable String compensationJobId, @Nullable JobStatus compensationStatus) {

	}

	/**
	 * What a command did.
	 *
	 * @param target {@code job}, {@code workflow}, {@code queue}, {@code schedule} or
	 * {@code node}
	 * @param name the job or workflow id, queue or schedule name, node id (the answering
	 * node's own for {@code local})
	 * @param action the action
	 * @param changed whether it changed anything
	 * @param state the state after it: a job or workflow status (a cancelled workflow is
	 * {@code RUNNING} until its running steps have stopped), {@code PAUSED},
	 * {@code RUNNING} or {@code ACTIVE} for a queue or schedule, {@code DRAINING} or
	 * {@code ACTIVE} for a node
	 * @param jobId the job a trigger enqueued
	 * @param message why nothing changed, when it is refused
	 */
	public record ActionDescriptor(String target, String name, String action, boolean changed, @Nullable String state,
			@Nullable String jobId, @Nullable String message) implements OperationResponseBody {

	}

	/**
	 * What a purge deleted.
	 *
	 * @param finishedBefore the jobs that finished before this time
	 * @param statuses of these statuses
	 * @param deleted how many were deleted
	 */
	public record PurgeDescriptor(Instant finishedBefore, List<String> statuses,
			int deleted) implements OperationResponseBody {

	}

}
