package dev.taskflow.engine;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.util.ReflectionUtils;

import dev.taskflow.NonRetryableException;
import dev.taskflow.TaskTimeoutException;
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

	private static final int RUNNING = 0;

	private static final int DONE = 1;

	private static final int TIMED_OUT = 2;

	private final HandlerRegistry registry;

	private final HandlerPolicies policies;

	private final PayloadCodec codec;

	private final BeanFactory beanFactory;

	private final ScheduledExecutorService timeouts;

	private final Consumer<Completion> completions;

	// the bean is looked up per job (it may be prototype or refreshed); its method once
	// per class
	private final Map<InvocableKey, Method> invocableMethods = new ConcurrentHashMap<>();

	JobRunner(HandlerRegistry registry, HandlerPolicies policies, PayloadCodec codec, BeanFactory beanFactory,
			ScheduledExecutorService timeouts, Consumer<Completion> completions) {
		this.registry = registry;
		this.policies = policies;
		this.codec = codec;
		this.beanFactory = beanFactory;
		this.timeouts = timeouts;
		this.completions = completions;
	}

	void run(ClaimedJob job) {
		HandlerMethod handler = this.registry.find(job.handler()).orElse(null);
		if (handler == null) {
			// claims are filtered by this node's handlers, so only a bug gets here: fail
			// loudly
			this.completions.accept(Completion.failed(job.id(), job.attempt(),
					"No @TaskHandler named '" + job.handler() + "' on the node that claimed the job"));
			return;
		}
		HandlerPolicy policy = this.policies.policyOf(handler);
		Object[] arguments;
		try {
			arguments = arguments(handler, job);
		}
		catch (RuntimeException ex) {
			this.completions.accept(Completion.failed(job.id(), job.attempt(),
					"Handler '" + handler.name() + "' expects a payload of type " + handler.payloadType().getTypeName()
							+ " but the stored payload could not be read: " + ErrorText.of(ex)));
			return;
		}
		AtomicInteger state = new AtomicInteger(RUNNING);
		ScheduledFuture<?> timeout = scheduleTimeout(job, handler, policy, state);
		try {
			if (logger.isDebugEnabled()) {
				logger
					.debug("Running job " + job.id() + " on handler '" + job.handler() + "', attempt " + job.attempt());
			}
			Object result = invoke(handler, arguments);
			if (state.compareAndSet(RUNNING, DONE)) {
				this.completions.accept(succeeded(job, result));
			}
		}
		catch (Throwable failure) {
			if (state.compareAndSet(RUNNING, DONE)) {
				this.completions.accept(failed(job, policy, failure));
			}
		}
		finally {
			if (timeout != null) {
				timeout.cancel(false);
			}
			// a timeout may have interrupted us just as the handler returned: clear it
			Thread.interrupted();
		}
	}

	private ScheduledFuture<?> scheduleTimeout(ClaimedJob job, HandlerMethod handler, HandlerPolicy policy,
			AtomicInteger state) {
		Duration limit = policy.timeout();
		if (limit == null) {
			return null;
		}
		Thread worker = Thread.currentThread();
		return this.timeouts.schedule(() -> {
			if (state.compareAndSet(RUNNING, TIMED_OUT)) {
				worker.interrupt();
				this.completions.accept(failed(job, policy, new TaskTimeoutException(handler.name(), limit)));
			}
		}, limit.toNanos(), TimeUnit.NANOSECONDS);
	}

	private Completion succeeded(ClaimedJob job, Object result) {
		try {
			return Completion.succeeded(job.id(), job.attempt(), this.codec.write(result));
		}
		catch (RuntimeException ex) {
			return Completion.failed(job.id(), job.attempt(), "Handler '" + job.handler()
					+ "' returned a result that cannot be written as JSON: " + ErrorText.of(ex));
		}
	}

	private Completion failed(ClaimedJob job, HandlerPolicy policy, Throwable failure) {
		String error = ErrorText.of(failure);
		boolean retryable = policy.retry().isRetryable(failure) && job.attempt() < job.maxAttempts();
		if (!retryable) {
			if (logger.isDebugEnabled()) {
				logger.debug("Job " + job.id() + " failed for good on attempt " + job.attempt() + ": " + error);
			}
			return Completion.failed(job.id(), job.attempt(), error);
		}
		Duration delay = policy.retry().delayAfter(job.attempt(), failure);
		if (logger.isDebugEnabled()) {
			logger.debug("Job " + job.id() + " failed on attempt " + job.attempt() + ", retrying in " + delay.toMillis()
					+ " ms: " + error);
		}
		return Completion.retry(job.id(), job.attempt(), error, delay.toNanos() / 1000);
	}

	private Object[] arguments(HandlerMethod handler, ClaimedJob job) {
		Object[] arguments = new Object[handler.method().getParameterCount()];
		if (handler.payloadIndex() >= 0) {
			Object payload = this.codec.read(job.payload(), handler.payloadType());
			if (payload == null && handler.method().getParameterTypes()[handler.payloadIndex()].isPrimitive()) {
				throw new NonRetryableException("the payload is missing");
			}
			arguments[handler.payloadIndex()] = payload;
		}
		if (handler.contextIndex() >= 0) {
			arguments[handler.contextIndex()] = new RunningTaskContext(job);
		}
		return arguments;
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
