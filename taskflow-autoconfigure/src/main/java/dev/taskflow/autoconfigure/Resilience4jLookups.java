package dev.taskflow.autoconfigure;

import java.time.Duration;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.core.env.Environment;

/**
 * Finds the Resilience4j objects that settings and annotations name
 * ({@code retry.config}, {@code rate-limiter}, {@code @TaskHandler(rateLimiter)}): a bean
 * of that name first, then a registry's instance or configuration of that name, and for a
 * rate limiter, without Resilience4j's Spring Boot support, its
 * {@code resilience4j.ratelimiter.instances.<name>.*} properties.
 *
 * @author TaskFlow
 */
final class Resilience4jLookups {

	private Resilience4jLookups() {
	}

	/**
	 * The retry configuration of the given name.
	 * @param name the name
	 * @param beanFactory the bean factory
	 * @param registries the application's retry registries
	 * @return the configuration, or {@code null} if none has that name
	 */
	static RetryConfig retryConfig(String name, ListableBeanFactory beanFactory,
			ObjectProvider<RetryRegistry> registries) {
		RetryConfig bean = bean(beanFactory, name, RetryConfig.class);
		if (bean != null) {
			return bean;
		}
		for (RetryRegistry registry : registries) {
			RetryConfig config = registry.getConfiguration(name).orElse(null);
			if (config != null) {
				return config;
			}
			Retry instance = registry.getAllRetries()
				.stream()
				.filter((retry) -> retry.getName().equals(name))
				.findFirst()
				.orElse(null);
			if (instance != null) {
				return instance.getRetryConfig();
			}
		}
		return null;
	}

	/**
	 * The rate limiter of the given name.
	 * @param name the name
	 * @param beanFactory the bean factory
	 * @param registries the application's rate limiter registries
	 * @param environment the environment, for the instance properties
	 * @return the rate limiter, or {@code null} if none has that name
	 */
	static RateLimiter rateLimiter(String name, ListableBeanFactory beanFactory,
			ObjectProvider<RateLimiterRegistry> registries, Environment environment) {
		RateLimiter bean = bean(beanFactory, name, RateLimiter.class);
		if (bean != null) {
			return bean;
		}
		for (RateLimiterRegistry registry : registries) {
			RateLimiter found = registry.find(name).orElse(null);
			if (found != null) {
				return found;
			}
			RateLimiterConfig config = registry.getConfiguration(name).orElse(null);
			if (config != null) {
				return registry.rateLimiter(name, config);
			}
		}
		return fromInstanceProperties(name, environment);
	}

	private static <T> T bean(ListableBeanFactory beanFactory, String name, Class<T> type) {
		return (beanFactory.containsBean(name) && beanFactory.isTypeMatch(name, type)) ? beanFactory.getBean(name, type)
				: null;
	}

	// without Resilience4j's Spring Boot support nobody else reads them
	private static RateLimiter fromInstanceProperties(String name, Environment environment) {
		String prefix = "resilience4j.ratelimiter.instances." + name;
		if (!ConfigurationPropertyName.isValid(prefix)) {
			return null;
		}
		Binder binder = Binder.get(environment);
		Integer limit = binder.bind(prefix + ".limit-for-period", Integer.class).orElse(null);
		if (limit == null) {
			return null;
		}
		Duration period = binder.bind(prefix + ".limit-refresh-period", Duration.class).orElse(Duration.ofSeconds(1));
		return RateLimiter.of(name,
				RateLimiterConfig.custom()
					.limitForPeriod(limit)
					.limitRefreshPeriod(period)
					.timeoutDuration(Duration.ZERO)
					.build());
	}

}
