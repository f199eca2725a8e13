package dev.taskflow;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A graph of {@link Step steps} started as one unit with
 * {@link Workflows#start(Workflow)}: each step runs once the steps it comes
 * {@link Step#after(String...) after} have finished, and reads their results. Immutable:
 * each method returns a changed copy.
 *
 * <pre class="code">
 * taskFlow.workflows().start(Workflow.named("checkout")
 *     .step(Step.of("charge", JobRequest.of("payment.charge", order))
 *         .compensateWith(JobRequest.of("payment.refund", order)))
 *     .step(Step.of("ship", JobRequest.of("shipping.create", order)).after("charge"))
 *     .onFailure(FailurePolicy.COMPENSATE));
 * </pre>
 *
 * @author TaskFlow
 */
public final class Workflow {

	/**
	 * The longest workflow name.
	 */
	public static final int MAX_NAME_LENGTH = 200;

	private final String name;

	private final List<Step> steps;

	private final FailurePolicy failurePolicy;

	private Workflow(String name, List<Step> steps, FailurePolicy failurePolicy) {
		this.name = name;
		this.steps = steps;
		this.failurePolicy = failurePolicy;
	}

	/**
	 * A workflow without steps yet.
	 * @param name a label for it (not unique: many workflows may share one), shown in
	 * lists and metrics
	 * @return the workflow
	 */
	public static Workflow named(String name) {
		RequestChecks.name("name", name, MAX_NAME_LENGTH, "use a shorter workflow name");
		return new Workflow(name, List.of(), FailurePolicy.CANCEL_DOWNSTREAM);
	}

	/**
	 * A chain: each job runs after the one before it. Its steps are named {@code "1"},
	 * {@code "2"}, ... in order.
	 * @param name a label for the workflow
	 * @param requests the jobs, in the order they run
	 * @return the workflow
	 */
	public static Workflow chain(String name, JobRequest... requests) {
		Objects.requireNonNull(requests, "'requests' must not be null");
		return chain(name, List.of(requests));
	}

	/**
	 * A chain: each job runs after the one before it. Its steps are named {@code "1"},
	 * {@code "2"}, ... in order.
	 * @param name a label for the workflow
	 * @param requests the jobs, in the order they run
	 * @return the workflow
	 */
	public static Workflow chain(String name, List<JobRequest> requests) {
		Objects.requireNonNull(requests, "'requests' must not be null");
		Workflow workflow = named(name);
		for (int i = 0; i < requests.size(); i++) {
			Step step = Step.of(String.valueOf(i + 1), requests.get(i));
			workflow = workflow.step((i > 0) ? step.after(String.valueOf(i)) : step);
		}
		return workflow;
	}

	/**
	 * Add a step.
	 * @param step the step
	 * @return the changed workflow
	 */
	public Workflow step(Step step) {
		Objects.requireNonNull(step, "'step' must not be null");
		List<Step> steps = new ArrayList<>(this.steps);
		steps.add(step);
		return new Workflow(this.name, List.copyOf(steps), this.failurePolicy);
	}

	/**
	 * What happens when a step fails (unless the step says otherwise).
	 * @param policy the policy; {@link FailurePolicy#CANCEL_DOWNSTREAM} by default
	 * @return the changed workflow
	 */
	public Workflow onFailure(FailurePolicy policy) {
		Objects.requireNonNull(policy, "'policy' must not be null");
		return new Workflow(this.name, this.steps, policy);
	}

	/**
	 * The workflow's name.
	 * @return the name
	 */
	public String getName() {
		return this.name;
	}

	/**
	 * The steps, in the order they were added.
	 * @return the steps
	 */
	public List<Step> getSteps() {
		return this.steps;
	}

	/**
	 * What happens when a step fails.
	 * @return the policy
	 */
	public FailurePolicy getFailurePolicy() {
		return this.failurePolicy;
	}

	@Override
	public String toString() {
		return "Workflow '" + this.name + "' " + this.steps.stream().map(Step::getName).toList();
	}

}
