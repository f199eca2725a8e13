package dev.taskflow.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.github.resilience4j.ratelimiter.RateLimiter;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

import dev.taskflow.TaskHandler;
import dev.taskflow.handler.HandlerMethod;
import dev.taskflow.handler.HandlerRegistry;
import dev.taskflow.throttle.InvalidThrottleException;
import dev.taskflow.throttle.LimitSettings;
import dev.taskflow.throttle.RateLimitSettings;
import dev.taskflow.throttle.Throttles;

/**
 * Reads the limits of a node from {@code spring.taskflow.rate-limit}, from each queue's
 * and each handler's settings under {@code spring.taskflow.queues} and
 * {@code spring.taskflow.handlers} (dotted handler names read as {@link NamedSettings}
 * reads them) and from {@code @TaskHandler(rateLimiter)}.
 *
 * @author TaskFlow
 */
final class ThrottleSettingsReader {

	private final TaskFlowProperties properties;

	private final Binder binder;

	private final HandlerRegistry registry;

	private final Function<String, RateLimiter> namedRateLimiters;

	ThrottleSettingsReader(TaskFlowProperties properties, Environment environment, HandlerRegistry registry,
			Function<String, RateLimiter> namedRateLimiters) {
		this.properties = properties;
		this.binder = Binder.get(environment);
		this.registry = registry;
		this.namedRateLimiters = namedRateLimiters;
	}

	/**
	 * The limits of a node with these handlers.
	 * @param handlers the node's handler names
	 * @return the limits
	 * @throws InvalidThrottleException if a setting cannot work
	 */
	Throttles throttles(Set<String> handlers) {
		LimitSettings global = limits("spring.taskflow.rate-limit", this.properties.getRateLimit(), null, null, null,
				null, null);
		Map<String, LimitSettings> queues = new LinkedHashMap<>();
		this.properties.getQueues().forEach((name, queue) -> {
			TaskFlowProperties.QueueConcurrency concurrency = queue.getConcurrency();
			queues.put(name,
					limits("spring.taskflow.queues." + name + ".rate-limit", queue.getRateLimit(),
							queue.getRateLimiter(), concurrency.getPerNode(), concurrency.getGlobal(), null,
							(queue.getThreads() != null) ? queue.getThreads().initial() : null));
		});
		Map<String, LimitSettings> byHandler = new LinkedHashMap<>();
		for (String name : handlers) {
			TaskFlowProperties.Handler handler = NamedSettings.bind(this.binder, "spring.taskflow.handlers", name,
					TaskFlowProperties.Handler.class);
			String annotated = this.registry.find(name)
				.map(HandlerMethod::annotation)
				.map(TaskHandler::rateLimiter)
				.filter((value) -> !value.isBlank())
				.orElse(null);
			if (handler == null) {
				byHandler.put(name, (annotated != null)
						? new LimitSettings(null, annotated, null, null, null, null, null) : LimitSettings.NONE);
				continue;
			}
			TaskFlowProperties.HandlerConcurrency concurrency = handler.getConcurrency();
			String rateLimiter = (handler.getRateLimiter() != null) ? handler.getRateLimiter()
					: (handler.getRateLimit().getLimitForPeriod() == null) ? annotated : null;
			byHandler.put(name, limits("spring.taskflow.handlers." + name + ".rate-limit", handler.getRateLimit(),
					rateLimiter, concurrency.getPerNode(), concurrency.getGlobal(), concurrency.getPerKey(), null));
		}
		TaskFlowProperties.Worker worker = this.properties.getWorker();
		return new Throttles(global, queues, byHandler, worker.getReservedForPriorityAbove(),
				worker.getReservedThreads(), worker.getThreads(), this.namedRateLimiters);
	}

	private static LimitSettings limits(String ratePrefix, TaskFlowProperties.RateLimit rate, String rateLimiter,
			Integer perNode, Integer global, Integer perKey, Integer threads) {
		RateLimitSettings rateSettings = null;
		if (rate.getLimitForPeriod() != null) {
			try {
				rateSettings = new RateLimitSettings(rate.getLimitForPeriod(), rate.getLimitRefreshPeriod(),
						rate.getScope());
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidThrottleException(ratePrefix, ex.getMessage());
			}
		}
		return new LimitSettings(rateSettings, rateLimiter, rate.getScope(), perNode, global, perKey, threads);
	}

}
