package dev.taskflow.throttle;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;

import dev.taskflow.QueueLimits;
import dev.taskflow.store.ClusterLimit;

/**
 * Every limit a node applies, resolved from the settings for the handlers it has:
 * Resilience4j limiters and bulkheads for node limits, permit rows for cluster-wide ones,
 * queues with threads of their own, and capacity reserved for high-priority jobs.
 *
 * @author TaskFlow
 */
public final class Throttles {

	private final List<NodeLimit> nodeLimits = new ArrayList<>();

	private final List<ClusterTarget> clusterLimits = new ArrayList<>();

	private final Map<String, Integer> perKey = new LinkedHashMap<>();

	private final Map<String, Integer> queueThreads = new LinkedHashMap<>();

	private final Set<String> limitedHandlers = new LinkedHashSet<>();

	private final Set<String> limitedQueues = new LinkedHashSet<>();

	private final Map<String, Long> startMargins = new LinkedHashMap<>();

	private boolean limitsAll;

	private final Integer reservedAbove;

	private final int reservedThreads;

	/**
	 * Resolve the limits of a node.
	 * @param global the limits of all jobs ({@code spring.taskflow.rate-limit.*})
	 * @param queues the limits per queue ({@code spring.taskflow.queues.<q>.*})
	 * @param handlers the limits per handler this node has, from properties and
	 * annotations ({@code spring.taskflow.handlers.<h>.*},
	 * {@code @TaskHandler(rateLimiter)})
	 * @param reservedAbove jobs above this priority may use the reserved threads, or
	 * {@code null} for no reservation
	 * @param reservedThreads the threads reserved for them
	 * @param threads the node's worker threads
	 * @param namedRateLimiters finds an application's Resilience4j rate limiter by name,
	 * {@code null} when there is none
	 * @throws InvalidThrottleException if a setting cannot work
	 */
	public Throttles(LimitSettings global, Map<String, LimitSettings> queues, Map<String, LimitSettings> handlers,
			Integer reservedAbove, Integer reservedThreads, int threads,
			Function<String, RateLimiter> namedRateLimiters) {
		if (global != null && global.limitsAnything()) {
			add(Target.ALL, global, "spring.taskflow.rate-limit", namedRateLimiters);
			this.limitsAll = true;
		}
		queues.forEach((queue, settings) -> {
			if (settings.limitsAnything()) {
				add(Target.queue(queue), settings, "spring.taskflow.queues." + queue, namedRateLimiters);
				this.limitedQueues.add(queue);
			}
		});
		handlers.forEach((handler, settings) -> {
			if (settings.limitsAnything()) {
				add(Target.handler(handler), settings, "spring.taskflow.handlers." + handler, namedRateLimiters);
				this.limitedHandlers.add(handler);
			}
		});
		if (reservedAbove != null) {
			int reserved = (reservedThreads != null) ? reservedThreads : Math.max(1, threads / 5);
			if (reserved < 1 || reserved >= threads) {
				throw new InvalidThrottleException("spring.taskflow.worker.reserved-threads", "must be at least 1 and"
						+ " fewer than spring.taskflow.worker.threads (" + threads + "), was " + reserved);
			}
			this.reservedAbove = reservedAbove;
			this.reservedThreads = reserved;
		}
		else {
			if (reservedThreads != null) {
				throw new InvalidThrottleException("spring.taskflow.worker.reserved-threads",
						"set spring.taskflow.worker.reserved-for-priority-above too: it says which jobs may use them");
			}
			this.reservedAbove = null;
			this.reservedThreads = 0;
		}
	}

	// a copy with the run-time limits of queues in place of their configured cluster-wide
	// limits of the same kind; the node limits are shared, as they count what runs
	private Throttles(Throttles base, Map<String, QueueLimits> queueLimits) {
		this.nodeLimits.addAll(base.nodeLimits);
		this.perKey.putAll(base.perKey);
		this.queueThreads.putAll(base.queueThreads);
		this.limitedHandlers.addAll(base.limitedHandlers);
		this.limitedQueues.addAll(base.limitedQueues);
		this.startMargins.putAll(base.startMargins);
		this.limitsAll = base.limitsAll;
		this.reservedAbove = base.reservedAbove;
		this.reservedThreads = base.reservedThreads;
		for (ClusterTarget cluster : base.clusterLimits) {
			QueueLimits limits = (cluster.target().kind() == Target.Kind.QUEUE)
					? queueLimits.get(cluster.target().name()) : null;
			boolean replaced = limits != null
					&& ((cluster.limit().kind() == ClusterLimit.Kind.CONCURRENCY && limits.concurrency() != null)
							|| (cluster.limit().kind() == ClusterLimit.Kind.RATE && limits.rateLimit() != null));
			if (!replaced) {
				this.clusterLimits.add(cluster);
			}
		}
		queueLimits.forEach((queue, limits) -> {
			if (limits.isEmpty()) {
				return;
			}
			Target target = Target.queue(queue);
			this.limitedQueues.add(queue);
			if (limits.concurrency() != null) {
				this.clusterLimits.add(clusterConcurrency(target, limits.concurrency(), " (set at run time)"));
			}
			if (limits.rateLimit() != null) {
				RateLimitSettings rate = new RateLimitSettings(limits.rateLimit(), limits.ratePeriod(), Scope.CLUSTER);
				this.startMargins.merge(target.tag(), rate.margin().toNanos(), Math::min);
				this.clusterLimits.add(clusterRate(target, rate, " (set at run time)"));
			}
		});
	}

	/**
	 * These limits with the run-time limits of queues in place of their configured
	 * cluster-wide limits of the same kind.
	 * @param queueLimits the run-time limits by queue
	 * @return the limits to apply, this when there are none
	 */
	public Throttles withQueueLimits(Map<String, QueueLimits> queueLimits) {
		return queueLimits.isEmpty() ? this : new Throttles(this, queueLimits);
	}

	private void add(Target target, LimitSettings settings, String prefix,
			Function<String, RateLimiter> namedRateLimiters) {
		RateLimitSettings rate = settings.rate();
		RateLimiter limiter = null;
		if (settings.rateLimiter() != null && !settings.rateLimiter().isBlank()) {
			if (rate != null) {
				throw new InvalidThrottleException(prefix + ".rate-limiter", "set either rate-limit.limit-for-period or"
						+ " rate-limiter '" + settings.rateLimiter() + "', not both");
			}
			limiter = namedRateLimiters.apply(settings.rateLimiter());
			if (limiter == null) {
				throw new InvalidThrottleException(prefix + ".rate-limiter",
						"no Resilience4j rate limiter named '" + settings.rateLimiter()
								+ "': define it as resilience4j.ratelimiter.instances." + settings.rateLimiter()
								+ ".limit-for-period and .limit-refresh-period, or in a RateLimiterRegistry bean");
			}
			RateLimiterConfig config = limiter.getRateLimiterConfig();
			rate = new RateLimitSettings(config.getLimitForPeriod(), config.getLimitRefreshPeriod(),
					settings.rateLimiterScope());
		}
		if (rate != null) {
			this.startMargins.merge(target.tag(), rate.margin().toNanos(), Math::min);
			if (rate.scope() == Scope.CLUSTER) {
				this.clusterLimits.add(clusterRate(target, rate, ""));
			}
			else {
				if (limiter == null) {
					limiter = RateLimiter.of("taskflow-" + target.tag(),
							RateLimiterConfig.custom()
								.limitForPeriod(rate.limitForPeriod())
								.limitRefreshPeriod(rate.limitRefreshPeriod())
								.timeoutDuration(java.time.Duration.ZERO)
								.build());
				}
				this.nodeLimits.add(new NodeRateLimit(target, limiter, rate));
			}
		}
		if (settings.perNode() != null) {
			check(settings.perNode(), prefix + ".concurrency.per-node");
			this.nodeLimits.add(new NodeConcurrencyLimit(target, settings.perNode()));
		}
		if (settings.global() != null) {
			check(settings.global(), prefix + ".concurrency.global");
			this.clusterLimits.add(clusterConcurrency(target, settings.global(), ""));
		}
		if (settings.perKey() != null) {
			check(settings.perKey(), prefix + ".concurrency.per-key");
			this.perKey.put(target.name(), settings.perKey());
			this.clusterLimits
				.add(new ClusterTarget(
						new ClusterLimit("keys:" + target.tag(), ClusterLimit.Kind.KEYS, target.column(), target.name(),
								0, 0),
						target, "per-key", "limit " + settings.perKey() + " per concurrency key on " + target));
		}
		if (settings.threads() != null) {
			check(settings.threads(), prefix + ".threads");
			this.queueThreads.put(target.name(), settings.threads());
		}
	}

	// one limit of its target across the cluster, on permit rows named after the target:
	// a limit set at run time uses the rows of the configured one it replaces
	private static ClusterTarget clusterConcurrency(Target target, int limit, String origin) {
		return new ClusterTarget(
				new ClusterLimit("concurrency:" + target.tag(), ClusterLimit.Kind.CONCURRENCY, target.column(),
						target.name(), limit, 0),
				target, "concurrency", "concurrency limit " + limit + " across the cluster on " + target + origin);
	}

	private static ClusterTarget clusterRate(Target target, RateLimitSettings rate, String origin) {
		return new ClusterTarget(
				new ClusterLimit("rate:" + target.tag(), ClusterLimit.Kind.RATE, target.column(), target.name(),
						rate.limitForPeriod(), rate.window().toNanos() / 1000),
				target, "rate-limit", "rate limit " + rate + " on " + target + origin);
	}

	private static void check(int value, String property) {
		if (value < 1) {
			throw new InvalidThrottleException(property, "must be at least 1, was " + value);
		}
	}

	/**
	 * The node limits.
	 * @return the limits
	 */
	public List<NodeLimit> nodeLimits() {
		return this.nodeLimits;
	}

	/**
	 * The cluster-wide limits.
	 * @return the limits
	 */
	public List<ClusterTarget> clusterLimits() {
		return this.clusterLimits;
	}

	/**
	 * The per-key limits by handler.
	 * @return the limits
	 */
	public Map<String, Integer> perKey() {
		return this.perKey;
	}

	/**
	 * The queues with threads of their own, and how many.
	 * @return the threads by queue
	 */
	public Map<String, Integer> queueThreads() {
		return this.queueThreads;
	}

	/**
	 * The handlers with limits of their own.
	 * @return the handler names
	 */
	public Set<String> limitedHandlers() {
		return this.limitedHandlers;
	}

	/**
	 * The queues with limits or threads of their own.
	 * @return the queue names
	 */
	public Set<String> limitedQueues() {
		return this.limitedQueues;
	}

	/**
	 * Whether a limit applies to every job.
	 * @return whether all jobs are limited
	 */
	public boolean limitsAll() {
		return this.limitsAll;
	}

	/**
	 * Whether a rate limit applies to a job: its jobs must start as soon as they are
	 * claimed, so they are claimed for idle threads only, never prefetched.
	 * @param handler the job's handler
	 * @param queue the job's queue
	 * @return whether it is rate limited
	 */
	public boolean isRateLimited(String handler, String queue) {
		return startMarginNanos(handler, queue) != Long.MAX_VALUE;
	}

	/**
	 * How late after its claim a rate-limited job may start (the smallest margin of the
	 * rate limits that apply to it).
	 * @param handler the job's handler
	 * @param queue the job's queue
	 * @return the margin in nanoseconds, {@link Long#MAX_VALUE} if no rate limit applies
	 */
	public long startMarginNanos(String handler, String queue) {
		long margin = Long.MAX_VALUE;
		for (String tag : List.of(Target.ALL.tag(), Target.handler(handler).tag(), Target.queue(queue).tag())) {
			Long found = this.startMargins.get(tag);
			if (found != null) {
				margin = Math.min(margin, found);
			}
		}
		return margin;
	}

	/**
	 * Whether any job is limited at all: without limits, claims take the one-statement
	 * path.
	 * @return whether anything is limited
	 */
	public boolean isEmpty() {
		return !this.limitsAll && this.limitedHandlers.isEmpty() && this.limitedQueues.isEmpty();
	}

	/**
	 * Jobs above this priority may use the reserved threads.
	 * @return the priority, or {@code null} for no reservation
	 */
	public Integer reservedAbove() {
		return this.reservedAbove;
	}

	/**
	 * The threads reserved for jobs above {@link #reservedAbove()}.
	 * @return the threads, 0 without reservation
	 */
	public int reservedThreads() {
		return this.reservedThreads;
	}

}
