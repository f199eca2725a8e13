package dev.taskflow.throttle;

/**
 * The limits configured for the jobs of one handler or queue (or all jobs); {@code null}
 * fields set nothing.
 *
 * @param rate a rate limit built from properties
 * @param rateLimiter the name of a Resilience4j rate limiter of the application instead
 * @param rateLimiterScope where that named limiter holds
 * @param perNode the most jobs at once on each node
 * @param global the most jobs at once across the cluster
 * @param perKey the most jobs at once per concurrency key across the cluster (handlers)
 * @param threads worker threads of the queue's own (queues)
 * @author TaskFlow
 */
public record LimitSettings(RateLimitSettings rate, String rateLimiter, Scope rateLimiterScope, Integer perNode,
		Integer global, Integer perKey, Integer threads) {

	/**
	 * No limit.
	 */
	public static final LimitSettings NONE = new LimitSettings(null, null, null, null, null, null, null);

	/**
	 * Whether it sets any limit.
	 * @return whether it limits anything
	 */
	public boolean limitsAnything() {
		return this.rate != null || this.rateLimiter != null || this.perNode != null || this.global != null
				|| this.perKey != null || this.threads != null;
	}

}
