package dev.taskflow.engine;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.core.ResolvableType;
import org.springframework.util.ReflectionUtils;

import dev.taskflow.JobEvent;
import dev.taskflow.JobId;
import dev.taskflow.NonRetryableException;
import dev.taskflow.StepResult;
import dev.taskflow.TaskFlowListener;
import dev.taskflow.TaskTimeoutException;
import dev.taskflow.handler.HandlerMethod;
import dev.taskflow.handler.HandlerPolicies;
import dev.taskflow.handler.HandlerPolicy;
import dev.taskflow.handler.HandlerRegistry;
import dev.taskflow.handler.PayloadCodec;
import dev.taskflow.observation.JobObservations;
import dev.taskflow.store.ClaimedJob;
import dev.taskflow.store.Completion;

/**
 * Runs one attempt of a claimed job on the calling worker thread and hands its outcome to
 * the completion sink: exactly one outcome per attempt, even when the attempt times out
 * while its handler ignores the interrupt.
 *
 * @author TaskFlow
 */
final class JobRunner {

	private static final Log logger = LogFactory.getLog(JobRunner.class);

	private final HandlerRegistry registry;

	private final HandlerPolicies policies;

	private final PayloadCodec codec;

	private final BeanFactory beanFactory;

	private final ScheduledExecutorService timeouts;

	private final Consumer<AttemptOutcome> completions;

	private final TaskFlowListener listener;

	private final JobObservations observations;

	private final JobLogCapture logCapture;

	private final FailedJobLog failedJobs;

	// the clock a job's wait is measured on: the JVM's, or a TaskFlowClock
	private final Clock clock;

	// the bean is looked up per job (it may be prototype or refreshed); its method once
	// per class
	private final Map<InvocableKey, Method> invocableMethods = new ConcurrentHashMap<>();

	private volatile WorkflowSteps workflowSteps = WorkflowSteps.NONE;

	private volatile CancelRequests cancelRequests;

	private volatile JobReports jobReports = new JobReports();

	private volatile Checkpoints checkpoints = Checkpoints.NONE;

	JobRunner(HandlerRegistry registry, HandlerPolicies policies, PayloadCodec codec, BeanFactory beanFactory,
			ScheduledExecutorService timeouts, Consumer<AttemptOutcome> completions, TaskFlowListener listener,
			JobObservations observations, JobLogCapture logCapture, FailedJobLog failedJobs, Clock clock) {
		this.clock = clock;
		this.logCapture = logCapture;
		this.failedJobs = failedJobs;
		this.registry = registry;
		this.policies = policies;
		this.codec = codec;
		this.beanFactory = beanFactory;
		this.timeouts = timeouts;
		this.completions = completions;
		this.listener = listener;
		this.observations = observations;
	}

	void setCheckpoints(Checkpoints checkpoints) {
		this.checkpoints = checkpoints;
	}

	void setJobReports(JobReports jobReports) {
		this.jobReports = jobReports;
	}

	void setCancelRequests(CancelRequests cancelRequests) {
		this.cancelRequests = cancelRequests;
	}

	void setWorkflowSteps(WorkflowSteps workflowSteps) {
		this.workflowSteps = workflowSteps;
	}

	void run(ClaimedJob job) {
		Duration wait = waitOf(job, this.clock);
		RunningAttempt attempt = new RunningAttempt(this.completions, (failure) -> undecided(job, wait, failure));
		try {
			RunningTaskContext task = new RunningTaskContext(job, this.workflowSteps, this.codec, this.jobReports,
					this.checkpoints);
			CancelRequests cancels = this.cancelRequests;
			if (cancels != null) {
				cancels.started(job.id(), task, attempt);
			}
			// current on this worker thread from here on: the handler's spans are its
			// children, and what it enqueues continues its trace
			try (JobObservations.Execution observation = this.observations.execution(task, job.traceParent())) {
				run(job, task, wait, observation, attempt);
			}
			finally {
				if (cancels != null) {
					cancels.ended(job.id());
				}
			}
		}
		catch (Throwable ex) {
			// whatever threw around the handler (an observation, the log capture, ...):
			// the attempt still ends, or its job would stay RUNNING with a renewed lease
			if (!attempt.hasEnded()) {
				logger.error("TaskFlow failed to run attempt " + job.attempt() + " of job " + job.id(), ex);
			}
			attempt.end(() -> undecided(job, wait, ex));
		}
	}

	private void run(ClaimedJob job, RunningTaskContext task, Duration wait, JobObservations.Execution observation,
			RunningAttempt attempt) {
		HandlerMethod handler = this.registry.find(job.handler()).orElse(null);
		if (handler == null) {
			// claims are filtered by this node's handlers, so only a bug gets here: fail
			// loudly
			String error = "No @TaskHandler named '" + job.handler() + "' on the node that claimed the job";
			IllegalStateException failure = new IllegalStateException(error);
			observation.error(failure);
			attempt.end(() -> failedForGood(job, error, failure, null, null));
			return;
		}
		HandlerPolicy policy = this.policies.policyOf(handler);
		Object[] arguments;
		try {
			arguments = arguments(handler, job, task);
		}
		catch (RuntimeException ex) {
			String error = "Handler '" + handler.name() + "' expects a payload of type "
					+ handler.payloadType().getTypeName() + " but the stored payload could not be read: "
					+ ErrorText.of(ex);
			NonRetryableException failure = new NonRetryableException(error, ex);
			observation.error(failure);
			attempt.end(() -> failedForGood(job, error, failure, null, null));
			return;
		}
		JobDiagnosticContext.put(job);
		task.enter();
		// the lines the handler logs on this thread, kept with the attempt
		JobLogCapture.Lines lines = this.logCapture.open();
		try {
			this.listener.started(event(job, wait, null));
			long started = System.nanoTime();
			ScheduledFuture<?> timeout = scheduleTimeout(policy, attempt);
			Object result = null;
			Throwable failure = null;
			try {
				if (logger.isDebugEnabled()) {
					logger.debug("Running job " + job.id() + " on handler '" + job.handler() + "', attempt "
							+ job.attempt());
				}
				result = invoke(handler, arguments);
			}
			catch (Throwable ex) {
				failure = ex;
			}
			finally {
				attempt.handlerDone();
				if (timeout != null) {
					timeout.cancel(false);
				}
			}
			Duration duration = since(started);
			if (attempt.timedOut()) {
				// interrupted or not, the attempt ran out of time
				failure = new TaskTimeoutException(handler.name(), policy.timeout());
			}
			if (task.isCancellationRequested()) {
				// asked to stop: whether it returned, threw or was interrupted, it
				// stopped
				Throwable ended = failure;
				attempt.end(() -> withLogs(cancelled(job, ended, wait, duration), lines));
			}
			else if (failure != null) {
				Throwable failed = failure;
				observation.error(failed);
				attempt.end(() -> withLogs(failed(job, policy, failed, wait, duration), lines));
			}
			else {
				Object returned = result;
				attempt.end(() -> withLogs(succeeded(job, returned, wait, duration, task), lines));
			}
		}
		finally {
			this.logCapture.close(lines);
			RunningTaskContext.leave();
			JobDiagnosticContext.clear();
		}
	}

	// the timeout interrupts the handler; the worker ends the attempt once it has stopped
	private ScheduledFuture<?> scheduleTimeout(HandlerPolicy policy, RunningAttempt attempt) {
		Duration limit = policy.timeout();
		if (limit == null) {
			return null;
		}
		return this.timeouts.schedule(attempt::timeOut, limit.toNanos(), TimeUnit.NANOSECONDS);
	}

	// working out the outcome threw (a retry policy's predicate or back-off function, an
	// Error while writing the result): the job fails, with what threw
	private AttemptOutcome undecided(ClaimedJob job, Duration wait, Throwable failure) {
		String error = "TaskFlow could not work out the outcome of attempt " + job.attempt() + " of handler '"
				+ job.handler() + "' and failed the job: " + ErrorText.of(failure)
				+ " (check the handler's retry policy and result type)";
		return failedForGood(job, error, failure, wait, null);
	}

	private AttemptOutcome succeeded(ClaimedJob job, Object result, Duration wait, Duration duration,
			RunningTaskContext task) {
		String json;
		try {
			json = this.codec.write(result);
		}
		catch (RuntimeException ex) {
			String error = "Handler '" + job.handler() + "' returned a result that cannot be written as JSON: "
					+ ErrorText.of(ex);
			return failedForGood(job, error, new NonRetryableException(error, ex), wait, duration);
		}
		JobEvent event = event(job, wait, duration);
		return new AttemptOutcome(
				Completion.succeeded(job.id(), job.attempt(), json).forStep(job.step()).withSpawned(task.spawned()),
				() -> this.listener.succeeded(event), unstorable(job, Completion.Outcome.SUCCEEDED, event));
	}

	private AttemptOutcome cancelled(ClaimedJob job, Throwable failure, Duration wait, Duration duration) {
		String error = "Cancelled on request while it ran"
				+ ((failure != null) ? "; the handler ended with " + ErrorText.of(failure) : "");
		JobEvent event = event(job, wait, duration);
		return new AttemptOutcome(Completion.cancelled(job.id(), job.attempt(), error).forStep(job.step()),
				() -> this.listener.cancelled(event), unstorable(job, Completion.Outcome.CANCELLED, event), failure);
	}

	private AttemptOutcome failed(ClaimedJob job, HandlerPolicy policy, Throwable failure, Duration wait,
			Duration duration) {
		String error = ErrorText.of(failure);
		boolean retryable = policy.retry().isRetryable(failure) && job.attempt() < job.maxAttempts();
		if (!retryable) {
			return failedForGood(job, error, failure, wait, duration);
		}
		Duration delay = policy.retry().delayAfter(job.attempt(), failure);
		JobEvent event = event(job, wait, duration);
		return new AttemptOutcome(Completion.retry(job.id(), job.attempt(), error, delay.toNanos() / 1000)
			.withHistory(ErrorText.withStackTrace(failure), null)
			.forStep(job.step()), () -> {
				this.failedJobs.retrying(job, delay, error, failure);
				this.listener.retryScheduled(event, delay, failure);
			}, unstorable(job, Completion.Outcome.RETRY, event), failure);
	}

	private AttemptOutcome failedForGood(ClaimedJob job, String error, Throwable failure, Duration wait,
			Duration duration) {
		JobEvent event = event(job, wait, duration);
		return new AttemptOutcome(Completion.failed(job.id(), job.attempt(), error)
			.withHistory(ErrorText.withStackTrace(failure), null)
			.forStep(job.step()), () -> {
				this.failedJobs.failed(job, error, failure);
				this.listener.failed(event, failure);
			}, unstorable(job, Completion.Outcome.FAILED, event), failure);
	}

	// the database refused the outcome and the job's failure was stored instead
	private Consumer<String> unstorable(ClaimedJob job, Completion.Outcome refused, JobEvent event) {
		return (reason) -> {
			this.failedJobs.unstorable(job, refused, reason);
			this.listener.failed(event, new IllegalStateException("The outcome could not be stored: " + reason));
		};
	}

	private AttemptOutcome withLogs(AttemptOutcome outcome, JobLogCapture.Lines lines) {
		if (lines == null) {
			return outcome;
		}
		List<String> logged = lines.lines();
		if (logged.isEmpty()) {
			return outcome;
		}
		Completion completion = outcome.completion();
		return new AttemptOutcome(completion.withHistory(completion.attemptError(), this.codec.write(logged)),
				outcome.announcement(), outcome.failureAnnouncement(), outcome.failure());
	}

	private static JobEvent event(ClaimedJob job, Duration wait, Duration duration) {
		return new JobEvent(JobId.of(job.id()), job.handler(), job.queue(), job.priority(), job.attempt(), wait,
				duration);
	}

	// the due time is the database's clock and this is the node's: never report less
	// than nothing
	private static Duration waitOf(ClaimedJob job, Clock clock) {
		if (job.runAt() == null) {
			return Duration.ZERO;
		}
		Duration wait = Duration.between(job.runAt(), clock.instant());
		return wait.isNegative() ? Duration.ZERO : wait;
	}

	private static Duration since(long startNanos) {
		return Duration.ofNanos(System.nanoTime() - startNanos);
	}

	private Object[] arguments(HandlerMethod handler, ClaimedJob job, RunningTaskContext task) {
		Object[] arguments = new Object[handler.method().getParameterCount()];
		if (handler.payloadIndex() >= 0) {
			Object payload = this.codec.read(job.payload(), handler.payloadType());
			if (payload == null && handler.method().getParameterTypes()[handler.payloadIndex()].isPrimitive()) {
				throw new NonRetryableException("the payload is missing");
			}
			arguments[handler.payloadIndex()] = payload;
		}
		if (handler.contextIndex() >= 0) {
			arguments[handler.contextIndex()] = task;
		}
		Parameter[] parameters = handler.method().getParameters();
		for (int i = 0; i < parameters.length; i++) {
			StepResult stepResult = parameters[i].getAnnotation(StepResult.class);
			if (stepResult != null) {
				arguments[i] = stepResult(task, stepResult.value(), parameters[i]);
			}
		}
		return arguments;
	}

	// the value, an Optional of it, or a List of every result of the step
	private Object stepResult(RunningTaskContext task, String step, Parameter parameter) {
		Class<?> type = parameter.getType();
		if (type == List.class || type == Optional.class) {
			Type element = (parameter.getParameterizedType() instanceof ParameterizedType parameterized)
					? parameterized.getActualTypeArguments()[0] : Object.class;
			Class<?> elementClass = ResolvableType.forType(element).resolve(Object.class);
			return (type == List.class) ? task.stepResults(step, elementClass) : task.stepResult(step, elementClass);
		}
		return task.stepResult(step, type).orElse(null);
	}

	private record InvocableKey(Method method, Class<?> beanClass) {
	}

	private Object invoke(HandlerMethod handler, Object[] arguments) throws Throwable {
		Object bean = this.beanFactory.getBean(handler.beanName());
		Method method = this.invocableMethods.computeIfAbsent(new InvocableKey(handler.method(), bean.getClass()),
				(key) -> {
					Method invocable = AopUtils.selectInvocableMethod(key.method(), key.beanClass());
					ReflectionUtils.makeAccessible(invocable);
					return invocable;
				});
		try {
			return method.invoke(bean, arguments);
		}
		catch (InvocationTargetException ex) {
			throw ex.getTargetException();
		}
	}

}
