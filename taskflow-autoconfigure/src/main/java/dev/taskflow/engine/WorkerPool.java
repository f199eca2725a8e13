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
 * ({@code spring.taskflow.queues.<name>.threads}). It counts the jobs it holds (running
 * or waiting for a thread) so the dispatcher claims no more than it can take; waiting
 * jobs start highest priority first.
 *
 * @author TaskFlow
 */
final class WorkerPool {

	// changed only by resize(), for a queue whose pool scales
	private volatile int threads;

	private final AdaptivePrefetch prefetch;

	private final int lowPriorityThreads;

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
	 * @param maxPrefetch the jobs it may hold beyond its threads while they are short
	 * @param reservedAbove jobs above this priority may use reserved threads, or
	 * {@code null}
	 * @param reservedThreads the threads only those jobs may use
	 */
	WorkerPool(String name, int threads, int prefetch, int maxPrefetch, Integer reservedAbove, int reservedThreads) {
		this.threads = threads;
		this.prefetch = new AdaptivePrefetch(threads, prefetch, maxPrefetch);
		this.reservedAbove = reservedAbove;
		// low-priority jobs never wait for a thread: the reserved threads stay idle for
		// high-priority ones
		this.lowPriorityThreads = (reservedAbove != null) ? threads - reservedThreads : -1;
		this.executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new PriorityBlockingQueue<>(),
				new CustomizableThreadFactory(name));
	}

	/**
	 * The threads it has now.
	 * @return the threads
	 */
	int threads() {
		return this.threads;
	}

	/**
	 * Grow or shrink the pool (a queue's, which prefetches nothing and reserves no
	 * threads): a thread above the new size ends once its job has.
	 * @param threads the new size, at least 1
	 */
	synchronized void resize(int threads) {
		if (threads > this.threads) {
			this.executor.setMaximumPoolSize(threads);
			this.executor.setCorePoolSize(threads);
		}
		else if (threads < this.threads) {
			this.executor.setCorePoolSize(threads);
			this.executor.setMaximumPoolSize(threads);
		}
		this.threads = threads;
	}

	/**
	 * The jobs it may hold now: its threads and its prefetch.
	 * @return the capacity
	 */
	int capacity() {
		return this.threads + this.prefetch.current();
	}

	/**
	 * Size the prefetch from the jobs that ran lately: called before a claim.
	 */
	void adaptPrefetch() {
		this.prefetch.adapt();
	}

	/**
	 * The jobs it can take now.
	 * @return the free slots
	 */
	int free() {
		return Math.max(0, capacity() - this.held.get());
	}

	/**
	 * The threads with a job: the jobs it holds, up to its threads (the rest wait for
	 * one).
	 * @return the busy threads
	 */
	int busy() {
		return Math.min(this.threads, this.held.get());
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
		int lowPriorityCapacity = (this.lowPriorityThreads >= 0) ? this.lowPriorityThreads : capacity();
		return Math.max(0, Math.min(free(), lowPriorityCapacity - this.lowPriorityHeld.get()));
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
		this.executor.execute(new Task(job.priority(), this.sequence.incrementAndGet(), work, this.prefetch));
	}

	/**
	 * Take an idle thread for a job that starts at once, without a claim.
	 * @return whether a thread was idle and is now taken
	 */
	boolean reserveIdle() {
		while (true) {
			int held = this.held.get();
			if (held >= this.threads) {
				return false;
			}
			if (this.held.compareAndSet(held, held + 1)) {
				return true;
			}
		}
	}

	/**
	 * Give back a thread taken by {@link #reserveIdle()} that will run nothing.
	 */
	void unreserve() {
		this.held.decrementAndGet();
	}

	/**
	 * Run a job on the thread taken for it by {@link #reserveIdle()}.
	 * @param job the job
	 * @param work what to run
	 */
	void executeReserved(ClaimedJob job, Runnable work) {
		this.executor.execute(new Task(job.priority(), this.sequence.incrementAndGet(), work, this.prefetch));
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

	private record Task(int priority, long sequence, Runnable work,
			AdaptivePrefetch prefetch) implements Runnable, Comparable<Task> {

		@Override
		public void run() {
			long started = System.nanoTime();
			try {
				this.work.run();
			}
			finally {
				this.prefetch.ran(System.nanoTime() - started);
			}
		}

		@Override
		public int compareTo(Task other) {
			int byPriority = Integer.compare(other.priority, this.priority);
			return (byPriority != 0) ? byPriority : Long.compare(this.sequence, other.sequence);
		}

	}

}
