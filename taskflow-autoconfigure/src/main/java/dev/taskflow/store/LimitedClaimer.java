package dev.taskflow.store;

import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.dao.DuplicateKeyException;

/**
 * Claims jobs under limits in one transaction: locks the rows of the cluster-wide limits
 * (in one order on every node, so claims never deadlock), reads what they allow by the
 * database's clock, selects candidates with {@code FOR UPDATE SKIP LOCKED}, lets the
 * engine accept them one by one, marks the accepted ones {@code RUNNING} and records the
 * rate permits they used. Two nodes claiming under the same cluster-wide limit take
 * turns; nodes claiming other jobs never wait.
 *
 * @author TaskFlow
 */
final class LimitedClaimer {

	private final StoreSupport store;

	private final String updateSql;

	LimitedClaimer(StoreSupport store) {
		this.store = store;
		this.updateSql = JobClaimer.runningUpdate(store.dialect());
	}

	/**
	 * Create the permit rows of these limits where they are missing.
	 * @param limits the limits
	 */
	void ensurePermits(List<ClusterLimit> limits) {
		SqlDialect dialect = this.store.dialect();
		String insert = dialect.insertIgnoringDuplicateKey("taskflow_permit", "slot", "name, slot, granted_at",
				"?, ?, NULL");
		for (ClusterLimit limit : limits) {
			List<Integer> existing = this.store.jdbc()
				.queryForList("SELECT slot FROM taskflow_permit WHERE name = ?", Integer.class, limit.name());
			for (int slot = 0; slot < limit.slots(); slot++) {
				if (existing.contains(slot)) {
					continue;
				}
				int free = slot;
				try {
					this.store.autoCommitted(() -> this.store.jdbc()
						.update((insert != null) ? insert
								: "INSERT INTO taskflow_permit (name, slot, granted_at) VALUES (?, ?, NULL)",
								limit.name(), free));
				}
				catch (DuplicateKeyException ex) {
					// another node created it meanwhile
				}
			}
		}
	}

	List<ClaimedJob> claim(String nodeId, Duration lease, LimitedClaim claim) {
		long leaseMicros = lease.toNanos() / 1000;
		return this.store.inTransaction(() -> claimInTransaction(nodeId, leaseMicros, claim));
	}

	private List<ClaimedJob> claimInTransaction(String nodeId, long leaseMicros, LimitedClaim claim) {
		List<ClusterLimit> limits = new ArrayList<>(claim.clusterLimits());
		limits.sort(Comparator.comparing(ClusterLimit::name));
		Locked locked = lockPermits(limits);
		Map<ClusterLimit, List<Slot>> slots = locked.slots();
		Instant now = locked.now();
		Map<ClusterLimit, ClusterLimitState> states = new LinkedHashMap<>();
		for (ClusterLimit limit : limits) {
			states.put(limit, state(limit, slots.getOrDefault(limit, List.of()), now));
		}
		CandidateQuery query = claim.query(states);
		if (query == null || query.handlers().isEmpty() || query.window() <= 0) {
			return List.of();
		}
		List<Object> parameters = new ArrayList<>();
		String sql = candidateSql(query, parameters);
		List<Candidate> candidates = this.store.jdbc().query((connection) -> {
			PreparedStatement ps = connection.prepareStatement(sql);
			for (int i = 0; i < parameters.size(); i++) {
				ps.setObject(i + 1, parameters.get(i));
			}
			return ps;
		}, (rs, row) -> new Candidate(JobClaimer.claimed(this.store.dialect(), rs, 1), rs.getInt("key_running")));
		List<ClaimedJob> accepted = new ArrayList<>();
		for (Candidate candidate : candidates) {
			if (claim.accept(candidate.job(), candidate.keyRunning())) {
				accepted.add(candidate.job());
			}
		}
		JobClaimer.markRunning(this.store, this.updateSql, nodeId, leaseMicros, accepted);
		for (ClusterLimit limit : limits) {
			if (limit.kind() == ClusterLimit.Kind.RATE) {
				grant(limit, slots.getOrDefault(limit, List.of()), now, claim.rateUsed(limit));
			}
		}
		return accepted;
	}

	private Locked lockPermits(List<ClusterLimit> limits) {
		Map<ClusterLimit, List<Slot>> slots = new HashMap<>();
		if (limits.isEmpty()) {
			return new Locked(slots, null);
		}
		Map<String, ClusterLimit> byName = limits.stream()
			.collect(Collectors.toMap(ClusterLimit::name, (limit) -> limit, (a, b) -> a));
		SqlDialect dialect = this.store.dialect();
		String sql = "SELECT name, slot, granted_at FROM taskflow_permit WHERE name IN ("
				+ StoreSupport.placeholders(byName.size()) + ") ORDER BY name, slot FOR UPDATE";
		this.store.jdbc().query(sql, (rs) -> {
			ClusterLimit limit = byName.get(rs.getString("name"));
			int slot = rs.getInt("slot");
			if (slot < limit.slots()) {
				slots.computeIfAbsent(limit, (key) -> new ArrayList<>())
					.add(new Slot(slot, dialect.getTimestamp(rs, "granted_at")));
			}
		}, byName.keySet().toArray());
		// the time once the locks are held: a claim that waited for another node's must
		// not count from before it waited
		Instant now = dialect.currentTime(this.store.jdbc());
		return new Locked(slots, now);
	}

	private ClusterLimitState state(ClusterLimit limit, List<Slot> slots, Instant now) {
		switch (limit.kind()) {
			case RATE -> {
				long soonest = Long.MAX_VALUE;
				int free = 0;
				for (Slot slot : slots) {
					long waited = (slot.grantedAt() == null) ? Long.MAX_VALUE
							: ChronoUnit.MICROS.between(slot.grantedAt(), now);
					if (waited >= limit.periodMicros()) {
						free++;
					}
					else {
						soonest = Math.min(soonest, limit.periodMicros() - waited);
					}
				}
				return new ClusterLimitState(free, (free > 0 || soonest == Long.MAX_VALUE) ? 0 : soonest);
			}
			case CONCURRENCY -> {
				if (slots.isEmpty()) {
					// its row is missing: nothing to lock, so nothing may run under it
					return new ClusterLimitState(0, 0);
				}
				String where = (limit.column() != null) ? " AND " + limit.column() + " = ?" : "";
				Object[] arguments = (limit.column() != null) ? new Object[] { limit.value() } : new Object[0];
				Integer running = this.store.jdbc()
					.queryForObject("SELECT COUNT(*) FROM taskflow_job WHERE status = 'RUNNING'" + where, Integer.class,
							arguments);
				return new ClusterLimitState(Math.max(0, limit.limit() - ((running != null) ? running : 0)), 0);
			}
			default -> {
				return new ClusterLimitState(slots.isEmpty() ? 0 : Integer.MAX_VALUE, 0);
			}
		}
	}

	private void grant(ClusterLimit limit, List<Slot> slots, Instant now, int used) {
		if (used <= 0) {
			return;
		}
		// the free slots granted longest ago first
		List<Integer> granted = slots.stream()
			.filter((slot) -> slot.grantedAt() == null
					|| ChronoUnit.MICROS.between(slot.grantedAt(), now) >= limit.periodMicros())
			.sorted(Comparator.comparing(Slot::grantedAt, Comparator.nullsFirst(Comparator.naturalOrder())))
			.limit(used)
			.map(Slot::slot)
			.toList();
		if (granted.size() < used) {
			throw new IllegalStateException("Claimed " + used + " jobs under " + limit.name() + " with only "
					+ granted.size() + " permit(s) free");
		}
		List<Object> arguments = new ArrayList<>();
		arguments.add(limit.name());
		arguments.addAll(granted);
		SqlDialect dialect = this.store.dialect();
		this.store.jdbc().update((connection) -> {
			PreparedStatement ps = connection
				.prepareStatement("UPDATE taskflow_permit SET granted_at = " + dialect.timestampParameter()
						+ " WHERE name = ? AND slot IN (" + StoreSupport.placeholders(granted.size()) + ")");
			dialect.setTimestamp(ps, 1, now);
			for (int i = 0; i < arguments.size(); i++) {
				ps.setObject(i + 2, arguments.get(i));
			}
			return ps;
		});
	}

	private String candidateSql(CandidateQuery query, List<Object> parameters) {
		SqlDialect dialect = this.store.dialect();
		StringBuilder sql = new StringBuilder("SELECT ").append(prefixed(JobClaimer.CLAIMED_COLUMNS));
		Map<String, Integer> keyed = query.keyedHandlers();
		String keyRunning = "(SELECT COUNT(*) FROM taskflow_job r WHERE r.status = 'RUNNING'"
				+ " AND r.concurrency_key = j.concurrency_key AND r.handler = j.handler)";
		sql.append(", ").append(keyed.isEmpty() ? "0" : keyRunning).append(" AS key_running");
		sql.append(" FROM taskflow_job j WHERE j.status = 'PENDING' AND j.run_at <= ").append(dialect.now());
		in(sql, parameters, "j.handler", query.handlers(), false);
		if (query.limitedHandlers() != null || query.limitedQueues() != null) {
			List<String> handlers = (query.limitedHandlers() != null) ? query.limitedHandlers() : List.of();
			List<String> queues = (query.limitedQueues() != null) ? query.limitedQueues() : List.of();
			sql.append(" AND (1 = 0");
			if (!handlers.isEmpty()) {
				sql.append(" OR j.handler IN (").append(StoreSupport.placeholders(handlers.size())).append(")");
				parameters.addAll(handlers);
			}
			if (!queues.isEmpty()) {
				sql.append(" OR j.queue IN (").append(StoreSupport.placeholders(queues.size())).append(")");
				parameters.addAll(queues);
			}
			sql.append(")");
		}
		if (!query.excludedQueues().isEmpty()) {
			in(sql, parameters, "j.queue", query.excludedQueues(), true);
		}
		if (query.onlyQueues() != null) {
			if (query.onlyQueues().isEmpty()) {
				sql.append(" AND 1 = 0");
			}
			else {
				in(sql, parameters, "j.queue", query.onlyQueues(), false);
			}
		}
		if (query.abovePriority() == CandidateQuery.ALL_PRIORITIES || query.priorityExemptQueues().isEmpty()) {
			// see CandidateQuery.priorityFloor for why the condition is there for every
			// priority too
			sql.append(" AND j.priority >= ?");
			parameters.add(CandidateQuery.priorityFloor(query.abovePriority()));
		}
		else {
			sql.append(" AND (j.priority > ?");
			parameters.add(query.abovePriority());
			sql.append(" OR j.queue IN (")
				.append(StoreSupport.placeholders(query.priorityExemptQueues().size()))
				.append("))");
			parameters.addAll(query.priorityExemptQueues());
		}
		sql.append(" AND j.queue NOT IN (SELECT name FROM taskflow_queue WHERE paused = TRUE)");
		if (!keyed.isEmpty()) {
			// a key that has its fill of running jobs is left out in the query, or its
			// backlog would fill the window and hold back every other key
			sql.append(" AND (j.concurrency_key IS NULL OR j.handler NOT IN (")
				.append(StoreSupport.placeholders(keyed.size()))
				.append(") OR ")
				.append(keyRunning)
				.append(" < CASE j.handler");
			parameters.addAll(keyed.keySet());
			keyed.forEach((handler, perKey) -> {
				sql.append(" WHEN ? THEN ?");
				parameters.add(handler);
				parameters.add(perKey);
			});
			sql.append(" END)");
		}
		sql.append(" ORDER BY j.priority DESC, j.run_at").append(dialect.limitParameter());
		parameters.add(query.window());
		sql.append(" FOR UPDATE SKIP LOCKED");
		return sql.toString();
	}

	private static void in(StringBuilder sql, List<Object> parameters, String column, List<String> values,
			boolean not) {
		if (values.isEmpty()) {
			sql.append(not ? "" : " AND 1 = 0");
			return;
		}
		sql.append(" AND ")
			.append(column)
			.append(not ? " NOT IN (" : " IN (")
			.append(StoreSupport.placeholders(values.size()))
			.append(")");
		parameters.addAll(values);
	}

	private static String prefixed(String columns) {
		return Arrays.stream(columns.split(","))
			.map((column) -> "j." + column.trim())
			.collect(Collectors.joining(", "));
	}

	private record Slot(int slot, Instant grantedAt) {
	}

	private record Locked(Map<ClusterLimit, List<Slot>> slots, Instant now) {
	}

	private record Candidate(ClaimedJob job, int keyRunning) {
	}

}
