package dev.taskflow.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import org.springframework.dao.DuplicateKeyException;

/**
 * {@code taskflow_schedule}, and the occurrence jobs schedules enqueue. Firing a schedule
 * is one transaction: the due row is locked ({@code FOR UPDATE SKIP LOCKED}, so nodes
 * never wait on each other), its occurrences inserted and its next fire time advanced. A
 * unique index on {@code (schedule_name, fire_time)} makes a second job for one fire time
 * impossible, whichever node or path tries.
 *
 * @author TaskFlow
 */
public final class ScheduleStore {

	private static final String COLUMNS = "name, kind, expression, zone, handler, payload, queue, priority, misfire,"
			+ " overlap, paused, declared, definition_hash, next_fire_at, last_fire_at, skipped_count, last_skipped_at,"
			+ " last_skip_reason";

	private static final String OCCURRENCE_COLUMNS = "id, handler, queue, status, priority, run_at, attempt,"
			+ " max_attempts, payload, created_at, schedule_name, fire_time";

	private final StoreSupport store;

	private final InsertingSessions sessions;

	private final String insertOccurrence;

	private final String insertOccurrenceIgnoringDuplicate;

	ScheduleStore(StoreSupport store, InsertingSessions sessions) {
		this.store = store;
		this.sessions = sessions;
		SqlDialect dialect = store.dialect();
		String values = "?, ?, ?, 'PENDING', ?, " + dialect.now() + ", 0, ?, " + dialect.jsonParameter() + ", "
				+ dialect.now() + ", ?, ?";
		this.insertOccurrence = "INSERT INTO taskflow_job (" + OCCURRENCE_COLUMNS + ") VALUES (" + values + ")";
		this.insertOccurrenceIgnoringDuplicate = dialect.insertIgnoringDuplicateKey("taskflow_job", "id",
				OCCURRENCE_COLUMNS, values);
	}

	/**
	 * Run the work in one transaction (the caller's, if there is one).
	 * @param <T> the result type
	 * @param work the work
	 * @return its result
	 */
	public <T> T inTransaction(Supplier<T> work) {
		return this.store.inCallerTransaction(work);
	}

	/**
	 * Read a schedule.
	 * @param name its name
	 * @return the schedule, or empty
	 */
	public Optional<ScheduleRecord> find(String name) {
		return this.store.jdbc()
			.query("SELECT " + COLUMNS + " FROM taskflow_schedule WHERE name = ?", this::record, name)
			.stream()
			.findFirst();
	}

	/**
	 * Read a schedule and lock its row until the transaction ends. Call in
	 * {@link #inTransaction(Supplier)}.
	 * @param name its name
	 * @return the schedule, or empty
	 */
	public Optional<ScheduleRecord> lock(String name) {
		return this.store.jdbc()
			.query("SELECT " + COLUMNS + " FROM taskflow_schedule WHERE name = ? FOR UPDATE", this::record, name)
			.stream()
			.findFirst();
	}

	/**
	 * All schedules, by name.
	 * @return the schedules
	 */
	public List<ScheduleRecord> list() {
		return this.store.jdbc().query("SELECT " + COLUMNS + " FROM taskflow_schedule ORDER BY name", this::record);
	}

	/**
	 * Lock the schedules that are due and not locked by another node. Call in
	 * {@link #inTransaction(Supplier)}.
	 * @param now the current time
	 * @param limit the most schedules to lock
	 * @return the due schedules
	 */
	public List<ScheduleRecord> lockDue(Instant now, int limit) {
		String sql = "SELECT " + COLUMNS + " FROM taskflow_schedule WHERE paused = ? AND next_fire_at <= ?"
				+ " ORDER BY next_fire_at" + this.store.dialect().limitParameter() + " FOR UPDATE SKIP LOCKED";
		return this.store.jdbc().query(sql, (ps) -> {
			ps.setBoolean(1, false);
			this.store.dialect().setTimestamp(ps, 2, now);
			ps.setInt(3, limit);
		}, this::record);
	}

	/**
	 * The database's clock and the earliest next fire time of the active schedules.
	 * @return both, the fire time {@code null} when nothing is scheduled
	 */
	public DueTime nextDue() {
		SqlDialect dialect = this.store.dialect();
		String sql = "SELECT " + dialect.now()
				+ " AS db_now, MIN(next_fire_at) AS next_due FROM taskflow_schedule WHERE paused = ?";
		return this.store.jdbc()
			.query(sql, (ps) -> ps.setBoolean(1, false),
					(rs, row) -> new DueTime(dialect.getTimestamp(rs, "db_now"), dialect.getTimestamp(rs, "next_due")))
			.get(0);
	}

	/**
	 * Insert a new schedule, unless one of its name exists (then nothing changes, and the
	 * transaction stays usable).
	 * @param schedule the schedule
	 */
	public void insertIfAbsent(ScheduleRecord schedule) {
		SqlDialect dialect = this.store.dialect();
		String values = StoreSupport.placeholders(5) + ", " + dialect.jsonParameter() + ", "
				+ StoreSupport.placeholders(12) + ", " + dialect.now() + ", " + dialect.now();
		String columns = COLUMNS + ", created_at, updated_at";
		String ignoring = dialect.insertIgnoringDuplicateKey("taskflow_schedule", "name", columns, values);
		if (ignoring != null) {
			this.store.autoCommitted(() -> this.store.jdbc().update(ignoring, (ps) -> bind(ps, schedule)));
			return;
		}
		try {
			// H2: a failed statement does not abort its transaction
			this.store.autoCommitted(() -> this.store.jdbc()
				.update("INSERT INTO taskflow_schedule (" + columns + ") VALUES (" + values + ")",
						(ps) -> bind(ps, schedule)));
		}
		catch (DuplicateKeyException ex) {
			// another node created it
		}
	}

	/**
	 * Write every column of a schedule.
	 * @param schedule the schedule
	 * @return {@code false} if there is no schedule of its name
	 */
	public boolean update(ScheduleRecord schedule) {
		SqlDialect dialect = this.store.dialect();
		String sql = "UPDATE taskflow_schedule SET kind = ?, expression = ?, zone = ?, handler = ?, payload = "
				+ dialect.jsonParameter() + ", queue = ?, priority = ?, misfire = ?, overlap = ?, paused = ?,"
				+ " declared = ?, definition_hash = ?, next_fire_at = ?, last_fire_at = ?, skipped_count = ?,"
				+ " last_skipped_at = ?, last_skip_reason = ?, updated_at = " + dialect.now() + " WHERE name = ?";
		return this.store.autoCommitted(() -> this.store.jdbc().update(sql, (ps) -> {
			bindDefinitionAndState(ps, 1, schedule);
			ps.setString(18, schedule.name());
		})) > 0;
	}

	/**
	 * Delete a schedule.
	 * @param name its name
	 * @return {@code true} if there was one
	 */
	public boolean delete(String name) {
		return this.store
			.autoCommitted(() -> this.store.jdbc().update("DELETE FROM taskflow_schedule WHERE name = ?", name)) > 0;
	}

	/**
	 * Delete a schedule if it was declared in code or properties.
	 * @param name its name
	 * @return {@code true} if there was one
	 */
	public boolean deleteDeclared(String name) {
		return this.store.autoCommitted(() -> this.store.jdbc()
			.update("DELETE FROM taskflow_schedule WHERE name = ? AND declared = ?", name, true)) > 0;
	}

	/**
	 * Whether an occurrence of the schedule is still pending or running.
	 * @param name the schedule's name
	 * @return {@code true} if one is
	 */
	public boolean hasActiveOccurrence(String name) {
		Integer count = this.store.jdbc()
			.queryForObject(
					"SELECT COUNT(*) FROM taskflow_job WHERE schedule_name = ? AND status IN ('PENDING', 'RUNNING')",
					Integer.class, name);
		return count != null && count > 0;
	}

	/**
	 * Insert occurrence jobs; a fire time that already has a job gets no second one. Call
	 * in {@link #inTransaction(Supplier)}.
	 * @param occurrences the occurrences, all of one schedule
	 * @return the ids of the jobs inserted
	 */
	public Set<UUID> insertOccurrences(List<Occurrence> occurrences) {
		if (occurrences.isEmpty()) {
			return Set.of();
		}
		SqlDialect dialect = this.store.dialect();
		if (this.insertOccurrenceIgnoringDuplicate != null) {
			this.store.jdbc()
				.batchUpdate(this.insertOccurrenceIgnoringDuplicate, occurrences, occurrences.size(),
						(ps, occurrence) -> bindOccurrence(dialect, ps, occurrence));
		}
		else {
			// H2: no conflict clause; a failed statement does not abort its transaction
			for (Occurrence occurrence : occurrences) {
				try {
					this.store.jdbc().update(this.insertOccurrence, (ps) -> bindOccurrence(dialect, ps, occurrence));
				}
				catch (DuplicateKeyException ex) {
					// the fire time has its job already
				}
			}
		}
		return insertedIds(occurrences);
	}

	private Set<UUID> insertedIds(List<Occurrence> occurrences) {
		Set<UUID> ours = new HashSet<>();
		List<Instant> fireTimes = new ArrayList<>();
		for (Occurrence occurrence : occurrences) {
			ours.add(occurrence.id());
			fireTimes.add(occurrence.fireTime());
		}
		SqlDialect dialect = this.store.dialect();
		Set<UUID> inserted = new HashSet<>();
		String sql = "SELECT id FROM taskflow_job WHERE schedule_name = ? AND fire_time IN ("
				+ StoreSupport.placeholders(fireTimes.size()) + ")";
		this.store.jdbc().query(sql, (ps) -> {
			ps.setString(1, occurrences.get(0).scheduleName());
			for (int i = 0; i < fireTimes.size(); i++) {
				dialect.setTimestamp(ps, i + 2, fireTimes.get(i));
			}
		}, (ResultSet rs) -> {
			UUID id = dialect.getId(rs, "id");
			if (ours.contains(id)) {
				inserted.add(id);
			}
		});
		return inserted;
	}

	/**
	 * The names of the schedules declared in code or properties.
	 * @return the names
	 */
	public Collection<String> declaredNames() {
		return this.store.jdbc()
			.queryForList("SELECT name FROM taskflow_schedule WHERE declared = ? ORDER BY name", String.class, true);
	}

	private void bindOccurrence(SqlDialect dialect, PreparedStatement ps, Occurrence occurrence) throws SQLException {
		this.sessions.inserted(dialect.sessionId(ps.getConnection()));
		dialect.setId(ps, 1, occurrence.id());
		ps.setString(2, occurrence.handler());
		ps.setString(3, occurrence.queue());
		ps.setInt(4, occurrence.priority());
		ps.setInt(5, occurrence.maxAttempts());
		setJson(ps, 6, occurrence.payload());
		ps.setString(7, occurrence.scheduleName());
		dialect.setTimestamp(ps, 8, occurrence.fireTime());
	}

	private void bind(PreparedStatement ps, ScheduleRecord schedule) throws SQLException {
		ps.setString(1, schedule.name());
		bindDefinitionAndState(ps, 2, schedule);
	}

	// kind .. last_skip_reason: 17 parameters from the given index
	private void bindDefinitionAndState(PreparedStatement ps, int from, ScheduleRecord schedule) throws SQLException {
		SqlDialect dialect = this.store.dialect();
		ps.setString(from, schedule.kind());
		ps.setString(from + 1, schedule.expression());
		ps.setString(from + 2, schedule.zone());
		ps.setString(from + 3, schedule.handler());
		setJson(ps, from + 4, schedule.payload());
		ps.setString(from + 5, schedule.queue());
		ps.setInt(from + 6, schedule.priority());
		ps.setString(from + 7, schedule.misfire());
		ps.setString(from + 8, schedule.overlap());
		ps.setBoolean(from + 9, schedule.paused());
		ps.setBoolean(from + 10, schedule.declared());
		ps.setString(from + 11, schedule.definitionHash());
		dialect.setTimestamp(ps, from + 12, schedule.nextFireAt());
		dialect.setTimestamp(ps, from + 13, schedule.lastFireAt());
		ps.setLong(from + 14, schedule.skippedCount());
		dialect.setTimestamp(ps, from + 15, schedule.lastSkippedAt());
		ps.setString(from + 16, schedule.lastSkipReason());
	}

	private static void setJson(PreparedStatement ps, int index, String json) throws SQLException {
		if (json != null) {
			ps.setString(index, json);
		}
		else {
			ps.setNull(index, Types.VARCHAR);
		}
	}

	private ScheduleRecord record(ResultSet rs, int row) throws SQLException {
		SqlDialect dialect = this.store.dialect();
		return new ScheduleRecord(rs.getString("name"), rs.getString("kind"), rs.getString("expression"),
				rs.getString("zone"), rs.getString("handler"), rs.getString("payload"), rs.getString("queue"),
				rs.getInt("priority"), rs.getString("misfire"), rs.getString("overlap"), rs.getBoolean("paused"),
				rs.getBoolean("declared"), rs.getString("definition_hash"), dialect.getTimestamp(rs, "next_fire_at"),
				dialect.getTimestamp(rs, "last_fire_at"), rs.getLong("skipped_count"),
				dialect.getTimestamp(rs, "last_skipped_at"), rs.getString("last_skip_reason"));
	}

	/**
	 * The database's clock and the earliest next fire time.
	 *
	 * @param databaseNow the database's clock when read
	 * @param nextDue the earliest next fire time of an active schedule, or {@code null}
	 */
	public record DueTime(Instant databaseNow, Instant nextDue) {

	}

}
