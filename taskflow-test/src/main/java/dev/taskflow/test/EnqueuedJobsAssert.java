package dev.taskflow.test;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

import org.assertj.core.api.AbstractListAssert;
import org.assertj.core.api.ObjectAssert;

import dev.taskflow.JobView;

/**
 * Assertions on the jobs of one handler that were enqueued: each {@code with...} narrows
 * them down to those that match, and fails when none does, saying why each one did not;
 * {@link #times(int)} counts those left.
 *
 * @author TaskFlow
 * @see TaskFlowTesterAssert#hasEnqueued(String)
 */
public class EnqueuedJobsAssert
		extends AbstractListAssert<EnqueuedJobsAssert, List<JobView>, JobView, ObjectAssert<JobView>> {

	private final String handler;

	// what the jobs were narrowed down by so far, for messages
	private final List<String> conditions;

	EnqueuedJobsAssert(String handler, List<JobView> jobs) {
		this(handler, jobs, List.of());
	}

	private EnqueuedJobsAssert(String handler, List<JobView> jobs, List<String> conditions) {
		super(jobs, EnqueuedJobsAssert.class);
		this.handler = handler;
		this.conditions = conditions;
	}

	/**
	 * Narrow down to the jobs whose payload, read as the given type, satisfies the given
	 * assertions.
	 * @param <T> the payload type
	 * @param type the payload type
	 * @param requirements assertions on the payload
	 * @return assertions on the matching jobs
	 */
	public <T> EnqueuedJobsAssert withPayload(Class<T> type, Consumer<? super T> requirements) {
		Objects.requireNonNull(type, "'type' must not be null");
		Objects.requireNonNull(requirements, "'requirements' must not be null");
		List<JobView> matching = new ArrayList<>();
		List<String> misses = new ArrayList<>();
		for (JobView job : this.actual) {
			try {
				Optional<T> payload = job.payload(type);
				requirements.accept(payload.orElse(null));
				matching.add(job);
			}
			catch (AssertionError | RuntimeException ex) {
				misses.add("  - " + job.id() + ": " + firstLine(ex.getMessage()));
			}
		}
		return narrowed("a payload of type " + type.getSimpleName() + " that satisfies the requirements", matching,
				misses);
	}

	/**
	 * Narrow down to the jobs whose payload, read as the type of the given one, equals
	 * it.
	 * @param expected the payload
	 * @return assertions on the matching jobs
	 */
	public EnqueuedJobsAssert withPayload(Object expected) {
		Objects.requireNonNull(expected, "'expected' must not be null");
		return matching("payload " + expected, (job) -> job.payload(expected.getClass()).orElse(null),
				(payload) -> Objects.equals(payload, expected));
	}

	/**
	 * Narrow down to the jobs enqueued into the given queue.
	 * @param queue the queue
	 * @return assertions on the matching jobs
	 */
	public EnqueuedJobsAssert inQueue(String queue) {
		return matching("queue '" + queue + "'", JobView::queue, (value) -> Objects.equals(value, queue));
	}

	/**
	 * Narrow down to the jobs of the given priority.
	 * @param priority the priority
	 * @return assertions on the matching jobs
	 */
	public EnqueuedJobsAssert withPriority(int priority) {
		return matching("priority " + priority, JobView::priority, (value) -> value == priority);
	}

	/**
	 * Narrow down to the jobs enqueued with the given unique key.
	 * @param uniqueKey the unique key
	 * @return assertions on the matching jobs
	 */
	public EnqueuedJobsAssert withUniqueKey(String uniqueKey) {
		return matching("unique key '" + uniqueKey + "'", JobView::uniqueKey,
				(value) -> Objects.equals(value, uniqueKey));
	}

	/**
	 * Verify how many jobs are left after narrowing down.
	 * @param count the number
	 * @return this
	 */
	public EnqueuedJobsAssert times(int count) {
		if (this.actual.size() != count) {
			failWithMessage("Expected %d job(s) of handler '%s'%s, but found %d:%n%s", count, this.handler, described(),
					this.actual.size(), TaskFlowTesterAssert.list(this.actual));
		}
		return this;
	}

	private <V> EnqueuedJobsAssert matching(String condition, Function<JobView, V> value, Predicate<V> matches) {
		List<JobView> matching = new ArrayList<>();
		List<String> misses = new ArrayList<>();
		for (JobView job : this.actual) {
			V found = value.apply(job);
			if (matches.test(found)) {
				matching.add(job);
			}
			else {
				misses.add("  - " + job.id() + ": " + found);
			}
		}
		return narrowed(condition, matching, misses);
	}

	private EnqueuedJobsAssert narrowed(String condition, List<JobView> matching, List<String> misses) {
		if (matching.isEmpty()) {
			failWithMessage("Expected a job of handler '%s'%s with %s, but none of the %d has it:%n%s", this.handler,
					described(), condition, this.actual.size(), String.join("\n", misses));
		}
		List<String> conditions = new ArrayList<>(this.conditions);
		conditions.add(condition);
		return new EnqueuedJobsAssert(this.handler, matching, conditions);
	}

	private String described() {
		return this.conditions.isEmpty() ? "" : " with " + String.join(" and ", this.conditions);
	}

	private static String firstLine(String message) {
		if (message == null) {
			return "(no message)";
		}
		String trimmed = message.strip();
		int newline = trimmed.indexOf('\n');
		return (newline < 0) ? trimmed : trimmed.substring(0, newline) + " ...";
	}

	@Override
	protected ObjectAssert<JobView> toAssert(JobView value, String description) {
		return new ObjectAssert<>(value).as(description);
	}

	@Override
	protected EnqueuedJobsAssert newAbstractIterableAssert(Iterable<? extends JobView> iterable) {
		List<JobView> jobs = new ArrayList<>();
		iterable.forEach(jobs::add);
		return new EnqueuedJobsAssert(this.handler, jobs, this.conditions);
	}

}
