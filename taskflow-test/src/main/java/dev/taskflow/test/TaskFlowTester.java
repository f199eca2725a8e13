package dev.taskflow.test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.taskflow.JobId;
import dev.taskflow.JobView;

/**
 * Runs TaskFlow's jobs on the test's thread, moves TaskFlow's clock by hand and shows
 * what was enqueued: the bean a test gets with {@link AutoConfigureTaskFlowTester} or
 * {@link TaskFlowTest}.
 *
 * <pre class="code">
 * &#64;SpringBootTest
 * &#64;AutoConfigureTaskFlowTester
 * class SignupTests {
 *
 *     &#64;Autowired TaskFlowTester tester;
 *
 *     &#64;Test
 *     void welcomeMailGoesOut() {
 *         signup.register("ada@example.com");
 *         assertThat(tester).hasEnqueued("email.send");
 *         tester.runAll();
 *         assertThat(tester).hasNoFailedJobs();
 *     }
 * }
 * </pre>
 * <p>
 * Everything goes through the real store on the test's database, and every "now" TaskFlow
 * uses (due times, retry back-offs, leases, schedules, statistics) reads the tester's
 * clock: it stands still in {@link Mode#MANUAL MANUAL} and {@link Mode#INLINE INLINE}
 * mode until {@link #advanceClock(Duration)} moves it, and runs with the database's
 * clock, plus what {@code advanceClock} added, in {@link Mode#REAL REAL} mode.
 *
 * @author TaskFlow
 */
public interface TaskFlowTester {

	/**
	 * How jobs run in a test ({@code spring.taskflow.test.mode}).
	 */
	enum Mode {

		/**
		 * No worker node runs: nothing runs until the test calls {@link #runAll()},
		 * {@link #runNext()} or {@link #run(JobId)}, on the test's thread.
		 */
		MANUAL,

		/**
		 * No worker node runs: a job that is due runs on the enqueueing thread as soon as
		 * its enqueue is committed, and what its handler throws reaches the caller of the
		 * enqueue. Jobs that become due later (delayed, retried, fired by a schedule) run
		 * when {@link #advanceClock(Duration)} makes them due, or at {@link #runAll()}.
		 */
		INLINE,

		/**
		 * The application's worker node runs jobs on its own threads, as in production;
		 * {@link #awaitIdle(Duration)} waits for it to run out of work.
		 */
		REAL

	}

	/**
	 * The mode this tester runs in.
	 * @return the mode
	 */
	Mode mode();

	/**
	 * Run every due job on the calling thread, highest priority and earliest due first,
	 * until none is due, firing the schedules that are due first; jobs the handlers
	 * enqueue run too when due.
	 * @return each job as its attempt left it, in the order they ran (a job retried at
	 * once appears once per attempt)
	 * @throws IllegalStateException in {@link Mode#REAL REAL} mode, or when jobs keep
	 * becoming due (a job that enqueues itself for ever)
	 */
	List<JobView> runAll();

	/**
	 * Run the next due job on the calling thread.
	 * @return the job as its attempt left it, or empty when no job is due
	 * @throws IllegalStateException in {@link Mode#REAL REAL} mode
	 */
	Optional<JobView> runNext();

	/**
	 * Run the given pending job now on the calling thread, whether it is due or not.
	 * @param id the job
	 * @return the job as its attempt left it
	 * @throws IllegalStateException when the job is not pending, or in {@link Mode#REAL
	 * REAL} mode
	 */
	JobView run(JobId id);

	/**
	 * Move TaskFlow's clock forward: delayed jobs and retries become due, and the
	 * schedules that became due fire before this returns. In {@link Mode#INLINE INLINE}
	 * mode the jobs that became due run at once; in {@link Mode#REAL REAL} mode the node
	 * is woken to run them (and running jobs' leases move with the clock).
	 * @param duration how far, not negative
	 */
	void advanceClock(Duration duration);

	/**
	 * Move TaskFlow's clock forward to the given instant, as
	 * {@link #advanceClock(Duration)} does.
	 * @param instant the instant, not before {@link #now()}
	 */
	void advanceClockTo(Instant instant);

	/**
	 * TaskFlow's time now, as its store and schedules read it.
	 * @return the time
	 */
	Instant now();

	/**
	 * Delete every job with its attempts, every schedule the test registered, queue
	 * pauses and limits and statistics; the application's declared schedules are declared
	 * again. Done after each test unless
	 * {@code spring.taskflow.test.clear-after-each=false}.
	 */
	void clear();

	/**
	 * Every job stored, in any status, oldest first.
	 * @return the jobs
	 */
	List<JobView> jobs();

	/**
	 * The jobs of a handler stored, in any status, oldest first.
	 * @param handler the handler's name
	 * @return the jobs
	 */
	List<JobView> jobs(String handler);

	/**
	 * Wait until no job is due or running (jobs in paused queues aside): for
	 * {@link Mode#REAL REAL} mode, where the node runs jobs on its own threads.
	 * @param timeout how long to wait at most
	 * @throws IllegalStateException when jobs are still due or running after the timeout,
	 * naming them
	 */
	void awaitIdle(Duration timeout);

}
