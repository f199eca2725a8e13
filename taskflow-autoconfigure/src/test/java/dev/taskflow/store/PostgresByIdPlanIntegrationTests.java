package dev.taskflow.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.taskflow.store.Completion.Outcome;
import dev.taskflow.testsupport.PostgresTestSchema;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The statements that find jobs by id (outcomes, lease renewals, cancels) use the primary
 * key, also when PostgreSQL's statistics say that almost no job runs or waits: the table
 * was analyzed at a quiet moment, and thousands of jobs run now. They used the partial
 * index of the status they check instead, reading every running (or pending) job for each
 * id: on a table of 5,000,000 finished jobs the outcomes of 500 jobs took 600 ms with
 * 3,000 running, the node's unwritten outcomes piled up, and the drain fell to a fifth
 * ({@code deep_history}, docs/benchmarks.md).
 *
 * @author TaskFlow
 */
class PostgresByIdPlanIntegrationTests {

	// enough that reading the whole table costs more than finding 200 rows by key
	private static final int FINISHED_JOBS = 200_000;

	private static final int RUNNING_JOBS = 3_000;

	private static final String NODE = "plan-node";

	private static PostgresTestSchema schema;

	private static DataSource dataSource;

	private static StoreSupport store;

	// once: each test rolls its statement back
	@BeforeAll
	static void analyzeQuietTableThenStartManyJobs() throws Exception {
		schema = PostgresTestSchema.create("taskflow_plan_");
		dataSource = schema.dataSource();
		store = new StoreSupport(dataSource, SqlDialect.of(dataSource));
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute(insert("'SUCCEEDED', NULL, NULL, now() - interval '1 hour', now()", FINISHED_JOBS));
			// the statistics of a quiet moment: nothing runs, nothing waits
			statement.execute("ANALYZE taskflow_job");
			statement
				.execute(insert("'RUNNING', '" + NODE + "', now() + interval '1 hour', now(), NULL", RUNNING_JOBS));
			statement.execute(insert("'PENDING', NULL, NULL, NULL, NULL", RUNNING_JOBS));
		}
	}

	private static String insert(String statusOwnerLeaseStartedFinished, int count) {
		return "INSERT INTO taskflow_job (id, handler, queue, status, owner_node, lease_until, started_at, finished_at,"
				+ " priority, run_at, attempt, max_attempts, created_at) SELECT gen_random_uuid(), 'plan.probe',"
				+ " 'default', " + statusOwnerLeaseStartedFinished + ", 0, now(), 1, 3, now()"
				+ " FROM generate_series(1, " + count + ")";
	}

	@AfterAll
	static void dropSchema() throws SQLException {
		schema.close();
	}

	@ParameterizedTest
	@ValueSource(strings = { "force_custom_plan", "force_generic_plan" })
	void outcomesWithoutResultFindTheirJobsByPrimaryKey(String planCacheMode) throws SQLException {
		List<String> ids = ids("RUNNING", 200);
		String arrays = "ARRAY['" + String.join("', '", ids) + "']::uuid[], ARRAY["
				+ String.join(", ", Collections.nCopies(ids.size(), "1")) + "], ARRAY["
				+ String.join(", ", Collections.nCopies(ids.size(), "'" + NODE + "'")) + "], NULL::text[]";
		String plan = plan(new JobCompleter(store).succeededWithoutResultSql(), "uuid[], int[], text[], text[]", arrays,
				planCacheMode);
		assertThat(plan).contains("taskflow_job_pk").doesNotContain("taskflow_job_lease_idx");
		assertThat(plan).contains("rows=200");
	}

	@ParameterizedTest
	@ValueSource(strings = { "force_custom_plan", "force_generic_plan" })
	void anOutcomeFindsItsJobByPrimaryKey(String planCacheMode) throws SQLException {
		String plan = plan(new JobCompleter(store).outcomeSql(Outcome.FAILED), "text, uuid, int",
				"'boom', '" + ids("RUNNING", 1).get(0) + "', 1", planCacheMode);
		assertThat(plan).contains("taskflow_job_pk").doesNotContain("taskflow_job_lease_idx");
	}

	@ParameterizedTest
	@ValueSource(strings = { "force_custom_plan", "force_generic_plan" })
	void leaseRenewalFindsItsJobsByPrimaryKey(String planCacheMode) throws SQLException {
		List<String> ids = ids("RUNNING", 3);
		String sql = String.format(new JobLeases(store).extendSql(), StoreSupport.placeholders(3));
		String plan = plan(sql, "bigint, text, uuid, uuid, uuid",
				"30000000, '" + NODE + "', '" + String.join("', '", ids) + "'", planCacheMode);
		assertThat(plan).contains("taskflow_job_pk").doesNotContain("taskflow_job_lease_idx");
	}

	@ParameterizedTest
	@ValueSource(strings = { "force_custom_plan", "force_generic_plan" })
	void cancelFindsItsJobByPrimaryKey(String planCacheMode) throws SQLException {
		String plan = plan(new JobRecords(store).cancelSql(), "uuid", "'" + ids("PENDING", 1).get(0) + "'",
				planCacheMode);
		assertThat(plan).contains("taskflow_job_pk").doesNotContain("taskflow_job_claim_idx");
	}

	private static List<String> ids(String status, int count) throws SQLException {
		List<String> ids = new ArrayList<>();
		try (Connection connection = dataSource.getConnection();
				Statement statement = connection.createStatement();
				ResultSet rows = statement
					.executeQuery("SELECT id FROM taskflow_job WHERE status = '" + status + "' LIMIT " + count)) {
			while (rows.next()) {
				ids.add(rows.getString(1));
			}
		}
		return ids;
	}

	// the plan of the statement as the node sends it (a prepared statement: custom plans
	// first, then maybe a generic one), run and rolled back
	private static String plan(String sql, String parameterTypes, String arguments, String planCacheMode)
			throws SQLException {
		StringBuilder numbered = new StringBuilder();
		int parameter = 0;
		for (char c : sql.toCharArray()) {
			numbered.append((c == '?') ? "$" + (++parameter) : String.valueOf(c));
		}
		assertThat(parameter).as("parameters of %s", sql).isEqualTo(parameterTypes.split(",").length);
		StringBuilder plan = new StringBuilder();
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			statement.execute("SET plan_cache_mode = " + planCacheMode);
			statement.execute("PREPARE by_id_probe (" + parameterTypes + ") AS " + numbered);
			connection.setAutoCommit(false);
			try (ResultSet rows = statement
				.executeQuery("EXPLAIN (ANALYZE, COSTS OFF) EXECUTE by_id_probe(" + arguments + ")")) {
				while (rows.next()) {
					plan.append(rows.getString(1)).append('\n');
				}
			}
			connection.rollback();
		}
		return plan.toString();
	}

}
