package dev.taskflow;

import java.util.Objects;
import java.util.UUID;

/**
 * The id of a workflow, from {@link Workflows#start(Workflow)}.
 *
 * @author TaskFlow
 */
public final class WorkflowId implements Comparable<WorkflowId> {

	private final UUID value;

	private WorkflowId(UUID value) {
		this.value = Objects.requireNonNull(value, "'value' must not be null");
	}

	/**
	 * The id with the given value.
	 * @param value the UUID
	 * @return the id
	 */
	public static WorkflowId of(UUID value) {
		return new WorkflowId(value);
	}

	/**
	 * Parse the text of an id, as {@link #toString()} writes it.
	 * @param text a UUID
	 * @return the id
	 * @throws IllegalArgumentException if the text is not a UUID
	 */
	public static WorkflowId parse(String text) {
		Objects.requireNonNull(text, "'text' must not be null");
		try {
			return new WorkflowId(UUID.fromString(text.trim()));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("'" + text + "' is not a workflow id: expected a UUID", ex);
		}
	}

	/**
	 * The UUID of this id.
	 * @return the value
	 */
	public UUID value() {
		return this.value;
	}

	@Override
	public int compareTo(WorkflowId other) {
		return this.value.compareTo(other.value);
	}

	@Override
	public boolean equals(Object obj) {
		return (this == obj) || (obj instanceof WorkflowId other && this.value.equals(other.value));
	}

	@Override
	public int hashCode() {
		return this.value.hashCode();
	}

	@Override
	public String toString() {
		return this.value.toString();
	}

}
