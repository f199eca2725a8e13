package dev.taskflow.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.taskflow.QueueLimits;
import dev.taskflow.store.CandidateQuery;
import dev.taskflow.store.ClaimedJob;
import dev.taskflow.store.ClusterLimit;
import dev.taskflow.store.ClusterLimitState;
import dev.taskflow.store.JobStore;
import dev.taskflow.store.LimitedClaim;
import dev.taskflow.throttle.ClusterTarget;
import dev.taskflow.throttle.NodeLimit;
import dev.taskflow.throttle.Target;
import dev.taskflow.throttle.Throttles;

/**
 * Decides what a node claims: never more jobs than its pools can take, and never a job a
 * limit holds back. Jobs no limit applies to are claimed with one statement, as they
 * would be without any limit; limited jobs with a claim that reads the limits and takes
 * only what they allow. A held-back job stays {@code PENDING} in the database: no thread
 * waits on a permit, and other jobs, handlers and nodes go on.
 *
 * @author TaskFlow
 */
final class ClaimPlanner {

	private static final Log logger = LogFactory.getLog(ClaimPlanner.class);

	private static final int MAX_WINDOW = 500;

	private static final long START_GUARD_NANOS = 10_000_000;

	private final JobStore store;

	private final WorkerSettings settings;

	// the limits of the configuration
	private final Throttles configured;

	private final List<String> handlers;

	private final WorkerPool defaultPool;

	private final Map<String, WorkerPool> queuePools;

	// the limits in force: the configured ones, with the queues' run-time limits in place
	// of theirs; swapped whole, so that a claim reads one set
	private volatile Applied applied;

	private final ThrottleReport report;

	private final Dispatch dispatch;

	private volatile boolean backlog = true;

	// the last limited claim found no candidate at all: skip limited claims until
	// something may have changed (an enqueue, a finished limited job, a poll, a permit),
	// so that a backlog of unlimited jobs costs no extra round trips
	private volatile boolean limitedIdle;

	ClaimPlanner(JobStore store, WorkerSettings settings, Throttles throttles, Set<String> handlers,
			ThrottleReport report, Dispatch dispatch) {
		this.store = store;
		this.settings = settings;
		this.configured = throttles;
		this.handlers = List.copyOf(handlers);
		this.report = report;
		this.dispatch = dispatch;
		this.defaultPool = new WorkerPool("taskflow-worker-", settings.threads(), settings.prefetch(),
				settings.maxPrefetch(), throttles.reservedAbove(), throttles.reservedThreads());
		Map<String, WorkerPool> pools = new LinkedHashMap<>();
		throttles.queueThreads()
			.forEach((queue, threads) -> pools.put(queue,
					new WorkerPool("taskflow-" + queue + "-", threads, 0, 0, null, 0)));
		this.queuePools = pools;
		this.applied = apply(throttles);
	}

	private Applied apply(Throttles throttles) {
		List<String> unlimited = this.handlers.stream()
			.filter((handler) -> !throttles.limitedHandlers().contains(handler))
			.toList();
		JobStore.Claimer unlimitedClaimer = (throttles.limitsAll() || unlimited.isEmpty()) ? null
				: this.store.claimer(unlimited, throttles.limitedQueues());
		return new Applied(throttles, throttles.clusterLimits().stream().map(ClusterTarget::limit).toList(),
				unlimitedClaimer, throttles.nodeLimits().size() + throttles.clusterLimits().size() + 2);
	}

	/**
	 * Apply the queues' run-time limits in place of their configured cluster-wide ones,
	 * from the next claim on.
	 * @param queueLimits the run-time limits by queue (all of them: a queue left out has
	 * its configured limits again)
	 */
	void applyQueueLimits(Map<String, QueueLimits> queueLimits) {
		Applied next = apply(this.configured.withQueueLimits(queueLimits));
		if (!next.clusterLimits().isEmpty()) {
			this.store.ensurePermits(next.clusterLimits());
		}
		this.applied = next;
		this.limitedIdle = false;
	}

	/**
	 * Whether any job goes through a limited claim.
	 * @return whether this node has limits
	 */
	boolean hasLimits() {
		return !this.applied.throttles().isEmpty();
	}

	/**
	 * Create the permit rows of the cluster-wide limits.
	 */
	void preparePermits() {
		List<ClusterLimit> clusterLimits = this.applied.clusterLimits();
		if (!clusterLimits.isEmpty()) {
			this.store.ensurePermits(clusterLimits);
		}
	}

	/**
	 * The latest moment a claimed job may start: a rate-limited job that cannot start
	 * within its limit's margin after its permit was granted goes back to the database
	 * instead, so that two starts on one permit are never closer than a period.
	 * @param job the job
	 * @param granted when its permits were granted, or just after (nanoTime)
	 * @return the deadline (nanoTime), {@link Long#MAX_VALUE} if there is none
	 */
	private long startDeadline(ClaimedJob job, long granted) {
		long margin = this.applied.throttles().startMarginNanos(job.handler(), job.queue());
		if (margin == Long.MAX_VALUE) {
			return Long.MAX_VALUE;
		}
		// a little of it covers the way from the check into the handler
		return granted + margin - Math.min(margin / 4, START_GUARD_NANOS);
	}

	/**
	 * Take an idle thread for a job enqueued on this node that may start at once, without
	 * a claim: one a claim would take now anyway, ahead of nothing that waits.
	 * @param handler the job's handler
	 * @param queue the job's queue
	 * @return the pool whose thread was taken, or {@code null}
	 */
	WorkerPool reserveDirectStart(String handler, String queue) {
		// a backlog: due jobs wait in the database, and the claim takes them first
		if (this.applied.unlimitedClaimer() == null || this.backlog || !this.handlers.contains(handler)) {
			return null;
		}
		// a limit weighs each claimed job, a queue of its own claims for its own pool,
		// reserved threads weigh priorities: all in the claim
		if (isLimited(handler, queue) || this.queuePools.containsKey(queue)
				|| this.defaultPool.reservedAbove() != null) {
			return null;
		}
		return this.defaultPool.reserveIdle() ? this.defaultPool : null;
	}

	WorkerPool poolOf(ClaimedJob job) {
		WorkerPool pool = this.queuePools.get(job.queue());
		return (pool != null) ? pool : this.defaultPool;
	}

	/**
	 * The pool a queue has to itself.
	 * @param queue the queue
	 * @return its pool, or {@code null} if it has none
	 */
	WorkerPool queuePool(String queue) {
		return this.queuePools.get(queue);
	}

	List<WorkerPool> pools() {
		List<WorkerPool> pools = new ArrayList<>();
		pools.add(this.defaultPool);
		pools.addAll(this.queuePools.values());
		return pools;
	}

	/**
	 * A claimed job is done, or will not run here.
	 * @param job the job
	 * @return whether the dispatcher should claim again now
	 */
	boolean finished(ClaimedJob job) {
		WorkerPool pool = poolOf(job);
		pool.finished(job);
		boolean limited = false;
		for (NodeLimit limit : this.configured.nodeLimits()) {
			if (limit.target().matches(job.handler(), job.queue())) {
				limit.release();
				limited = true;
			}
		}
		limited |= isLimited(job);
		if (limited) {
			this.limitedIdle = false;
		}
		return limited || (this.backlog && this.defaultPool.free() >= batchThreshold());
	}

	private boolean isLimited(ClaimedJob job) {
		return isLimited(job.handler(), job.queue());
	}

	private boolean isLimited(String handler, String queue) {
		Throttles throttles = this.applied.throttles();
		return throttles.limitsAll() || throttles.limitedHandlers().contains(handler)
				|| throttles.limitedQueues().contains(queue);
	}

	/**
	 * New jobs may be due: limited claims look again.
	 */
	void wokenUp() {
		this.limitedIdle = false;
	}

	/**
	 * Claim what may run now.
	 * @param pollDue whether a poll is due (claim even a small batch, and look for
	 * limited jobs again)
	 * @return what was claimed and when to look again
	 */
	Round claim(boolean pollDue) {
		int claimed = 0;
		boolean again = false;
		Applied applied = this.applied;
		if (applied.unlimitedClaimer() != null) {
			this.defaultPool.adaptPrefetch();
			int free = this.defaultPool.free();
			if (free > 0 && (!this.backlog || pollDue || free >= batchThreshold())) {
				UnlimitedClaim result = claimUnlimited(applied.unlimitedClaimer(), free);
				claimed += result.claimed();
				this.backlog = result.full();
				again = this.backlog;
			}
		}
		long wakeIn = Long.MAX_VALUE;
		if (hasLimits() && (pollDue || !this.limitedIdle)) {
			this.limitedIdle = false;
			for (int round = 0; round < applied.maxRounds(); round++) {
				LimitedRound limitedRound = new LimitedRound(applied, System.nanoTime());
				long claimSent = System.nanoTime();
				List<ClaimedJob> jobs = this.store.claimLimited(this.settings.nodeId(), this.settings.lease(),
						limitedRound);
				claimed += dispatchCharged(jobs, claimSent, limitedRound.queriedAt);
				wakeIn = Math.min(wakeIn, limitedRound.wakeInNanos);
				if (limitedRound.queried && limitedRound.looked == 0) {
					this.limitedIdle = true;
				}
				if (limitedRound.windowFilled) {
					again = true;
				}
				if (jobs.isEmpty() || !limitedRound.ranOut) {
					break;
				}
			}
		}
		return new Round(claimed, again, wakeIn);
	}

	// while a backlog lasts, claim again once half the slots are free: batches, not
	// one job per round trip
	private int batchThreshold() {
		return Math.max(1, this.defaultPool.capacity() / 2);
	}

	private UnlimitedClaim claimUnlimited(JobStore.Claimer claimer, int free) {
		Integer above = this.defaultPool.reservedAbove();
		if (above == null) {
			int claimed = claimUnlimited(claimer, free, CandidateQuery.ALL_PRIORITIES);
			return new UnlimitedClaim(claimed, claimed == free);
		}
		// reserved threads: low-priority jobs only up to their share, then high ones
		int low = Math.min(this.defaultPool.lowPriorityFree(), free);
		int first = (low > 0) ? claimUnlimited(claimer, low, CandidateQuery.ALL_PRIORITIES) : 0;
		boolean firstFull = low > 0 && first == low;
		int rest = this.defaultPool.free();
		int second = 0;
		if (rest > 0 && (low == 0 || firstFull)) {
			second = claimUnlimited(claimer, rest, above);
		}
		boolean full = firstFull || (rest > 0 && second == rest);
		return new UnlimitedClaim(first + second, full);
	}

	private int claimUnlimited(JobStore.Claimer claimer, int limit, int abovePriority) {
		long claimSent = System.nanoTime();
		List<ClaimedJob> jobs = claimer.claim(this.settings.nodeId(), limit, this.settings.lease(), abovePriority);
		for (ClaimedJob job : jobs) {
			this.dispatch.accept(job, claimSent, Long.MAX_VALUE);
		}
		return jobs.size();
	}

	// charge the node limits for what was claimed; a shared limiter that gave permits
	// away meanwhile leaves a job that must not run: it goes straight back
	private int dispatchCharged(List<ClaimedJob> jobs, long claimSent, long granted) {
		long now = System.nanoTime();
		List<ClaimedJob> refused = new ArrayList<>();
		int dispatched = 0;
		for (ClaimedJob job : jobs) {
			List<NodeLimit> charged = new ArrayList<>();
			boolean allowed = true;
			for (NodeLimit limit : this.configured.nodeLimits()) {
				if (limit.target().matches(job.handler(), job.queue())) {
					if (limit.take(1, now) == 1) {
						charged.add(limit);
					}
					else {
						allowed = false;
						break;
					}
				}
			}
			if (allowed) {
				this.dispatch.accept(job, claimSent, startDeadline(job, granted));
				dispatched++;
			}
			else {
				charged.forEach(NodeLimit::release);
				refused.add(job);
			}
		}
		if (!refused.isEmpty()) {
			try {
				this.store.release(this.settings.nodeId(), refused);
			}
			catch (RuntimeException ex) {
				logger.warn("TaskFlow could not release " + refused.size() + " job(s) a shared rate limiter refused;"
						+ " they run once their lease expires: " + ex.getMessage());
			}
		}
		return dispatched;
	}

	/**
	 * Hands a claimed job to the workers.
	 */
	@FunctionalInterface
	interface Dispatch {

		/**
		 * Run a claimed job.
		 * @param job the job
		 * @param claimSent when its claim was sent (nanoTime): its lease counts from then
		 * @param startBy the latest moment it may start (nanoTime), or
		 * {@link Long#MAX_VALUE}
		 */
		void accept(ClaimedJob job, long claimSent, long startBy);

	}

	/**
	 * What a claim did.
	 *
	 * @param claimed the jobs claimed
	 * @param again whether more may be due now (a backlog)
	 * @param wakeInNanos when a rate limit frees again, {@link Long#MAX_VALUE} if none
	 * waits
	 */
	record Round(int claimed, boolean again, long wakeInNanos) {
	}

	/**
	 * What a claim of unlimited jobs took.
	 *
	 * @param claimed how many jobs it claimed
	 * @param full whether it got all it asked for (so more may be waiting)
	 */
	private record UnlimitedClaim(int claimed, boolean full) {
	}

	/**
	 * What a node or cluster limit still allows in one limited claim.
	 */
	private static final class Permits {

		private int left;

		Permits(int left) {
			this.left = left;
		}

		boolean exhausted() {
			return this.left <= 0;
		}

		void take() {
			this.left--;
		}

	}

	/**
	 * The threads of one pool still free in one limited claim.
	 */
	private static final class PoolRoom {

		private int free;

		private int idle;

		private int lowPriorityFree;

		PoolRoom(WorkerPool pool) {
			this.free = pool.free();
			this.idle = pool.idle();
			this.lowPriorityFree = pool.lowPriorityFree();
		}

		// a rate-limited job needs an idle thread: a prefetched one would wait for a
		// thread with its permit spent
		boolean fits(boolean lowPriority, boolean rateLimited) {
			return this.free > 0 && (!lowPriority || this.lowPriorityFree > 0) && (!rateLimited || this.idle > 0);
		}

		void take(boolean lowPriority) {
			this.free--;
			this.idle--;
			if (lowPriority) {
				this.lowPriorityFree--;
			}
		}

	}

	/**
	 * One limited claim: reads what each limit allows, names the candidates that may
	 * qualify, accepts them in order while every limit that applies has room.
	 */
	private final class LimitedRound implements LimitedClaim {

		private final Applied applied;

		private final long now;

		private final Map<Object, Permits> remaining = new HashMap<>();

		private final Map<Object, Integer> atStart = new HashMap<>();

		private final Map<WorkerPool, PoolRoom> poolRoom = new HashMap<>();

		private final Map<String, Integer> keysAccepted = new HashMap<>();

		private final Map<ClusterLimit, Integer> rateUsed = new HashMap<>();

		private long wakeInNanos = Long.MAX_VALUE;

		private boolean ranOut;

		private boolean windowFilled;

		private int window;

		private int looked;

		private boolean refusedAny;

		// whether it looked for candidates (limits and threads had room)
		private boolean queried;

		// when the limits were read, just after the cluster-wide ones were locked and the
		// database's time read: no permit of this claim was granted later
		private long queriedAt;

		LimitedRound(Applied applied, long now) {
			this.applied = applied;
			this.now = now;
		}

		@Override
		public List<ClusterLimit> clusterLimits() {
			return this.applied.clusterLimits();
		}

		@Override
		public CandidateQuery query(Map<ClusterLimit, ClusterLimitState> states) {
			this.queriedAt = System.nanoTime();
			Throttles throttles = this.applied.throttles();
			Set<String> excludedHandlers = new LinkedHashSet<>();
			Set<String> excludedQueues = new LinkedHashSet<>();
			boolean allExcluded = false;
			for (NodeLimit limit : throttles.nodeLimits()) {
				int available = limit.available(this.now);
				this.remaining.put(limit, new Permits(available));
				this.atStart.put(limit, available);
				if (available <= 0) {
					allExcluded |= exclude(limit.target(), excludedHandlers, excludedQueues);
					long wait = limit.nanosUntilAvailable(this.now);
					if (wait > 0) {
						this.wakeInNanos = Math.min(this.wakeInNanos, wait);
					}
				}
			}
			for (ClusterTarget cluster : throttles.clusterLimits()) {
				ClusterLimitState state = states.get(cluster.limit());
				int available = (state != null) ? state.available() : 0;
				this.remaining.put(cluster, new Permits(available));
				this.atStart.put(cluster, available);
				if (available <= 0) {
					allExcluded |= exclude(cluster.target(), excludedHandlers, excludedQueues);
					if (state != null && state.microsUntilNext() > 0) {
						this.wakeInNanos = Math.min(this.wakeInNanos, state.microsUntilNext() * 1000);
					}
				}
			}
			if (allExcluded) {
				return null;
			}
			int room = 0;
			List<String> pooledWithRoom = new ArrayList<>();
			for (WorkerPool pool : pools()) {
				this.poolRoom.put(pool, new PoolRoom(pool));
				room += pool.free();
			}
			ClaimPlanner.this.queuePools.forEach((queue, pool) -> {
				if (pool.free() == 0) {
					excludedQueues.add(queue);
				}
				else {
					pooledWithRoom.add(queue);
				}
			});
			List<String> handlers = ClaimPlanner.this.handlers.stream()
				.filter((handler) -> !excludedHandlers.contains(handler))
				.toList();
			if (handlers.isEmpty() || room == 0) {
				return null;
			}
			List<String> limitedHandlers = null;
			List<String> limitedQueues = null;
			if (!throttles.limitsAll()) {
				limitedHandlers = handlers.stream().filter(throttles.limitedHandlers()::contains).toList();
				limitedQueues = throttles.limitedQueues().stream().filter((q) -> !excludedQueues.contains(q)).toList();
				if (limitedHandlers.isEmpty() && limitedQueues.isEmpty()) {
					return null;
				}
			}
			WorkerPool defaultPool = ClaimPlanner.this.defaultPool;
			List<String> onlyQueues = (defaultPool.free() == 0) ? pooledWithRoom : null;
			if (onlyQueues != null && onlyQueues.isEmpty()) {
				return null;
			}
			int abovePriority = CandidateQuery.ALL_PRIORITIES;
			if (defaultPool.reservedAbove() != null && defaultPool.lowPriorityFree() == 0) {
				abovePriority = defaultPool.reservedAbove();
			}
			Map<String, Integer> keyed = new LinkedHashMap<>();
			throttles.perKey().forEach((handler, perKey) -> {
				if (handlers.contains(handler)) {
					keyed.put(handler, perKey);
				}
			});
			this.window = Math.min(MAX_WINDOW, 2 * room);
			this.queried = true;
			return new CandidateQuery(handlers, limitedHandlers, limitedQueues, List.copyOf(excludedQueues), onlyQueues,
					abovePriority, List.copyOf(ClaimPlanner.this.queuePools.keySet()), keyed, this.window);
		}

		// returns whether the target is every job
		private boolean exclude(Target target, Set<String> handlers, Set<String> queues) {
			switch (target.kind()) {
				case ALL -> {
					return true;
				}
				case HANDLER -> handlers.add(target.name());
				case QUEUE -> queues.add(target.name());
			}
			return false;
		}

		@Override
		public boolean accept(ClaimedJob job, int keyRunning) {
			this.looked++;
			Throttles throttles = this.applied.throttles();
			List<Permits> charged = new ArrayList<>();
			for (NodeLimit limit : throttles.nodeLimits()) {
				if (limit.target().matches(job.handler(), job.queue())) {
					Permits left = this.remaining.get(limit);
					if (left.exhausted()) {
						ClaimPlanner.this.report.heldBack(job, limit.target(), limit.reason(), limit.toString());
						return refuse(limit);
					}
					charged.add(left);
				}
			}
			for (ClusterTarget cluster : throttles.clusterLimits()) {
				if (cluster.limit().kind() == ClusterLimit.Kind.KEYS
						|| !cluster.target().matches(job.handler(), job.queue())) {
					continue;
				}
				Permits left = this.remaining.get(cluster);
				if (left.exhausted()) {
					ClaimPlanner.this.report.heldBack(job, cluster.target(), cluster.reason(), cluster.description());
					return refuse(cluster);
				}
				charged.add(left);
			}
			// limits first, so that a job a limit holds back is reported as such even
			// when no thread is free either
			WorkerPool pool = poolOf(job);
			PoolRoom room = this.poolRoom.get(pool);
			boolean low = pool.isLowPriority(job.priority());
			if (!room.fits(low, throttles.isRateLimited(job.handler(), job.queue()))) {
				// no thread for it: it waits its turn, held back by nothing but the
				// backlog
				return refuse(null);
			}
			Integer perKey = throttles.perKey().get(job.handler());
			String key = (perKey != null && job.concurrencyKey() != null) ? job.concurrencyKey() : null;
			if (key != null) {
				int accepted = this.keysAccepted.getOrDefault(key, 0);
				if (keyRunning + accepted >= perKey) {
					ClaimPlanner.this.report.heldBack(job, Target.handler(job.handler()), "per-key",
							"limit " + perKey + " per concurrency key on " + Target.handler(job.handler()));
					this.ranOut |= accepted > 0;
					this.refusedAny = true;
					return false;
				}
				this.keysAccepted.merge(key, 1, Integer::sum);
			}
			charged.forEach(Permits::take);
			for (ClusterTarget cluster : throttles.clusterLimits()) {
				if (cluster.limit().kind() == ClusterLimit.Kind.RATE
						&& cluster.target().matches(job.handler(), job.queue())) {
					this.rateUsed.merge(cluster.limit(), 1, Integer::sum);
				}
			}
			room.take(low);
			if (this.looked == this.window && !this.refusedAny) {
				this.windowFilled = true;
			}
			return true;
		}

		private boolean refuse(Object limit) {
			this.refusedAny = true;
			// a limit that had room at the start ran out in this claim: claim again
			// without its jobs, so others behind them get their turn
			if (limit != null && this.atStart.getOrDefault(limit, 0) > 0) {
				this.ranOut = true;
			}
			return false;
		}

		@Override
		public int rateUsed(ClusterLimit limit) {
			return this.rateUsed.getOrDefault(limit, 0);
		}

	}

	/**
	 * The limits a claim applies.
	 *
	 * @param throttles the limits
	 * @param clusterLimits their cluster-wide limits, whose permit rows a limited claim
	 * locks
	 * @param unlimitedClaimer the claim of the jobs no limit applies to, or {@code null}
	 * when every job is limited
	 * @param maxRounds the most limited claims in one go
	 */
	private record Applied(Throttles throttles, List<ClusterLimit> clusterLimits, JobStore.Claimer unlimitedClaimer,
			int maxRounds) {
	}

}
