package dev.taskflow.store;

import java.util.List;
import java.util.Map;

/**
 * Which due jobs a limited claim looks at: the jobs of limits that still have room, so
 * that jobs held back by an exhausted limit never block others (no head-of-line
 * blocking).
 *
 * @param handlers the handlers whose jobs may be claimed
 * @param limitedHandlers with {@code limitedQueues}: a job qualifies when its handler is
 * one of these or its queue one of those; both {@code null} for every job
 * @param limitedQueues see {@code limitedHandlers}
 * @param excludedQueues queues whose jobs are left out
 * @param onlyQueues if not {@code null}, only jobs of these queues
 * @param abovePriority only jobs of a higher priority than this, except in
 * {@code priorityExemptQueues}; {@link #ALL_PRIORITIES} for all
 * @param priorityExemptQueues queues the priority floor does not apply to
 * @param keyedHandlers handlers that limit the running jobs per concurrency key, with
 * their limit: a job whose key already has that many running is left out
 * @param window the most candidates to look at
 * @author TaskFlow
 */
public record CandidateQuery(List<String> handlers, List<String> limitedHandlers, List<String> limitedQueues,
		List<String> excludedQueues, List<String> onlyQueues, int abovePriority, List<String> priorityExemptQueues,
		Map<String, Integer> keyedHandlers, int window) {

	/**
	 * The {@code abovePriority} of a claim that takes jobs of every priority, however low
	 * a stored one is.
	 */
	public static final int ALL_PRIORITIES = Integer.MIN_VALUE;

	/**
	 * The lowest priority a claim takes, for a condition {@code priority >= ?}. A claim
	 * always carries that condition, even for every priority: it is what keeps PostgreSQL
	 * on the claim index in priority order when the job table has no statistics yet (a
	 * new or truncated table before autovacuum analyzes it). Without it the planner's
	 * default estimates choose a bitmap scan of every pending job and a sort, for every
	 * claim: a drain several times slower, and slower the deeper the backlog.
	 * @param abovePriority only jobs of a higher priority than this, or
	 * {@link #ALL_PRIORITIES}
	 * @return the lowest priority to claim
	 */
	static int priorityFloor(int abovePriority) {
		if (abovePriority == ALL_PRIORITIES) {
			return Integer.MIN_VALUE;
		}
		// nothing is stored above the highest int: a floor of it claims nothing more
		return (abovePriority == Integer.MAX_VALUE) ? Integer.MAX_VALUE : abovePriority + 1;
	}

}
