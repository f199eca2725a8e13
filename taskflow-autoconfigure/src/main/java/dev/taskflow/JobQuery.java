package dev.taskflow;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.springframework.util.Assert;

/**
 * Which jobs to {@link Jobs#list(JobQuery) list}, {@link Jobs#count(JobQuery) count} or
 * act on in bulk. Immutable; each method returns a changed copy, so a query can be kept
 * and refined. Filters combine with AND; a filter left out matches every job.
 *
 * <pre class="code">
 * JobPage page = taskFlow.jobs().list(JobQuery.all()
 *         .status(JobStatus.FAILED, JobStatus.CANCELLED)
 *         .queue("mail").handler("email.send")
 *         .createdAfter(yesterday)
 *         .limit(100));
 * JobPage next = taskFlow.jobs().list(query.after(page.nextCursor().orElseThrow()));
 * </pre> Pages run newest first, by creation time and then id, and are read by a cursor
 * (keyset paging, never {@code OFFSET}): a page goes on exactly after the last job of the
 * one before, however many jobs are enqueued meanwhile.
 *
 * @author TaskFlow
 */
public final class JobQuery {

	/**
	 * The number of jobs a page holds unless {@link #limit(int)} says otherwise.
	 */
	public static final int DEFAULT_LIMIT = 50;

	/**
	 * The most jobs a page may hold.
	 */
	public static final int MAX_LIMIT = 1000;

	/**
	 * The longest {@link #text(String) text} to search for.
	 */
	public static final int MAX_TEXT_LENGTH = 200;

	private static final JobQuery ALL = new JobQuery(Set.of(), List.of(), null, null, null, null, null, null, null,
			null, DEFAULT_LIMIT, null);

	private final Set<JobStatus> statuses;

	private final List<JobId> ids;

	private final String queue;

	private final String handler;

	private final String correlationId;

	private final String scheduleName;

	private final Instant createdAfter;

	private final Instant createdBefore;

	private final Instant finishedBefore;

	private final String text;

	private final int limit;

	private final JobCursor cursor;

	private JobQuery(Set<JobStatus> statuses, List<JobId> ids, String queue, String handler, String correlationId,
			String scheduleName, Instant createdAfter, Instant createdBefore, Instant finishedBefore, String text,
			int limit, JobCursor cursor) {
		this.statuses = statuses;
		this.ids = ids;
		this.queue = queue;
		this.handler = handler;
		this.correlationId = correlationId;
		this.scheduleName = scheduleName;
		this.createdAfter = createdAfter;
		this.createdBefore = createdBefore;
		this.finishedBefore = finishedBefore;
		this.text = text;
		this.limit = limit;
		this.cursor = cursor;
	}

	/**
	 * A query that matches every job, for a first page of {@value #DEFAULT_LIMIT}.
	 * @return the query
	 */
	public static JobQuery all() {
		return ALL;
	}

	/**
	 * Only jobs in any of the given statuses (replacing statuses given before).
	 * @param statuses the statuses, at least one
	 * @return the changed query
	 * @throws IllegalArgumentException if no status is given, or {@code null}
	 */
	public JobQuery status(JobStatus... statuses) {
		Assert.notEmpty(statuses, "'statuses' must not be empty: leave the status filter out to match every status");
		Assert.noNullElements(statuses, "'statuses' must not contain null");
		Set<JobStatus> set = EnumSet.noneOf(JobStatus.class);
		Collections.addAll(set, statuses);
		return new JobQuery(Collections.unmodifiableSet(set), this.ids, this.queue, this.handler, this.correlationId,
				this.scheduleName, this.createdAfter, this.createdBefore, this.finishedBefore, this.text, this.limit,
				this.cursor);
	}

	/**
	 * Only the jobs with these ids (replacing ids given before): how a selection is
	 * retried, cancelled or deleted in bulk, with the other filters still applied.
	 * @param ids the ids, from 1 to {@value #MAX_LIMIT}
	 * @return the changed query
	 * @throws IllegalArgumentException if no id, {@code null} or more than
	 * {@value #MAX_LIMIT} ids are given
	 */
	public JobQuery ids(Collection<JobId> ids) {
		Assert.notEmpty(ids, "'ids' must not be empty: leave the id filter out to match every job");
		Assert.noNullElements(ids, "'ids' must not contain null");
		Assert.isTrue(ids.size() <= MAX_LIMIT, () -> "'ids' must hold at most " + MAX_LIMIT + " ids, was " + ids.size()
				+ ": act on more jobs by another filter, or in parts");
		return new JobQuery(this.statuses, List.copyOf(new LinkedHashSet<>(ids)), this.queue, this.handler,
				this.correlationId, this.scheduleName, this.createdAfter, this.createdBefore, this.finishedBefore,
				this.text, this.limit, this.cursor);
	}

	/**
	 * Only the jobs with these ids. See {@link #ids(Collection)}.
	 * @param ids the ids, from 1 to {@value #MAX_LIMIT}
	 * @return the changed query
	 */
	public JobQuery ids(JobId... ids) {
		Assert.notNull(ids, "'ids' must not be null");
		return ids(Arrays.asList(ids));
	}

	/**
	 * Only jobs of this queue.
	 * @param queue the queue name
	 * @return the changed query
	 */
	public JobQuery queue(String queue) {
		return new JobQuery(this.statuses, this.ids, name(queue, "queue", JobRequest.MAX_QUEUE_LENGTH), this.handler,
				this.correlationId, this.scheduleName, this.createdAfter, this.createdBefore, this.finishedBefore,
				this.text, this.limit, this.cursor);
	}

	/**
	 * Only jobs of this handler.
	 * @param handler the handler name
	 * @return the changed query
	 */
	public JobQuery handler(String handler) {
		return new JobQuery(this.statuses, this.ids, this.queue,
				name(handler, "handler", JobRequest.MAX_HANDLER_LENGTH), this.correlationId, this.scheduleName,
				this.createdAfter, this.createdBefore, this.finishedBefore, this.text, this.limit, this.cursor);
	}

	/**
	 * Only jobs that carry this correlation id.
	 * @param correlationId the correlation id
	 * @return the changed query
	 * @see JobRequest#correlationId(String)
	 */
	public JobQuery correlationId(String correlationId) {
		return new JobQuery(this.statuses, this.ids, this.queue, this.handler,
				name(correlationId, "correlationId", JobRequest.MAX_CORRELATION_ID_LENGTH), this.scheduleName,
				this.createdAfter, this.createdBefore, this.finishedBefore, this.text, this.limit, this.cursor);
	}

	/**
	 * Only jobs that this schedule enqueued.
	 * @param scheduleName the schedule name
	 * @return the changed query
	 */
	public JobQuery scheduleName(String scheduleName) {
		return new JobQuery(this.statuses, this.ids, this.queue, this.handler, this.correlationId,
				name(scheduleName, "scheduleName", 200), this.createdAfter, this.createdBefore, this.finishedBefore,
				this.text, this.limit, this.cursor);
	}

	/**
	 * Only jobs enqueued at or after this time.
	 * @param time the earliest creation time
	 * @return the changed query
	 */
	public JobQuery createdAfter(Instant time) {
		Assert.notNull(time, "'createdAfter' must not be null");
		return new JobQuery(this.statuses, this.ids, this.queue, this.handler, this.correlationId, this.scheduleName,
				time, this.createdBefore, this.finishedBefore, this.text, this.limit, this.cursor);
	}

	/**
	 * Only jobs enqueued before this time.
	 * @param time the time the jobs were enqueued before
	 * @return the changed query
	 */
	public JobQuery createdBefore(Instant time) {
		Assert.notNull(time, "'createdBefore' must not be null");
		return new JobQuery(this.statuses, this.ids, this.queue, this.handler, this.correlationId, this.scheduleName,
				this.createdAfter, time, this.finishedBefore, this.text, this.limit, this.cursor);
	}

	/**
	 * Only jobs that reached a final status ({@code SUCCEEDED}, {@code FAILED},
	 * {@code CANCELLED}) before this time. Pending and running jobs have not finished, so
	 * a query with this filter never matches them.
	 * @param time the time the jobs finished before
	 * @return the changed query
	 */
	public JobQuery finishedBefore(Instant time) {
		Assert.notNull(time, "'finishedBefore' must not be null");
		return new JobQuery(this.statuses, this.ids, this.queue, this.handler, this.correlationId, this.scheduleName,
				this.createdAfter, this.createdBefore, time, this.text, this.limit, this.cursor);
	}

	/**
	 * Only jobs that contain this text, ignoring case, in their payload (as JSON), last
	 * error, unique key or correlation id. No index serves it: the search scans the jobs
	 * the other filters leave, under {@code spring.taskflow.query.timeout}, so narrow it
	 * by status, queue, handler or time where you can.
	 * @param text the text, at most {@value #MAX_TEXT_LENGTH} characters
	 * @return the changed query
	 */
	public JobQuery text(String text) {
		return new JobQuery(this.statuses, this.ids, this.queue, this.handler, this.correlationId, this.scheduleName,
				this.createdAfter, this.createdBefore, this.finishedBefore, name(text, "text", MAX_TEXT_LENGTH),
				this.limit, this.cursor);
	}

	/**
	 * The most jobs a page holds ({@value #DEFAULT_LIMIT} unless set). Ignored by counts
	 * and bulk operations, which take every matching job.
	 * @param limit from 1 to {@value #MAX_LIMIT}
	 * @return the changed query
	 * @throws IllegalArgumentException if the limit is out of range
	 */
	public JobQuery limit(int limit) {
		Assert.isTrue(limit >= 1 && limit <= MAX_LIMIT,
				() -> "'limit' must be from 1 to " + MAX_LIMIT + ", was " + limit + ": read more jobs page by page");
		return new JobQuery(this.statuses, this.ids, this.queue, this.handler, this.correlationId, this.scheduleName,
				this.createdAfter, this.createdBefore, this.finishedBefore, this.text, limit, this.cursor);
	}

	/**
	 * The page that follows the one whose {@link JobPage#nextCursor() next cursor} this
	 * is: the jobs after its last one, newest first. Ignored by counts and bulk
	 * operations.
	 * @param cursor a next cursor from an earlier page of a query like this one, or
	 * {@code null} for the first page
	 * @return the changed query
	 * @throws IllegalArgumentException if the cursor is malformed
	 */
	public JobQuery after(String cursor) {
		return new JobQuery(this.statuses, this.ids, this.queue, this.handler, this.correlationId, this.scheduleName,
				this.createdAfter, this.createdBefore, this.finishedBefore, this.text, this.limit,
				(cursor != null) ? JobCursor.parse(cursor) : null);
	}

	/**
	 * The statuses the query is restricted to.
	 * @return the statuses, empty for every status
	 */
	public Set<JobStatus> getStatuses() {
		return this.statuses;
	}

	/**
	 * Whether a job in the given status can match this query: its status filter admits
	 * it, and a {@link #finishedBefore(Instant) finishedBefore} filter admits only final
	 * statuses.
	 * @param status the status
	 * @return whether the query admits it
	 */
	public boolean admits(JobStatus status) {
		Assert.notNull(status, "'status' must not be null");
		if (this.finishedBefore != null && status.isActive()) {
			return false;
		}
		return this.statuses.isEmpty() || this.statuses.contains(status);
	}

	/**
	 * The ids the query is restricted to.
	 * @return the ids, empty for every job
	 */
	public List<JobId> getIds() {
		return this.ids;
	}

	/**
	 * The queue filter.
	 * @return the queue name, or {@code null} for every queue
	 */
	public String getQueue() {
		return this.queue;
	}

	/**
	 * The handler filter.
	 * @return the handler name, or {@code null} for every handler
	 */
	public String getHandler() {
		return this.handler;
	}

	/**
	 * The correlation id filter.
	 * @return the correlation id, or {@code null}
	 */
	public String getCorrelationId() {
		return this.correlationId;
	}

	/**
	 * The schedule filter.
	 * @return the schedule name, or {@code null}
	 */
	public String getScheduleName() {
		return this.scheduleName;
	}

	/**
	 * The earliest creation time.
	 * @return the time, or {@code null}
	 */
	public Instant getCreatedAfter() {
		return this.createdAfter;
	}

	/**
	 * The creation time the jobs precede.
	 * @return the time, or {@code null}
	 */
	public Instant getCreatedBefore() {
		return this.createdBefore;
	}

	/**
	 * The time the jobs finished before.
	 * @return the time, or {@code null}
	 */
	public Instant getFinishedBefore() {
		return this.finishedBefore;
	}

	/**
	 * The text searched for.
	 * @return the text, or {@code null}
	 */
	public String getText() {
		return this.text;
	}

	/**
	 * The page size.
	 * @return the most jobs a page holds
	 */
	public int getLimit() {
		return this.limit;
	}

	/**
	 * The creation time of the last job of the previous page.
	 * @return the time, or {@code null} for the first page
	 */
	public Instant getCursorCreatedAt() {
		return (this.cursor != null) ? this.cursor.createdAt() : null;
	}

	/**
	 * The id of the last job of the previous page.
	 * @return the id, or {@code null} for the first page
	 */
	public JobId getCursorId() {
		return (this.cursor != null) ? this.cursor.id() : null;
	}

	private static String name(String value, String what, int maxLength) {
		Assert.hasText(value, () -> "'" + what + "' must not be empty: leave the filter out to match every job");
		Assert.isTrue(value.length() <= maxLength,
				() -> "'" + what + "' must be at most " + maxLength + " characters, was " + value.length());
		return value;
	}

	@Override
	public boolean equals(Object obj) {
		return (this == obj) || (obj instanceof JobQuery other && this.statuses.equals(other.statuses)
				&& this.ids.equals(other.ids) && Objects.equals(this.queue, other.queue)
				&& Objects.equals(this.handler, other.handler)
				&& Objects.equals(this.correlationId, other.correlationId)
				&& Objects.equals(this.scheduleName, other.scheduleName)
				&& Objects.equals(this.createdAfter, other.createdAfter)
				&& Objects.equals(this.createdBefore, other.createdBefore)
				&& Objects.equals(this.finishedBefore, other.finishedBefore) && Objects.equals(this.text, other.text)
				&& this.limit == other.limit && Objects.equals(this.cursor, other.cursor));
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.statuses, this.ids, this.queue, this.handler, this.correlationId, this.scheduleName,
				this.createdAfter, this.createdBefore, this.finishedBefore, this.text, this.limit, this.cursor);
	}

	@Override
	public String toString() {
		StringBuilder text = new StringBuilder("JobQuery[");
		append(text, "status", this.statuses.isEmpty() ? null : this.statuses);
		append(text, "ids", this.ids.isEmpty() ? null : this.ids);
		append(text, "queue", this.queue);
		append(text, "handler", this.handler);
		append(text, "correlationId", this.correlationId);
		append(text, "scheduleName", this.scheduleName);
		append(text, "createdAfter", this.createdAfter);
		append(text, "createdBefore", this.createdBefore);
		append(text, "finishedBefore", this.finishedBefore);
		append(text, "text", this.text);
		append(text, "limit", this.limit);
		append(text, "after", (this.cursor != null) ? this.cursor.toString() : null);
		return text.append(']').toString();
	}

	private static void append(StringBuilder text, String name, Object value) {
		if (value != null) {
			text.append((text.charAt(text.length() - 1) == '[') ? "" : ", ").append(name).append('=').append(value);
		}
	}

}
