package dev.taskflow.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.taskflow.FailurePolicy;
import dev.taskflow.JobRequest;
import dev.taskflow.Step;
import dev.taskflow.Workflow;
import dev.taskflow.WorkflowStatus;

import static dev.taskflow.chaos.ChaosHandlers.COMPENSATE;
import static dev.taskflow.chaos.ChaosHandlers.FAIL_MAX_ATTEMPTS;
import static dev.taskflow.chaos.ChaosHandlers.JOIN;
import static dev.taskflow.chaos.ChaosHandlers.MAX_ATTEMPTS;
import static dev.taskflow.chaos.ChaosHandlers.NEVER;
import static dev.taskflow.chaos.ChaosHandlers.SPAWN;
import static dev.taskflow.chaos.ChaosHandlers.STEP;
import static dev.taskflow.chaos.ChaosHandlers.STEP_FAIL;

/**
 * The workflows the feeder starts. Each is named after its shape, so that the checks know
 * from the database alone which final status it must reach; which of its steps succeed,
 * fail or are cancelled follows from their handlers ({@link Checks#expectedStatus}).
 * Every request says its attempts: the feeder's enqueue-only context knows no handler.
 *
 * @author TaskFlow
 */
enum WorkflowShape {

	/**
	 * A diamond: {@code a}, then {@code b} (spawns 2 to 4 jobs) and {@code c} (a group of
	 * one or two jobs, sometimes flaky), then {@code d}, which reads {@code b}'s results
	 * and fails when they are not those of the jobs {@code b} spawned. Every step
	 * succeeds. Half of them run under {@link FailurePolicy#COMPENSATE} with
	 * compensations: nothing fails, so none may run.
	 */
	DIAMOND("chaos.diamond", WorkflowStatus.SUCCEEDED) {

		@Override
		Workflow build(Random random) {
			boolean compensating = random.nextBoolean();
			List<JobRequest> group = new ArrayList<>();
			for (int i = 0, jobs = 1 + random.nextInt(2); i < jobs; i++) {
				group.add(step(shortMillis(random), random.nextInt(4) == 0));
			}
			Workflow workflow = Workflow.named(workflowName())
				.step(compensated(Step.of("a", step(firstMillis(random), false)), compensating, random))
				.step(compensated(Step.of("b", spawn(random)).after("a"), compensating, random))
				.step(compensated(Step.group("c", group).after("a"), compensating, random))
				.step(Step
					.of("d", JobRequest.of(JOIN, new ChaosHandlers.JoinWork(shortMillis(random), "b"))
						.maxAttempts(MAX_ATTEMPTS))
					.after("b", "c"));
			return compensating ? workflow.onFailure(FailurePolicy.COMPENSATE) : workflow;
		}

	},

	/**
	 * The default policy ({@link FailurePolicy#CANCEL_DOWNSTREAM}) and a step that fails
	 * for good: {@code a}, then {@code b} (fails) and {@code c} (spawns), then {@code d},
	 * which is cancelled while {@code c} and its spawned jobs run on. {@code a} and
	 * {@code c} have compensations, which this policy never runs.
	 */
	FAILING("chaos.failing", WorkflowStatus.FAILED) {

		@Override
		Workflow build(Random random) {
			return Workflow.named(workflowName())
				.step(compensated(Step.of("a", step(firstMillis(random), false)), true, random))
				.step(Step.of("b", failing()).after("a"))
				.step(compensated(Step.of("c", spawn(random)).after("a"), true, random))
				.step(Step.of("d", never()).after("b", "c"));
		}

	},

	/**
	 * {@link FailurePolicy#COMPENSATE} and a step that fails for good: {@code a}, then
	 * {@code b} (spawns) and {@code c}, then {@code d} (fails), then {@code e}, which is
	 * cancelled. Every step has a compensation: those of {@code b} and {@code c} run,
	 * then {@code a}'s; those of {@code d} (failed) and {@code e} (cancelled) never.
	 */
	COMPENSATE_ON_FAILURE("chaos.compensate", WorkflowStatus.COMPENSATED) {

		@Override
		Workflow build(Random random) {
			return Workflow.named(workflowName())
				.step(compensated(Step.of("a", step(firstMillis(random), false)), true, random))
				.step(compensated(Step.of("b", spawn(random)).after("a"), true, random))
				.step(compensated(Step.of("c", step(shortMillis(random), random.nextInt(4) == 0)).after("a"), true,
						random))
				.step(compensated(Step.of("d", failing()).after("b", "c"), true, random))
				.step(compensated(Step.of("e", never()).after("d"), true, random))
				.onFailure(FailurePolicy.COMPENSATE);
		}

	};

	private final String workflowName;

	private final WorkflowStatus expected;

	WorkflowShape(String workflowName, WorkflowStatus expected) {
		this.workflowName = workflowName;
		this.expected = expected;
	}

	/**
	 * A new workflow of this shape.
	 * @param random the source of its durations and choices
	 * @return the workflow
	 */
	abstract Workflow build(Random random);

	/**
	 * The name of every workflow of this shape.
	 */
	String workflowName() {
		return this.workflowName;
	}

	/**
	 * The final status a workflow of this shape must reach.
	 */
	WorkflowStatus expected() {
		return this.expected;
	}

	/**
	 * The shape of a workflow.
	 * @param workflowName its name
	 * @return the shape, or {@code null} when no shape has that name
	 */
	static WorkflowShape named(String workflowName) {
		for (WorkflowShape shape : values()) {
			if (shape.workflowName.equals(workflowName)) {
				return shape;
			}
		}
		return null;
	}

	// the first step is now and then long enough for a kill or a stop to land in it
	private static long firstMillis(Random random) {
		return (random.nextInt(3) == 0) ? 200 + random.nextInt(2300) : shortMillis(random);
	}

	private static long shortMillis(Random random) {
		return 5 + random.nextInt(45);
	}

	private static JobRequest step(long millis, boolean flaky) {
		return JobRequest.of(STEP, new ChaosHandlers.StepWork(millis, 0, flaky)).maxAttempts(MAX_ATTEMPTS);
	}

	private static JobRequest spawn(Random random) {
		return JobRequest.of(SPAWN, new ChaosHandlers.StepWork(shortMillis(random), 2 + random.nextInt(3), false))
			.maxAttempts(MAX_ATTEMPTS);
	}

	private static JobRequest failing() {
		return JobRequest.of(STEP_FAIL).maxAttempts(FAIL_MAX_ATTEMPTS);
	}

	private static JobRequest never() {
		return JobRequest.of(NEVER).maxAttempts(MAX_ATTEMPTS);
	}

	private static Step compensated(Step step, boolean compensated, Random random) {
		if (!compensated) {
			return step;
		}
		// a compensation is now and then flaky: its retry must not run it twice at once
		return step.compensateWith(
				JobRequest.of(COMPENSATE, new ChaosHandlers.StepWork(shortMillis(random), 0, random.nextInt(3) == 0))
					.maxAttempts(MAX_ATTEMPTS));
	}

}
