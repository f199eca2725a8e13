package dev.taskflow.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.taskflow.testsupport.PostgresTestSchema;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The claim keeps to the claim index in priority order on a job table PostgreSQL has no
 * statistics of yet (new, or truncated, before autovacuum analyzes it). A claim without a
 * priority condition got a bitmap scan of every pending job and a sort instead, for every
 * claim: the drain was several times slower, and slower the deeper the backlog.
 *
 * @author TaskFlow
 */
class PostgresClaimPlanIntegrationTests {

	private static final int PENDING_JOBS = 20_000;

	private PostgresTestSchema schema;

	private DataSource dataSource;

	@BeforeEach
	void createTablesWithoutStatistics() throws Exception {
		this.schema = PostgresTestSchema.create("taskflow_plan_");
		this.dataSource = this.schema.dataSource();
		try (Connection connection = this.dataSource.getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("INSERT INTO taskflow_job (id, handler, queue, status, priority, run_at, attempt,"
					+ " max_attempts, created_at) SELECT gen_random_uuid(), 'plan.probe', 'default', 'PENDING',"
					+ " g % 20, now() - interval '1 second', 0, 3, now() FROM generate_series(1, " + PENDING_JOBS
					+ ") AS g");
			try (ResultSet row = statement.executeQuery("SELECT s.n_live_tup, s.last_analyze, s.last_autoanalyze"
					+ " FROM pg_stat_user_tables s WHERE s.schemaname = current_schema() AND s.relname = 'taskflow_job'")) {
				row.next();
				// what this test is about: no statistics (were the table analyzed, any
				// claim would do)
				assertThat(row.getObject("last_analyze")).isNull();
				assertThat(row.getObject("last_autoanalyze")).isNull();
			}
		}
	}

	@AfterEach
	void dropSchema() throws SQLException {
		this.schema.close();
	}

	@ParameterizedTest
	@ValueSource(strings = { "force_custom_plan", "force_generic_plan" })
	void claimOfEveryPriorityScansTheClaimIndexInOrderWithoutStatistics(String planCacheMode) throws SQLException {
		assertThat(plan(CandidateQuery.ALL_PRIORITIES, planCacheMode))
			.contains("Index Scan using taskflow_job_claim_idx")
			.doesNotContain("Sort");
	}

	@ParameterizedTest
	@ValueSource(strings = { "force_custom_plan", "force_generic_plan" })
	void claimAboveAPriorityScansTheClaimIndexInOrderWithoutStatistics(String planCacheMode) throws SQLException {
		assertThat(plan(5, planCacheMode)).contains("Index Scan using taskflow_job_claim_idx").doesNotContain("Sort");
	}

	// the plan of the claim as the node sends it (a prepared statement: custom plans
	// first, then maybe a generic one)
	private String plan(int abovePriority, String planCacheMode) throws SQLException {
		JobClaimer claimer = new JobClaimer(new StoreSupport(this.dataSource, SqlDialect.of(this.dataSource)),
				List.of("plan.probe"), List.of());
		String sql = claimer.sql();
		StringBuilder numbered = new StringBuilder();
		int parameter = 0;
		for (char c : sql.toCharArray()) {
			numbered.append((c == '?') ? "$" + (++parameter) : String.valueOf(c));
		}
		assertThat(parameter).as("parameters of %s", sql).isEqualTo(5);
		StringBuilder plan = new StringBuilder();
		try (Connection connection = this.dataSource.getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("SET plan_cache_mode = " + planCacheMode);
			statement.execute("PREPARE claim_probe (text, bigint, text[], int, int) AS " + numbered);
			connection.setAutoCommit(false);
			try (ResultSet rows = statement.executeQuery("EXPLAIN (ANALYZE, COSTS OFF) EXECUTE claim_probe('plan-node',"
					+ " 30000000, '{plan.probe}', " + CandidateQuery.priorityFloor(abovePriority) + ", 10)")) {
				while (rows.next()) {
					plan.append(rows.getString(1)).append('\n');
				}
			}
			connection.rollback();
		}
		assertThat(plan.toString().toLowerCase(Locale.ROOT)).contains("rows=10");
		return plan.toString();
	}

}
