package dev.taskflow.engine;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.taskflow.JobEvent;
import dev.taskflow.TaskFlowListener;
import dev.taskflow.WorkflowEvent;

/**
 * Tells every listener in turn. A listener that throws is logged and skipped, so it never
 * breaks a job, an enqueue or the listeners after it: at WARN the first time a listener
 * fails on a kind of event, at DEBUG after that, so a broken listener cannot flood the
 * log.
 *
 * @author TaskFlow
 */
public final class TaskFlowListeners implements TaskFlowListener {

	/**
	 * No listeners.
	 */
	public static final TaskFlowListeners NONE = new TaskFlowListeners(List.of());

	private static final Log logger = LogFactory.getLog(TaskFlowListeners.class);

	private final Supplier<List<TaskFlowListener>> resolver;

	private volatile List<TaskFlowListener> listeners;

	private final Set<String> warned = ConcurrentHashMap.newKeySet();

	/**
	 * Create the composite.
	 * @param listeners the listeners, in the order to call them
	 */
	public TaskFlowListeners(List<TaskFlowListener> listeners) {
		this.listeners = List.copyOf(listeners);
		this.resolver = () -> this.listeners;
	}

	/**
	 * Create the composite of listeners found when the first event comes, so a listener
	 * may itself depend on the {@code TaskFlow} client without a circular reference.
	 * @param listeners finds the listeners, in the order to call them
	 */
	public TaskFlowListeners(Supplier<List<TaskFlowListener>> listeners) {
		this.resolver = listeners;
	}

	private List<TaskFlowListener> listeners() {
		List<TaskFlowListener> resolved = this.listeners;
		if (resolved == null) {
			resolved = List.copyOf(this.resolver.get());
			this.listeners = resolved;
		}
		return resolved;
	}

	/**
	 * The given listener, made safe to call: a composite as it is, any other wrapped.
	 * @param listener the listener
	 * @return a composite
	 */
	public static TaskFlowListeners of(TaskFlowListener listener) {
		return (listener instanceof TaskFlowListeners composite) ? composite : new TaskFlowListeners(List.of(listener));
	}

	/**
	 * Whether there is no listener, so events need not be built at all.
	 * @return {@code true} without listeners
	 */
	public boolean isEmpty() {
		return listeners().isEmpty();
	}

	@Override
	public void enqueued(JobEvent event) {
		tell("enqueued", event, (listener) -> listener.enqueued(event));
	}

	@Override
	public void started(JobEvent event) {
		tell("started", event, (listener) -> listener.started(event));
	}

	@Override
	public void succeeded(JobEvent event) {
		tell("succeeded", event, (listener) -> listener.succeeded(event));
	}

	@Override
	public void retryScheduled(JobEvent event, Duration delay, Throwable exception) {
		tell("retryScheduled", event, (listener) -> listener.retryScheduled(event, delay, exception));
	}

	@Override
	public void failed(JobEvent event, Throwable exception) {
		tell("failed", event, (listener) -> listener.failed(event, exception));
	}

	@Override
	public void cancelled(JobEvent event) {
		tell("cancelled", event, (listener) -> listener.cancelled(event));
	}

	@Override
	public void rescued(JobEvent event, boolean failed) {
		tell("rescued", event, (listener) -> listener.rescued(event, failed));
	}

	@Override
	public void workflowStarted(WorkflowEvent event) {
		tell("workflowStarted", "workflow " + event.id(), (listener) -> listener.workflowStarted(event));
	}

	@Override
	public void workflowFinished(WorkflowEvent event) {
		tell("workflowFinished", "workflow " + event.id(), (listener) -> listener.workflowFinished(event));
	}

	private void tell(String kind, JobEvent event, Consumer<TaskFlowListener> call) {
		tell(kind, "job " + event.id(), call);
	}

	private void tell(String kind, String subject, Consumer<TaskFlowListener> call) {
		for (TaskFlowListener listener : listeners()) {
			try {
				call.accept(listener);
			}
			catch (Throwable ex) {
				String message = "TaskFlowListener " + listener.getClass().getName() + " threw on " + kind + " of "
						+ subject + "; the work goes on";
				if (this.warned.add(listener.getClass().getName() + "#" + kind)) {
					logger.warn(message + " (further failures of this listener on " + kind + " are logged at DEBUG)",
							ex);
				}
				else if (logger.isDebugEnabled()) {
					logger.debug(message, ex);
				}
			}
		}
	}

}
