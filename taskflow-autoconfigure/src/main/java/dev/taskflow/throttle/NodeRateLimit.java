package dev.taskflow.throttle;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;

/**
 * A node's rate limit: a Resilience4j {@link RateLimiter} (TaskFlow's own, or one of the
 * application's registry), and a window of the latest grants so that no window of one
 * period, wherever it starts, holds more starts than the limit (a refresh cycle alone
 * lets a burst at the end of one cycle meet the burst at the start of the next).
 *
 * @author TaskFlow
 */
public final class NodeRateLimit implements NodeLimit {

	private final Target target;

	private final RateLimiter rateLimiter;

	private final StartWindow window;

	private final RateLimitSettings settings;

	/**
	 * Create the limit.
	 * @param target the jobs it applies to
	 * @param rateLimiter the limiter
	 * @param settings its settings (read from the limiter's configuration when it is the
	 * application's)
	 */
	public NodeRateLimit(Target target, RateLimiter rateLimiter, RateLimitSettings settings) {
		this.target = target;
		this.rateLimiter = rateLimiter;
		this.settings = settings;
		this.window = new StartWindow(settings.limitForPeriod(), settings.window());
	}

	@Override
	public Target target() {
		return this.target;
	}

	@Override
	public String reason() {
		return "rate-limit";
	}

	@Override
	public int available(long now) {
		return Math.max(0,
				Math.min(this.rateLimiter.getMetrics().getAvailablePermissions(), this.window.available(now)));
	}

	@Override
	public int take(int jobs, long now) {
		if (jobs <= 0) {
			return 0;
		}
		int taken = 0;
		if (this.rateLimiter.acquirePermission(jobs)) {
			taken = jobs;
		}
		else {
			// a limiter the application shares gave permits away meanwhile: what is left
			while (taken < jobs && this.rateLimiter.acquirePermission(1)) {
				taken++;
			}
		}
		this.window.record(taken, now);
		return taken;
	}

	@Override
	public long nanosUntilAvailable(long now) {
		long limiter = (this.rateLimiter instanceof AtomicRateLimiter atomic)
				? atomic.getDetailedMetrics().getNanosToWait() : 0;
		return Math.max(Math.max(limiter, 0), this.window.nanosUntilNext(now));
	}

	@Override
	public String toString() {
		return "rate limit " + this.settings + " on " + this.target;
	}

}
