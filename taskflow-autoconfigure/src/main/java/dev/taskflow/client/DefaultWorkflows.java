package dev.taskflow.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToIntFunction;

import dev.taskflow.InvalidWorkflowException;
import dev.taskflow.JobId;
import dev.taskflow.JobRequest;
import dev.taskflow.Step;
import dev.taskflow.Workflow;
import dev.taskflow.WorkflowEvent;
import dev.taskflow.WorkflowId;
import dev.taskflow.WorkflowPage;
import dev.taskflow.WorkflowQuery;
import dev.taskflow.WorkflowStatus;
import dev.taskflow.WorkflowView;
import dev.taskflow.Workflows;
import dev.taskflow.engine.JobIds;
import dev.taskflow.engine.RunningTaskContext;
import dev.taskflow.engine.TaskFlowListeners;
import dev.taskflow.engine.WorkflowSteps;
import dev.taskflow.observation.JobObservations;
import dev.taskflow.store.ClaimedJob;
import dev.taskflow.store.FinishedWorkflow;
import dev.taskflow.store.JobStep;
import dev.taskflow.store.JobStore;
import dev.taskflow.store.NewJob;
import dev.taskflow.store.NewWorkflow;
import dev.taskflow.store.WorkflowStore;

/**
 * The {@link Workflows} client on top of the workflow store, and what running steps read
 * and spawn through.
 *
 * @author TaskFlow
 */
public class DefaultWorkflows implements Workflows, WorkflowSteps {

	private final JobStore store;

	private final WorkflowStore workflows;

	private final JobFactory jobs;

	private final ToIntFunction<String> attempts;

	private final TaskFlowListeners listener;

	private final JobObservations observations;

	private final Runnable localWakeUp;

	private final Map<UUID, List<CompletableFuture<WorkflowView>>> waiters = new ConcurrentHashMap<>();

	private final WorkflowWaiterPoll poll;

	/**
	 * Builds the job of a request, as an enqueue would.
	 */
	@FunctionalInterface
	interface JobFactory {

		NewJob newJob(JobRequest request, String traceParent, String correlationId);

	}

	DefaultWorkflows(JobStore store, JobFactory jobs, ToIntFunction<String> attempts, JobObservations observations,
			TaskFlowListeners listener, Runnable localWakeUp) {
		this.attempts = attempts;
		this.listener = listener;
		this.store = store;
		this.workflows = store.workflows();
		this.jobs = jobs;
		this.observations = observations;
		this.localWakeUp = localWakeUp;
		this.poll = new WorkflowWaiterPoll(this::checkWaiters);
		store.addWorkflowSignals(this::changed);
	}

	@Override
	public WorkflowId start(Workflow workflow) {
		Objects.requireNonNull(workflow, "'workflow' must not be null");
		validate(workflow);
		List<JobRequest> requests = new ArrayList<>();
		workflow.getSteps().forEach((step) -> requests.addAll(step.getRequests()));
		try (JobObservations.Enqueue observation = this.observations.enqueue(requests)) {
			try {
				NewWorkflow stored = newWorkflow(workflow, observation.traceParent());
				List<FinishedWorkflow> finished = this.workflows.start(stored);
				observation.enqueued(stored.jobs().stream().map((job) -> JobId.of(job.id())).toList());
				AfterCommit.run(() -> {
					this.listener.workflowStarted(
							new WorkflowEvent(WorkflowId.of(stored.id()), stored.name(), WorkflowStatus.RUNNING));
					this.localWakeUp.run();
				});
				changed(finished);
				return WorkflowId.of(stored.id());
			}
			catch (RuntimeException ex) {
				observation.error(ex);
				throw ex;
			}
		}
	}

	private NewWorkflow newWorkflow(Workflow workflow, String traceParent) {
		UUID workflowId = JobIds.next();
		RunningTaskContext running = RunningTaskContext.current();
		String inheritedCorrelationId = (running != null) ? running.correlationId() : null;
		int jobCount = workflow.getSteps().stream().mapToInt((step) -> step.getRequests().size()).sum();
		// ids in ascending order: a group's results are read back in the order of its
		// requests
		Deque<UUID> ids = sortedIds(jobCount);
		List<NewJob> jobs = new ArrayList<>(jobCount);
		Set<UUID> blocked = new HashSet<>();
		List<NewWorkflow.NewStep> steps = new ArrayList<>();
		int position = 0;
		for (Step step : workflow.getSteps()) {
			JobStep member = new JobStep(workflowId, step.getName(), JobStep.Role.STEP);
			for (JobRequest request : step.getRequests()) {
				NewJob job = build(step, request, traceParent, inheritedCorrelationId);
				job = withId(job, ids.poll()).inStep(member);
				jobs.add(job);
				if (!step.getAfter().isEmpty()) {
					blocked.add(job.id());
				}
			}
			NewJob compensation = (step.getCompensation() != null)
					? withId(build(step, step.getCompensation(), traceParent, inheritedCorrelationId), JobIds.next())
					: null;
			steps.add(new NewWorkflow.NewStep(step.getName(), position++, step.isGroup(), step.getAfter(),
					step.getRequests().size(), step.getFailurePolicy(), compensation));
		}
		return new NewWorkflow(workflowId, workflow.getName(), workflow.getFailurePolicy(), traceParent, steps, jobs,
				blocked);
	}

	private NewJob build(Step step, JobRequest request, String traceParent, String inheritedCorrelationId) {
		try {
			return this.jobs.newJob(request, traceParent, inheritedCorrelationId);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidWorkflowException("Step '" + step.getName() + "' cannot be stored: " + ex.getMessage(),
					ex);
		}
	}

	private static Deque<UUID> sortedIds(int count) {
		List<UUID> ids = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			ids.add(JobIds.next());
		}
		ids.sort(null);
		return new ArrayDeque<>(ids);
	}

	private static NewJob withId(NewJob job, UUID id) {
		return new NewJob(id, job.handler(), job.queue(), job.priority(), job.runAt(), job.delayMicros(),
				job.maxAttempts(), job.payload(), job.uniqueKey(), job.concurrencyKey(), job.traceParent(),
				job.correlationId(), job.step());
	}

	// everything that can be told without the database, before anything is stored
	private static void validate(Workflow workflow) {
		String label = "Workflow '" + workflow.getName() + "'";
		if (workflow.getSteps().isEmpty()) {
			throw new InvalidWorkflowException(
					label + " has no steps: add at least one with step(Step.of(\"name\", JobRequest.of(...)))");
		}
		Map<String, Step> byName = new LinkedHashMap<>();
		for (Step step : workflow.getSteps()) {
			if (byName.put(step.getName(), step) != null) {
				throw new InvalidWorkflowException(label + " has two steps named '" + step.getName()
						+ "': give each step a name of its own (steps after it name it)");
			}
		}
		for (Step step : workflow.getSteps()) {
			for (String parent : step.getAfter()) {
				if (parent.equals(step.getName())) {
					throw new InvalidWorkflowException(label + ": step '" + step.getName()
							+ "' comes after itself; remove '" + parent + "' from its after(...)");
				}
				if (!byName.containsKey(parent)) {
					throw new InvalidWorkflowException(label + ": step '" + step.getName() + "' comes after '" + parent
							+ "', which the workflow has no step of; its steps are " + byName.keySet());
				}
			}
			List<JobRequest> all = new ArrayList<>(step.getRequests());
			if (step.getCompensation() != null) {
				all.add(step.getCompensation());
			}
			for (JobRequest request : all) {
				if (request.getUniqueKey() != null) {
					throw new InvalidWorkflowException(label + ": step '" + step.getName()
							+ "' has a job with a unique key ('" + request.getUniqueKey()
							+ "'); a step's job always runs as part of its workflow, so leave the key out");
				}
			}
		}
		List<String> cycle = cycle(workflow.getSteps());
		if (!cycle.isEmpty()) {
			throw new InvalidWorkflowException(label + " has a cycle: " + String.join(" -> ", cycle)
					+ "; no step of it could ever start. Remove one of these after(...) links");
		}
	}

	// a cycle as the names along it, first name repeated at the end; empty if none
	private static List<String> cycle(List<Step> steps) {
		Map<String, List<String>> parents = new HashMap<>();
		steps.forEach((step) -> parents.put(step.getName(), step.getAfter()));
		Map<String, Integer> state = new HashMap<>();
		for (Step step : steps) {
			List<String> path = new ArrayList<>();
			List<String> found = visit(step.getName(), parents, state, path);
			if (!found.isEmpty()) {
				return found;
			}
		}
		return List.of();
	}

	// depth first along the parents: 1 on the path, 2 done
	private static List<String> visit(String step, Map<String, List<String>> parents, Map<String, Integer> state,
			List<String> path) {
		Integer seen = state.get(step);
		if (seen != null && seen == 2) {
			return List.of();
		}
		if (seen != null && seen == 1) {
			List<String> cycle = new ArrayList<>(path.subList(path.indexOf(step), path.size()));
			cycle.add(step);
			java.util.Collections.reverse(cycle);
			return cycle;
		}
		state.put(step, 1);
		path.add(step);
		for (String parent : parents.getOrDefault(step, List.of())) {
			List<String> found = visit(parent, parents, state, path);
			if (!found.isEmpty()) {
				return found;
			}
		}
		path.remove(path.size() - 1);
		state.put(step, 2);
		return List.of();
	}

	@Override
	public Optional<WorkflowView> find(WorkflowId id) {
		Objects.requireNonNull(id, "'id' must not be null");
		return this.workflows.find(id.value());
	}

	@Override
	public WorkflowPage list(WorkflowQuery query) {
		Objects.requireNonNull(query, "'query' must not be null");
		List<WorkflowView> views = this.workflows.list(query);
		boolean more = views.size() > query.getLimit();
		return WorkflowPage.of(more ? views.subList(0, query.getLimit()) : views, more);
	}

	@Override
	public boolean cancel(WorkflowId id) {
		Objects.requireNonNull(id, "'id' must not be null");
		WorkflowStore.CancelledWorkflow cancelled = this.workflows.cancel(id.value());
		if (cancelled == null) {
			return false;
		}
		changed(cancelled.finished());
		return true;
	}

	@Override
	public boolean retry(WorkflowId id) {
		Objects.requireNonNull(id, "'id' must not be null");
		List<FinishedWorkflow> finished = this.workflows.retry(id.value(), this.attempts);
		if (finished == null) {
			return false;
		}
		changed(finished);
		return true;
	}

	@Override
	public CompletableFuture<WorkflowView> whenFinished(WorkflowId id) {
		Objects.requireNonNull(id, "'id' must not be null");
		CompletableFuture<WorkflowView> future = new CompletableFuture<>();
		this.waiters.computeIfAbsent(id.value(), (key) -> new CopyOnWriteArrayList<>()).add(future);
		// read after registering: a workflow that finishes in between is seen by one of
		// the two
		complete(Set.of(id.value()));
		if (!future.isDone()) {
			this.poll.wake();
		}
		return future;
	}

	// told after the transaction that finished steps committed
	private void changed(List<FinishedWorkflow> finished) {
		AfterCommit.run(() -> {
			this.localWakeUp.run();
			for (FinishedWorkflow workflow : finished) {
				this.listener.workflowFinished(new WorkflowEvent(WorkflowId.of(workflow.id()), workflow.name(),
						WorkflowStatus.valueOf(workflow.status())));
			}
			if (!finished.isEmpty() && !this.waiters.isEmpty()) {
				complete(finished.stream().map(FinishedWorkflow::id).toList());
			}
		});
	}

	// the poll: for workflows finished by other nodes
	private boolean checkWaiters() {
		if (this.waiters.isEmpty()) {
			return false;
		}
		complete(this.workflows.finalAmong(List.copyOf(this.waiters.keySet())));
		return !this.waiters.isEmpty();
	}

	private void complete(java.util.Collection<UUID> ids) {
		List<UUID> waited = ids.stream().filter(this.waiters::containsKey).toList();
		if (waited.isEmpty()) {
			return;
		}
		Set<UUID> finalIds = this.workflows.finalAmong(waited);
		for (UUID id : finalIds) {
			Optional<WorkflowView> view = this.workflows.find(id);
			if (view.isPresent() && !view.get().status().isFinal()) {
				continue;
			}
			List<CompletableFuture<WorkflowView>> futures = this.waiters.remove(id);
			if (futures == null) {
				continue;
			}
			for (CompletableFuture<WorkflowView> future : futures) {
				if (view.isPresent()) {
					future.complete(view.get());
				}
				else {
					future.completeExceptionally(new NoSuchElementException("There is no workflow " + id));
				}
			}
		}
	}

	@Override
	public List<String> results(UUID workflowId, String step, boolean own) {
		return this.workflows.results(workflowId, step, own);
	}

	@Override
	public List<String> failedParents(UUID workflowId, String step) {
		return this.workflows.failedParents(workflowId, step);
	}

	@Override
	public List<NewJob> spawned(ClaimedJob parent, List<JobRequest> requests) {
		JobStep member = new JobStep(parent.step().workflowId(), parent.step().stepName(), JobStep.Role.SPAWNED);
		Deque<UUID> ids = sortedIds(requests.size());
		List<NewJob> jobs = new ArrayList<>(requests.size());
		for (JobRequest request : requests) {
			if (request.getUniqueKey() != null) {
				throw new IllegalArgumentException("A spawned job cannot have a unique key ('" + request.getUniqueKey()
						+ "'): it always runs as part of its workflow step, so leave the key out");
			}
			NewJob job = this.jobs.newJob(request, parent.traceParent(), parent.correlationId());
			jobs.add(withId(job, ids.poll()).inStep(member));
		}
		return jobs;
	}

}
