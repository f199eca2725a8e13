package dev.taskflow.store;

import java.util.List;
import java.util.Map;

/**
 * One claim under limits, decided by the engine inside the claiming transaction: first
 * the cluster-wide limits are locked and read, then the engine names the candidates to
 * look at, then it accepts or refuses each candidate in order. Only accepted jobs become
 * {@code RUNNING}; the rest stay {@code PENDING} for later or for other nodes.
 *
 * @author TaskFlow
 */
public interface LimitedClaim {

	/**
	 * The cluster-wide limits this claim may use, locked for its duration.
	 * @return the limits
	 */
	List<ClusterLimit> clusterLimits();

	/**
	 * The candidates to look at, given what the cluster-wide limits allow now.
	 * @param states each cluster-wide limit's state
	 * @return the query, or {@code null} to claim nothing
	 */
	CandidateQuery query(Map<ClusterLimit, ClusterLimitState> states);

	/**
	 * Accept or refuse a candidate; called in claim order.
	 * @param candidate the candidate, its attempt already counted
	 * @param keyRunning the running jobs of its handler with its concurrency key (0 when
	 * it has none or its handler has no per-key limit)
	 * @return whether to claim it
	 */
	boolean accept(ClaimedJob candidate, int keyRunning);

	/**
	 * The permits of a cluster-wide rate limit the accepted jobs use.
	 * @param limit the limit
	 * @return the permits used
	 */
	int rateUsed(ClusterLimit limit);

}
