package dev.taskflow.engine;

import java.util.List;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import dev.taskflow.store.ClaimedJob;

/**
 * A bounded pool of worker threads: the node's own, or one a queue has to itself
 * ({@code spring.taskflow.queues.
 *
<q>.threads}). It counts the jobs it holds (running or waiting for a thread) so the
 * dispatcher claims no more than it can take; waiting jobs start highest priority first.
 *
 * @author TaskFlow
 */
final class WorkerPool {

	private final int threads;

	private final int capacity;

	private final int lowPriorityCapacity;

	private final Integer reservedAbove;

	private final ThreadPoolExecutor executor;

	private final AtomicInteger held = new AtomicInteger();

	private final AtomicInteger lowPriorityHeld = new AtomicInteger();

	private final AtomicLong sequence = new AtomicLong();

	/**
	 * Create a pool.
	 * @param name the pool name, the prefix of its thread names
	 * @param threads the threads
	 * @param prefetch the jobs it may hold beyond its threads
	 * @param reservedAbove jobs above this priority may use reserved threads, or
	 * {@code null}
	 * @param reservedThreads the threads only those jobs may use
	 */
	WorkerPool(String name, int threads, int prefetch, Integer reservedAbove, int reservedThreads) {
		this.threads = threads;
		this.capacity = threads + prefetch;
		this.reservedAbove = reservedAbove;
		// low-priority jobs never wait for a thread: the reserved threads stay idle for
		// high-priority ones
		this.lowPriorityCapacity = (reservedAbove != null) ? threads - reservedThreads : this.capacity;
		this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new PriorityBlockingQueue<>(),
				new CustomizableThreadFactory(name));
	}

	int capacity() {
		return this.capacity;
	}

	/**
	 * The jobs it can take now.
	 * @return the free slots
	 */
	int free() {
		return Math.max(0, this.capacity - this.held.get());
	}

	/**
	 * The jobs that would start at once: threads with nothing to do.
	 * @return the idle threads
	 */
	int idle() {
		return Math.max(0, this.threads - this.held.get());
	}

	/**
	 * The low-priority jobs it can take now.
	 * @return the free slots for jobs at or below the reserved priority
	 */
	int lowPriorityFree() {
		return Math.max(0, Math.min(free(), this.lowPriorityCapacity - this.lowPriorityHeld.get()));
	}

	Integer reservedAbove() {
		return this.reservedAbove;
	}

	boolean isLowPriority(int priority) {
		return this.reservedAbove != null && priority <= this.reservedAbove;
	}

	/**
	 * Run a claimed job.
	 * @param job the job
	 * @param work what to run
	 */
	void execute(ClaimedJob job, Runnable work) {
		this.held.incrementAndGet();
		if (isLowPriority(job.priority())) {
			this.lowPriorityHeld.incrementAndGet();
		}
		this.executor.execute(new Task(job.priority(), this.sequence.incrementAndGet(), work));
	}

	/**
	 * A job it held is done (or will not run).
	 * @param job the job
	 */
	void finished(ClaimedJob job) {
		this.held.decrementAndGet();
		if (isLowPriority(job.priority())) {
			this.lowPriorityHeld.decrementAndGet();
		}
	}

	ThreadPoolExecutor executor() {
		return this.executor;
	}

	/**
	 * Take the jobs that wait for a thread out of the pool.
	 * @param into where to put them
	 */
	void drainWaiting(List<Runnable> into) {
		this.executor.getQueue().drainTo(into);
	}

	private record Task(int priority, long sequence, Runnable work) implements Runnable, Comparable<Task> {

		@Override
		public void run() {
			this.work.run();
		}

		@Override
		public int compareTo(Task other) {
			int byPriority = Integer.compare(other.priority, this.priority);
			return (byPriority != 0) ? byPriority : Long.compare(this.sequence, other.sequence);
		}

	}

}
