package dev.taskflow.handler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.github.resilience4j.retry.RetryConfig;

import org.springframework.boot.convert.DurationStyle;

import dev.taskflow.TaskHandler;
import dev.taskflow.retry.RetryPolicy;
import dev.taskflow.retry.RetrySettings;

/**
 * Resolves each handler's policy: {@code spring.taskflow.handlers.<name>.*} properties
 * win over {@link TaskHandler @TaskHandler} attributes, which win over
 * {@code spring.taskflow.retry.*} defaults. A named Resilience4j {@code RetryConfig}
 * replaces the built policy altogether.
 *
 * @author TaskFlow
 */
public class HandlerPolicies {

	/**
	 * The most handler names whose property overrides are kept once looked up.
	 */
	static final int MAX_CACHED_NAMES = 1000;

	private final RetrySettings defaults;

	private final Function<String, HandlerOverrides> overrideLookup;

	private final Map<String, Optional<HandlerOverrides>> overridesByName = new ConcurrentHashMap<>();

	private final Set<String> configuredNames;

	private final Function<String, RetryConfig> retryConfigs;

	private final RetryPolicy defaultPolicy;

	private final Map<String, HandlerPolicy> resolved = new ConcurrentHashMap<>();

	/**
	 * Create the resolver.
	 * @param defaults the default retry settings
	 * @param overrides finds the property overrides of a handler name, returning
	 * {@code null} when there are none
	 * @param configuredNames the handler names configured under
	 * {@code spring.taskflow.handlers}, to warn about those no handler has
	 * @param retryConfigs finds a Resilience4j {@code RetryConfig} by name, returning
	 * {@code null} when there is none
	 */
	public HandlerPolicies(RetrySettings defaults, Function<String, HandlerOverrides> overrides,
			Set<String> configuredNames, Function<String, RetryConfig> retryConfigs) {
		this.defaults = defaults;
		this.overrideLookup = overrides;
		this.configuredNames = Set.copyOf(configuredNames);
		this.retryConfigs = retryConfigs;
		this.defaultPolicy = RetryPolicy.of(defaults);
	}

	/**
	 * The policy of a handler this node has.
	 * @param handler the handler
	 * @return its policy
	 * @throws InvalidTaskHandlerException if a setting is invalid
	 */
	public HandlerPolicy policyOf(HandlerMethod handler) {
		return this.resolved.computeIfAbsent(handler.name(), (name) -> resolve(handler));
	}

	/**
	 * The number of attempts for jobs of a handler, known to this node or not.
	 * @param handler the handler, or {@code null} if this node does not have it
	 * @param handlerName the handler name
	 * @return the attempts in all
	 */
	public int maxAttempts(HandlerMethod handler, String handlerName) {
		if (handler != null) {
			return policyOf(handler).retry().maxAttempts();
		}
		HandlerOverrides override = overrides(handlerName);
		return (override != null && override.maxAttempts() != null) ? override.maxAttempts()
				: this.defaultPolicy.maxAttempts();
	}

	/**
	 * The names under {@code spring.taskflow.handlers} that match none of the given
	 * handlers: most often a name with dots written without brackets.
	 * @param handlerNames the names of the handlers this node has
	 * @return the unmatched names
	 */
	public Set<String> unmatchedOverrides(Set<String> handlerNames) {
		Set<String> unmatched = new TreeSet<>(this.configuredNames);
		unmatched.removeAll(handlerNames);
		return unmatched;
	}

	/**
	 * The number of handler names whose property overrides are kept.
	 * @return the number
	 */
	int cachedNames() {
		return this.overridesByName.size();
	}

	// jobs may name any number of handlers no node has (on an enqueue-only node, or
	// with validate-handlers off): past the bound, a name is looked up, not kept
	private HandlerOverrides overrides(String name) {
		Optional<HandlerOverrides> cached = this.overridesByName.get(name);
		if (cached == null) {
			cached = Optional.ofNullable(this.overrideLookup.apply(name));
			if (this.overridesByName.size() < MAX_CACHED_NAMES) {
				this.overridesByName.putIfAbsent(name, cached);
			}
		}
		return cached.orElse(null);
	}

	private HandlerPolicy resolve(HandlerMethod handler) {
		TaskHandler annotation = handler.annotation();
		HandlerOverrides found = overrides(handler.name());
		HandlerOverrides override = (found != null) ? found : HandlerOverrides.NONE;
		try {
			Duration timeout = firstNonNull(override.timeout(), parseTimeout(annotation.timeout()));
			if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
				throw new IllegalArgumentException("timeout must be positive, was " + timeout);
			}
			return new HandlerPolicy(retryPolicy(handler.name(), annotation, override), timeout);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidTaskHandlerException(
					"Invalid settings for @TaskHandler " + handler.describe() + ": " + ex.getMessage(),
					"Correct @TaskHandler(\"" + handler.name() + "\") or spring.taskflow.handlers." + handler.name()
							+ ".*");
		}
	}

	private RetryPolicy retryPolicy(String name, TaskHandler annotation, HandlerOverrides override) {
		String configName = firstNonNull(override.retryConfig(), emptyToNull(annotation.retryConfig()));
		if (configName != null) {
			RetryConfig config = this.retryConfigs.apply(configName);
			if (config == null) {
				throw new IllegalArgumentException("no Resilience4j RetryConfig named '" + configName
						+ "' (looked for a RetryConfig bean and a RetryRegistry configuration or instance)");
			}
			return RetryPolicy.of(config);
		}
		List<Class<? extends Throwable>> noRetryOn = new ArrayList<>(this.defaults.noRetryOn());
		noRetryOn.addAll(Arrays.asList(annotation.noRetryOn()));
		if (override.noRetryOn() != null) {
			noRetryOn.addAll(override.noRetryOn());
		}
		int annotationAttempts = (annotation.maxAttempts() > 0) ? annotation.maxAttempts()
				: this.defaults.maxAttempts();
		RetrySettings settings = new RetrySettings(firstNonNull(override.maxAttempts(), annotationAttempts),
				firstNonNull(override.strategy(), this.defaults.strategy()),
				firstNonNull(override.initial(), this.defaults.initial()),
				firstNonNull(override.multiplier(), this.defaults.multiplier()),
				firstNonNull(override.max(), this.defaults.max()),
				firstNonNull(override.jitter(), this.defaults.jitter()),
				firstNonNull(override.retryOn(), this.defaults.retryOn()), noRetryOn);
		return RetryPolicy.of(settings);
	}

	private static Duration parseTimeout(String text) {
		if (text == null || text.isBlank()) {
			return null;
		}
		try {
			return DurationStyle.detectAndParse(text.trim());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("timeout '" + text + "' is not a duration such as \"30s\" or \"PT5M\"");
		}
	}

	private static String emptyToNull(String text) {
		return (text == null || text.isBlank()) ? null : text;
	}

	private static <T> T firstNonNull(T first, T second) {
		return (first != null) ? first : second;
	}

}
