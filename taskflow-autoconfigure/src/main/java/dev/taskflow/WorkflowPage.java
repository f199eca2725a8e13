package dev.taskflow;

import java.util.List;
import java.util.Optional;

import org.springframework.util.Assert;

/**
 * A page of workflows from {@link Workflows#list(WorkflowQuery)}, newest first, with the
 * cursor of the page after it.
 *
 * @author TaskFlow
 */
public final class WorkflowPage {

	private final List<WorkflowView> workflows;

	private final String nextCursor;

	private WorkflowPage(List<WorkflowView> workflows, String nextCursor) {
		this.workflows = workflows;
		this.nextCursor = nextCursor;
	}

	/**
	 * A page of the given workflows.
	 * @param workflows the workflows, newest first (by creation time, then id)
	 * @param more whether more workflows follow the last of them
	 * @return the page
	 */
	public static WorkflowPage of(List<WorkflowView> workflows, boolean more) {
		Assert.notNull(workflows, "'workflows' must not be null");
		Assert.isTrue(!more || !workflows.isEmpty(), "An empty page cannot be followed by more workflows");
		String next = null;
		if (more) {
			WorkflowView last = workflows.get(workflows.size() - 1);
			next = new JobCursor(last.createdAt(), JobId.of(last.id().value())).toString();
		}
		return new WorkflowPage(List.copyOf(workflows), next);
	}

	/**
	 * The workflows of this page.
	 * @return the workflows, newest first
	 */
	public List<WorkflowView> workflows() {
		return this.workflows;
	}

	/**
	 * The cursor of the next page, for {@link WorkflowQuery#after(String)}.
	 * @return the cursor, or empty on the last page
	 */
	public Optional<String> nextCursor() {
		return Optional.ofNullable(this.nextCursor);
	}

	@Override
	public String toString() {
		return "WorkflowPage " + this.workflows.stream().map(WorkflowView::id).toList()
				+ ((this.nextCursor != null) ? " next " + this.nextCursor : "");
	}

}
