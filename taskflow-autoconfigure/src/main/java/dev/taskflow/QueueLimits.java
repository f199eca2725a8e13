package dev.taskflow;

import java.time.Duration;
import java.util.Objects;

import org.springframework.util.Assert;

/**
 * Limits of a queue set at run time with {@link Queues#setLimits(String, QueueLimits)}:
 * how many of its jobs run at once and how many start per period, across all nodes. They
 * are stored in the database and every node applies them within a second, in place of the
 * queue's configured cluster-wide limits of the same kind ({@code spring.taskflow.queues.
 *
<q>.concurrency.global}, {@code spring.taskflow.queues.
 *
<q>.rate-limit.*} with {@code scope: cluster}); limits configured per node still apply as
 * well.
 *
 * <pre class="code">
 * taskFlow.queues().setLimits("mail", QueueLimits.concurrency(2).withRate(10, Duration.ofSeconds(1)));
 * taskFlow.queues().clearLimits("mail");   // back to the configured limits
 * </pre>
 *
 * @author TaskFlow
 */
public final class QueueLimits {

	private static final QueueLimits NONE = new QueueLimits(null, null, null);

	private final Integer concurrency;

	private final Integer rateLimit;

	private final Duration ratePeriod;

	private QueueLimits(Integer concurrency, Integer rateLimit, Duration ratePeriod) {
		this.concurrency = concurrency;
		this.rateLimit = rateLimit;
		this.ratePeriod = ratePeriod;
	}

	/**
	 * No limit of either kind: the queue's configured limits apply.
	 * @return the limits
	 */
	public static QueueLimits none() {
		return NONE;
	}

	/**
	 * At most this many of the queue's jobs running at once, across all nodes.
	 * @param concurrency at least 1
	 * @return the limits
	 */
	public static QueueLimits concurrency(int concurrency) {
		return NONE.withConcurrency(concurrency);
	}

	/**
	 * At most {@code limit} of the queue's jobs starting per {@code period}, across all
	 * nodes.
	 * @param limit at least 1
	 * @param period at least one millisecond
	 * @return the limits
	 */
	public static QueueLimits rate(int limit, Duration period) {
		return NONE.withRate(limit, period);
	}

	/**
	 * These limits with a concurrency limit.
	 * @param concurrency at least 1
	 * @return the changed limits
	 */
	public QueueLimits withConcurrency(int concurrency) {
		Assert.isTrue(concurrency >= 1, () -> "'concurrency' must be at least 1, was " + concurrency
				+ ": pause the queue to run none of its jobs");
		return new QueueLimits(concurrency, this.rateLimit, this.ratePeriod);
	}

	/**
	 * These limits with a rate limit.
	 * @param limit at least 1
	 * @param period at least one millisecond
	 * @return the changed limits
	 */
	public QueueLimits withRate(int limit, Duration period) {
		Assert.isTrue(limit >= 1,
				() -> "'limit' must be at least 1, was " + limit + ": pause the queue to start none of its jobs");
		Assert.isTrue(period != null && period.toMillis() >= 1, () -> "'period' must be at least 1ms, was " + period);
		return new QueueLimits(this.concurrency, limit, period);
	}

	/**
	 * The most jobs of the queue running at once across all nodes.
	 * @return the limit, or {@code null} for none
	 */
	public Integer concurrency() {
		return this.concurrency;
	}

	/**
	 * The most jobs of the queue starting per {@link #ratePeriod()}.
	 * @return the limit, or {@code null} for none
	 */
	public Integer rateLimit() {
		return this.rateLimit;
	}

	/**
	 * The period of the {@link #rateLimit() rate limit}.
	 * @return the period, or {@code null} for no rate limit
	 */
	public Duration ratePeriod() {
		return this.ratePeriod;
	}

	/**
	 * Whether these limits limit anything.
	 * @return {@code false} for {@link #none()}
	 */
	public boolean isEmpty() {
		return this.concurrency == null && this.rateLimit == null;
	}

	@Override
	public boolean equals(Object obj) {
		return (this == obj) || (obj instanceof QueueLimits other && Objects.equals(this.concurrency, other.concurrency)
				&& Objects.equals(this.rateLimit, other.rateLimit)
				&& Objects.equals(this.ratePeriod, other.ratePeriod));
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.concurrency, this.rateLimit, this.ratePeriod);
	}

	@Override
	public String toString() {
		if (isEmpty()) {
			return "QueueLimits[none]";
		}
		StringBuilder text = new StringBuilder("QueueLimits[");
		if (this.concurrency != null) {
			text.append("concurrency=").append(this.concurrency);
		}
		if (this.rateLimit != null) {
			text.append((this.concurrency != null) ? ", " : "")
				.append("rate=")
				.append(this.rateLimit)
				.append('/')
				.append(this.ratePeriod.toMillis())
				.append("ms");
		}
		return text.append(']').toString();
	}

}
