package dev.taskflow;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

import org.springframework.util.Assert;

/**
 * Which workflows {@link Workflows#list(WorkflowQuery)} returns: every filter narrows,
 * pages are newest first. Immutable: each method returns a changed copy.
 *
 * @author TaskFlow
 */
public final class WorkflowQuery {

	/**
	 * The page size unless {@link #limit(int)} says otherwise.
	 */
	public static final int DEFAULT_LIMIT = 50;

	/**
	 * The largest page.
	 */
	public static final int MAX_LIMIT = 1000;

	private final Set<WorkflowStatus> statuses;

	private final String name;

	private final int limit;

	private final JobCursor cursor;

	private WorkflowQuery(Set<WorkflowStatus> statuses, String name, int limit, JobCursor cursor) {
		this.statuses = statuses;
		this.name = name;
		this.limit = limit;
		this.cursor = cursor;
	}

	/**
	 * Every workflow.
	 * @return the query
	 */
	public static WorkflowQuery all() {
		return new WorkflowQuery(Set.of(), null, DEFAULT_LIMIT, null);
	}

	/**
	 * Only workflows in one of these statuses.
	 * @param statuses the statuses; none for every status
	 * @return the changed query
	 */
	public WorkflowQuery status(WorkflowStatus... statuses) {
		Objects.requireNonNull(statuses, "'statuses' must not be null");
		Set<WorkflowStatus> set = EnumSet.noneOf(WorkflowStatus.class);
		for (WorkflowStatus status : statuses) {
			set.add(Objects.requireNonNull(status, "'statuses' must not contain null"));
		}
		return new WorkflowQuery(Set.copyOf(set), this.name, this.limit, this.cursor);
	}

	/**
	 * Only workflows of this name.
	 * @param name the name, or {@code null} for any
	 * @return the changed query
	 */
	public WorkflowQuery name(String name) {
		return new WorkflowQuery(this.statuses, name, this.limit, this.cursor);
	}

	/**
	 * The most workflows in a page.
	 * @param limit from 1 to {@value #MAX_LIMIT}
	 * @return the changed query
	 */
	public WorkflowQuery limit(int limit) {
		Assert.isTrue(limit >= 1 && limit <= MAX_LIMIT,
				() -> "'limit' must be between 1 and " + MAX_LIMIT + ", was " + limit);
		return new WorkflowQuery(this.statuses, this.name, limit, this.cursor);
	}

	/**
	 * The page after the one whose {@link WorkflowPage#nextCursor() next cursor} this is.
	 * @param cursor a next cursor, or {@code null} for the first page
	 * @return the changed query
	 * @throws IllegalArgumentException if the cursor is malformed
	 */
	public WorkflowQuery after(String cursor) {
		return new WorkflowQuery(this.statuses, this.name, this.limit,
				(cursor != null) ? JobCursor.parse(cursor) : null);
	}

	/**
	 * The statuses the query is restricted to.
	 * @return the statuses, empty for every status
	 */
	public Set<WorkflowStatus> getStatuses() {
		return this.statuses;
	}

	/**
	 * The name the query is restricted to.
	 * @return the name, or {@code null}
	 */
	public String getName() {
		return this.name;
	}

	/**
	 * The page size.
	 * @return the limit
	 */
	public int getLimit() {
		return this.limit;
	}

	/**
	 * The creation time of the last workflow of the previous page.
	 * @return the time, or {@code null} for the first page
	 */
	public Instant getCursorCreatedAt() {
		return (this.cursor != null) ? this.cursor.createdAt() : null;
	}

	/**
	 * The id of the last workflow of the previous page.
	 * @return the id, or {@code null} for the first page
	 */
	public WorkflowId getCursorId() {
		return (this.cursor != null) ? WorkflowId.of(this.cursor.id().value()) : null;
	}

	@Override
	public String toString() {
		return "WorkflowQuery[statuses=" + this.statuses + ", name=" + this.name + ", limit=" + this.limit
				+ ((this.cursor != null) ? ", after=" + this.cursor : "") + "]";
	}

}
