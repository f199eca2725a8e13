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
	 * The {@code abovePriority} of a claim that takes jobs of every priority: no priority
	 * condition at all, so that no stored priority, however low, is left out.
	 */
	public static final int ALL_PRIORITIES = Integer.MIN_VALUE;

}
