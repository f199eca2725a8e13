package dev.taskflow.test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.springframework.util.Assert;

import dev.taskflow.JobId;
import dev.taskflow.JobPage;
import dev.taskflow.JobQuery;
import dev.taskflow.JobStatus;
import dev.taskflow.JobView;
import dev.taskflow.QueueView;
import dev.taskflow.TaskFlow;
import dev.taskflow.engine.CallingThreadWorker;
import dev.taskflow.engine.WorkerNode;
import dev.taskflow.schedule.ScheduleNode;
import dev.taskflow.store.TestClockTable;
import dev.taskflow.store.TestTables;

/**
 * The tester over the application's TaskFlow, its stopped worker node (manual and inline
 * modes) or running one (real mode), its schedules and the clock table.
 *
 * @author TaskFlow
 */
final class DefaultTaskFlowTester implements TaskFlowTester {

	/**
	 * The most jobs one {@link #runAll()} runs before it gives up: a job that enqueues
	 * itself again and again would otherwise hold the test for ever.
	 */
	static final int MAX_RUNS = 10_000;

	// jobs enqueued inline while an inline job runs on this thread: run after it, not
	// inside it
	private static final ThreadLocal<Deque<UUID>> inlineQueue = new ThreadLocal<>();

	private final Mode mode;

	private final TaskFlow taskFlow;

	private final WorkerNode workerNode;

	private final ScheduleNode scheduleNode;

	private final TesterClock clock;

	private final TestClockTable clockTable;

	private final TestTables tables;

	DefaultTaskFlowTester(Mode mode, TaskFlow taskFlow, WorkerNode workerNode, ScheduleNode scheduleNode,
			TesterClock clock, TestClockTable clockTable, TestTables tables) {
		this.mode = mode;
		this.taskFlow = taskFlow;
		this.workerNode = workerNode;
		this.scheduleNode = scheduleNode;
		this.clock = clock;
		this.clockTable = clockTable;
		this.tables = tables;
	}

	@Override
	public Mode mode() {
		return this.mode;
	}

	@Override
	public List<JobView> runAll() {
		CallingThreadWorker worker = callingThreadWorker("runAll()");
		fireDueSchedules();
		return runningHere(() -> {
			List<JobView> ran = new ArrayList<>();
			while (true) {
				Optional<CallingThreadWorker.Attempt> attempt = worker.runNext();
				if (attempt.isEmpty()) {
					// the jobs may have made a schedule due only if they moved its turn:
					// one look is enough
					if (fireDueSchedules() == 0) {
						return ran;
					}
					continue;
				}
				ran.add(view(attempt.get().jobId()));
				runDeferred(worker, ran);
				if (ran.size() >= MAX_RUNS) {
					throw new IllegalStateException("runAll() ran " + MAX_RUNS + " jobs and more are due; does a job"
							+ " enqueue itself again and again? The last one ran: "
							+ describe(ran.get(ran.size() - 1)));
				}
			}
		});
	}

	@Override
	public Optional<JobView> runNext() {
		CallingThreadWorker worker = callingThreadWorker("runNext()");
		fireDueSchedules();
		return runningHere(() -> {
			Optional<JobView> ran = worker.runNext().map((attempt) -> view(attempt.jobId()));
			runDeferred(worker, new ArrayList<>());
			return ran;
		});
	}

	@Override
	public JobView run(JobId id) {
		Assert.notNull(id, "'id' must not be null");
		CallingThreadWorker worker = callingThreadWorker("run(id)");
		return runningHere(() -> {
			JobView ran = worker.run(id.value()).map((attempt) -> view(attempt.jobId())).orElseThrow(() -> {
				JobView job = this.taskFlow.find(id).orElse(null);
				return new IllegalStateException((job != null)
						? "Job " + id + " is " + job.status() + ", not PENDING: only a pending job can run"
						: "There is no job " + id);
			});
			runDeferred(worker, new ArrayList<>());
			return ran;
		});
	}

	// while a job runs on this thread, jobs its handler enqueues in inline mode wait for
	// it to end (a job run inside another's handler would share its thread's context):
	// the outermost run on the thread owns the queue they wait in
	private static <T> T runningHere(Supplier<T> work) {
		if (inlineQueue.get() != null) {
			return work.get();
		}
		inlineQueue.set(new ArrayDeque<>());
		try {
			return work.get();
		}
		finally {
			inlineQueue.remove();
		}
	}

	// the jobs enqueued inline while the last one ran, and those they enqueued
	private void runDeferred(CallingThreadWorker worker, List<JobView> ran) {
		Deque<UUID> queue = inlineQueue.get();
		while (queue != null && !queue.isEmpty()) {
			worker.runIfDue(queue.poll()).ifPresent((attempt) -> ran.add(view(attempt.jobId())));
		}
	}

	/**
	 * Run the given jobs, just committed, on this thread if they are due: the inline
	 * mode. A job enqueued by an inline job runs after it, on the same thread.
	 * @param ids the jobs
	 */
	void runInline(List<UUID> ids) {
		Deque<UUID> queue = inlineQueue.get();
		if (queue != null) {
			// enqueued by a job running on this thread: it runs after that job
			queue.addAll(ids);
			return;
		}
		CallingThreadWorker worker = callingThreadWorker("the inline mode");
		Throwable failure = runningHere(() -> {
			inlineQueue.get().addAll(ids);
			return runQueued(worker);
		});
		if (failure != null) {
			throw InlineJobFailedException.rethrow(failure);
		}
	}

	// the first failure, with the later ones suppressed in it
	private static Throwable runQueued(CallingThreadWorker worker) {
		Deque<UUID> queue = inlineQueue.get();
		Throwable first = null;
		int runs = 0;
		while (!queue.isEmpty()) {
			Throwable failure = worker.runIfDue(queue.poll()).map(CallingThreadWorker.Attempt::failure).orElse(null);
			if (failure != null && first == null) {
				first = failure;
			}
			else if (failure != null && failure != first) {
				first.addSuppressed(failure);
			}
			if (++runs >= MAX_RUNS) {
				throw new IllegalStateException("The inline mode ran " + MAX_RUNS
						+ " jobs for one enqueue; does a job enqueue itself again and again?");
			}
		}
		return first;
	}

	@Override
	public void advanceClock(Duration duration) {
		Assert.notNull(duration, "'duration' must not be null");
		Assert.isTrue(!duration.isNegative(), () -> "TaskFlow's clock only moves forward; got " + duration);
		// a running job's lease and a node's heartbeat move with the clock: the jump
		// alone
		// must not let a rescue take a job from a node that is alive
		this.clockTable.shiftLiveDeadlines(duration);
		this.clock.advance(duration);
		synchronizeClock();
		afterClockMoved();
	}

	@Override
	public void advanceClockTo(Instant instant) {
		Assert.notNull(instant, "'instant' must not be null");
		Instant now = now();
		Assert.isTrue(!instant.isBefore(now),
				() -> "TaskFlow's clock only moves forward; it is " + now + ", which is after " + instant);
		advanceClock(Duration.between(now, instant));
	}

	private void afterClockMoved() {
		switch (this.mode) {
			case MANUAL -> fireDueSchedules();
			case INLINE -> runAll();
			case REAL -> {
				// fired here, before this returns: an awaitIdle right after must find
				// their
				// jobs, not race the schedule loop to them (the store's fire times keep a
				// fire of the loop from adding a second job)
				fireDueSchedules();
				// due times the node and the loop wait for were measured on the old clock
				this.scheduleNode.wakeUp();
				if (this.workerNode != null) {
					this.workerNode.wakeUp();
				}
			}
		}
	}

	@Override
	public Instant now() {
		return this.clock.instant();
	}

	/**
	 * Write this tester's clock to the clock table: another test context on the same
	 * database may have moved it since.
	 */
	void synchronizeClock() {
		this.clockTable.set(this.clock.frozenAt(), this.clock.offset());
	}

	@Override
	public void clear() {
		this.tables.clear();
		this.scheduleNode.declareAgain();
	}

	/**
	 * Start from empty tables: before the context starts, which declares the
	 * application's schedules.
	 */
	void clearBeforeStart() {
		this.tables.clear();
	}

	@Override
	public List<JobView> jobs() {
		return read(JobQuery.all());
	}

	@Override
	public List<JobView> jobs(String handler) {
		Assert.hasText(handler, "'handler' must not be empty");
		return read(JobQuery.all().handler(handler));
	}

	// newest first in pages: every page, then oldest first
	private List<JobView> read(JobQuery query) {
		List<JobView> jobs = new ArrayList<>();
		JobQuery page = query.limit(JobQuery.MAX_LIMIT);
		while (true) {
			JobPage found = this.taskFlow.jobs().list(page);
			jobs.addAll(found.jobs());
			Optional<String> next = found.nextCursor();
			if (next.isEmpty()) {
				break;
			}
			page = page.after(next.get());
		}
		Collections.reverse(jobs);
		return jobs;
	}

	@Override
	public void awaitIdle(Duration timeout) {
		Assert.notNull(timeout, "'timeout' must not be null");
		long deadline = System.nanoTime() + timeout.toNanos();
		long pause = 10;
		while (true) {
			String busy = busy();
			if (busy == null) {
				return;
			}
			if (System.nanoTime() - deadline > 0) {
				throw new IllegalStateException("TaskFlow was not idle after " + timeout + ": " + busy
						+ ((this.mode != Mode.REAL)
								? " (in " + this.mode + " mode nothing runs jobs in the background:" + " call runAll())"
								: ""));
			}
			try {
				Thread.sleep(pause);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while waiting for TaskFlow to be idle", ex);
			}
			pause = Math.min(pause * 2, 100);
		}
	}

	// what keeps TaskFlow busy, or null when it is idle
	private String busy() {
		long due = this.taskFlow.queues()
			.active()
			.stream()
			.filter((queue) -> !queue.paused())
			.mapToLong(QueueView::due)
			.sum();
		long running = this.taskFlow.jobs().count(JobQuery.all().status(JobStatus.RUNNING));
		if (due == 0 && running == 0) {
			return null;
		}
		return due + " job(s) due and " + running + " running";
	}

	private int fireDueSchedules() {
		return this.scheduleNode.fireDue().size();
	}

	private CallingThreadWorker callingThreadWorker(String what) {
		if (this.mode == Mode.REAL) {
			throw new IllegalStateException(what + " runs jobs on the test's thread, which needs MANUAL or INLINE mode;"
					+ " in REAL mode the node runs them: call awaitIdle(timeout) instead, or set"
					+ " spring.taskflow.test.mode=MANUAL");
		}
		if (this.workerNode == null) {
			throw new IllegalStateException(what + " needs TaskFlow's worker node, which"
					+ " spring.taskflow.worker.enabled=false turned off: remove that property in the test");
		}
		return this.workerNode.callingThreadWorker();
	}

	private JobView view(UUID id) {
		return this.taskFlow.find(JobId.of(id))
			.orElseThrow(() -> new IllegalStateException("Job " + id + " ran but is gone: did its handler delete it?"));
	}

	static String describe(JobView job) {
		return job.handler() + " " + job.id() + " " + job.status() + " (attempt " + job.attempt() + " of "
				+ job.maxAttempts() + ((job.lastError() != null) ? ", " + job.lastError() : "") + ")";
	}

	static Map<String, Long> countByHandler(List<JobView> jobs) {
		return jobs.stream().collect(Collectors.groupingBy(JobView::handler, Collectors.counting()));
	}

}
