package dev.taskflow.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.taskflow.testsupport.PostgresTestSchema;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node that claims from a backlog in a job table PostgreSQL has no statistics of yet
 * has it analyzed: without them a cached claim plan sorted every due job for each claim
 * (60 ms a claim with 100,000 due; {@code deep_history}'s drain on a new table ran at a
 * quarter of the speed until autovacuum came by). Autovacuum is off on the test's table,
 * so only the node can have analyzed it.
 *
 * @author TaskFlow
 */
class PostgresMissingStatisticsIntegrationTests {

	private static final int DUE_JOBS = 150_000;

	private PostgresTestSchema schema;

	private DataSource dataSource;

	@BeforeEach
	void createTablesWithoutStatistics() throws Exception {
		// every claim with the plan a node's claim gets once PostgreSQL caches it
		this.schema = PostgresTestSchema.create("taskflow_stats_", "options=-c%20plan_cache_mode%3Dforce_generic_plan");
		this.dataSource = this.schema.dataSource();
		try (Connection connection = this.dataSource.getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("ALTER TABLE taskflow_job SET (autovacuum_enabled = false)");
		}
	}

	@AfterEach
	void dropSchema() throws SQLException {
		this.schema.close();
	}

	@Test
	void claimsFromABacklogWithoutStatisticsHaveTheTableAnalyzed() throws SQLException {
		insertDueJobs(DUE_JOBS);
		assertThat(analyzed()).isFalse();
		JobClaimer claimer = claimer();
		for (int claim = 0; claim < 3; claim++) {
			assertThat(claimer.claim("plan-node", 100, Duration.ofMinutes(1), CandidateQuery.ALL_PRIORITIES))
				.hasSize(100);
		}
		assertThat(analyzed()).isTrue();
	}

	@Test
	void claimsThatEmptyTheBacklogLeaveTheTableAlone() throws SQLException {
		insertDueJobs(50);
		JobClaimer claimer = claimer();
		assertThat(claimer.claim("plan-node", 100, Duration.ofMinutes(1), CandidateQuery.ALL_PRIORITIES)).hasSize(50);
		assertThat(analyzed()).isFalse();
	}

	private JobClaimer claimer() {
		return new JobClaimer(new StoreSupport(this.dataSource, SqlDialect.of(this.dataSource)), List.of("plan.probe"),
				List.of());
	}

	private void insertDueJobs(int count) throws SQLException {
		try (Connection connection = this.dataSource.getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("INSERT INTO taskflow_job (id, handler, queue, status, priority, run_at, attempt,"
					+ " max_attempts, created_at) SELECT gen_random_uuid(), 'plan.probe', 'default', 'PENDING', 0,"
					+ " now() - interval '1 second', 0, 3, now() FROM generate_series(1, " + count + ")");
		}
	}

	private boolean analyzed() throws SQLException {
		try (Connection connection = this.dataSource.getConnection();
				Statement statement = connection.createStatement();
				// the planner's size of the table: 0 pages until it is analyzed or
				// vacuumed
				ResultSet row = statement
					.executeQuery("SELECT relpages > 0 FROM pg_class WHERE oid = CAST('taskflow_job' AS regclass)")) {
			row.next();
			return row.getBoolean(1);
		}
	}

}
