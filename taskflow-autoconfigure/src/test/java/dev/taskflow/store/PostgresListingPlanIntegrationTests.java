package dev.taskflow.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import dev.taskflow.JobQuery;
import dev.taskflow.JobStatus;
import dev.taskflow.testsupport.PostgresTestSchema;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Listing by status, queue or handler (each alone or with a creation time range), with no
 * filter, and the page after a cursor read the listing indexes on PostgreSQL, in their
 * order, and stop at the limit: no sequential scan, and no sort but of the pending and
 * running jobs, which those indexes leave out. On a job table of 200,000 jobs of which
 * most succeeded, with statistics, as a table in use has. The plans of every database are
 * in docs/query-plans.md.
 *
 * @author TaskFlow
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresListingPlanIntegrationTests {

	private static final int JOBS = 200_000;

	private PostgresTestSchema schema;

	private DataSource dataSource;

	private final Instant from = Instant.now().minus(Duration.ofDays(20));

	private final Instant to = Instant.now().minus(Duration.ofDays(19));

	@BeforeAll
	void createJobs() throws Exception {
		this.schema = PostgresTestSchema.create("taskflow_list_");
		this.dataSource = this.schema.dataSource();
		try (Connection connection = this.dataSource.getConnection();
				Statement statement = connection.createStatement()) {
			// over 30 days: 90% succeeded, 3% failed, 1% cancelled, the rest pending; one
			// queue and one handler of 20 take most jobs
			statement.execute("""
					INSERT INTO taskflow_job (id, handler, queue, status, priority, run_at, attempt, max_attempts,
						created_at, finished_at, correlation_id)
					SELECT gen_random_uuid(), CASE WHEN mod(g, 5) = 0 THEN 'h' || mod(g, 20) ELSE 'email.send' END,
						CASE WHEN mod(g, 4) = 0 THEN 'q' || mod(g, 20) ELSE 'default' END,
						CASE WHEN mod(g, 100) < 90 THEN 'SUCCEEDED' WHEN mod(g, 100) < 93 THEN 'FAILED'
							WHEN mod(g, 100) < 94 THEN 'CANCELLED' ELSE 'PENDING' END, 0, c, 1, 3, c,
						CASE WHEN mod(g, 100) < 94 THEN c END, CASE WHEN mod(g, 3) = 0 THEN 'order-' || (g / 6) END
					FROM (SELECT g, now() - interval '30 days' + g * interval '30 days' / %d AS c
						FROM generate_series(1, %d) AS g) AS jobs""".formatted(JOBS, JOBS));
			statement.execute("ANALYZE taskflow_job");
		}
	}

	@AfterAll
	void dropSchema() throws SQLException {
		this.schema.close();
	}

	@Test
	void finishedJobsByStatusQueueOrHandlerAreReadInOrderFromTheirIndex() throws SQLException {
		for (JobQuery query : List.of(JobQuery.all().status(JobStatus.FAILED),
				JobQuery.all().status(JobStatus.SUCCEEDED), JobQuery.all().queue("q4").status(JobStatus.SUCCEEDED),
				JobQuery.all().queue("default").finishedBefore(Instant.now()),
				JobQuery.all().handler("h5").finishedBefore(Instant.now()),
				JobQuery.all().handler("email.send").finishedBefore(Instant.now()))) {
			for (JobQuery each : List.of(query, query.createdAfter(this.from).createdBefore(this.to))) {
				String index = (each.getHandler() != null) ? "handler" : (each.getQueue() != null) ? "queue" : "status";
				assertThat(plan(each)).as("plan of %s", each)
					.contains("Index Scan Backward using taskflow_job_" + index + "_created_idx")
					.doesNotContain("Sort", "Seq Scan");
			}
		}
	}

	@Test
	void jobsOfACorrelationIdAreReadFromItsIndex() throws SQLException {
		for (JobQuery query : List.of(JobQuery.all().correlationId("order-42"),
				JobQuery.all().correlationId("order-42").status(JobStatus.SUCCEEDED, JobStatus.PENDING),
				JobQuery.all().correlationId("order-42").queue("default").createdAfter(this.from))) {
			assertThat(plan(query)).as("plan of %s", query)
				.contains("taskflow_job_correlation_id_created_idx")
				.doesNotContain("Seq Scan");
		}
	}

	@Test
	void everyJobMergesOneBranchPerStatus() throws SQLException {
		for (JobQuery query : List.of(JobQuery.all(), JobQuery.all().createdAfter(this.from).createdBefore(this.to),
				JobQuery.all().status(JobStatus.FAILED, JobStatus.CANCELLED, JobStatus.PENDING))) {
			String plan = plan(query);
			assertThat(plan).as("plan of %s", query)
				.contains("Merge Append", "Index Scan Backward using taskflow_job_status_created_idx")
				.doesNotContain("Seq Scan");
			// pending jobs come from the claim index, sorted
			assertThat(plan).as("plan of %s", query).contains("taskflow_job_claim_idx");
		}
	}

	@Test
	void pendingAndRunningJobsOfAQueueOrHandlerAreBranchesOfTheirOwn() throws SQLException {
		for (JobQuery query : List.of(JobQuery.all().queue("q4"), JobQuery.all().handler("h5"),
				JobQuery.all().queue("default").createdAfter(this.from).createdBefore(this.to))) {
			String index = (query.getHandler() != null) ? "handler" : "queue";
			assertThat(plan(query)).as("plan of %s", query)
				.contains("Merge Append", "Index Scan Backward using taskflow_job_" + index + "_created_idx",
						"taskflow_job_claim_idx", "taskflow_job_lease_idx")
				.doesNotContain("Seq Scan");
		}
	}

	@Test
	void pageAfterACursorStartsTheScanAtIt() throws SQLException {
		// a cursor is the creation time and id of the last job of a page
		JobQuery after = JobQuery.all()
			.status(JobStatus.FAILED)
			.after(Instant.now().minus(Duration.ofDays(10)) + "_" + new UUID(0, 0));
		assertThat(plan(after))
			.contains("Index Scan Backward using taskflow_job_status_created_idx",
					"Index Cond: (((status)::text = 'FAILED'::text) AND (created_at <=")
			.doesNotContain("Sort", "Seq Scan");
		assertThat(plan(after.status(JobStatus.SUCCEEDED).queue("q4")))
			.contains("Index Scan Backward using taskflow_job_queue_created_idx", "AND (created_at <=")
			.doesNotContain("Sort", "Seq Scan");
	}

	// the plan of the page as JobSearch sends it, with its parameters bound
	@Test
	void uniqueIndexesHoldOnlyTheJobsWithAKeyAndStillServeLookupsByKey() throws SQLException {
		// none of the 200,000 jobs has a unique key or is a schedule's occurrence: each
		// unique index would hold 200,000 NULL entries if it were not partial, and every
		// insert, claim and completion would write one into each
		assertThat(pages("taskflow_job_unique_key_uk")).isLessThanOrEqualTo(2);
		assertThat(pages("taskflow_job_occurrence_uk")).isLessThanOrEqualTo(2);
		assertThat(pages("taskflow_job_pk")).isGreaterThan(100);
		assertThat(plan("SELECT id FROM taskflow_job WHERE unique_key = 'order-42'"))
			.contains("taskflow_job_unique_key_uk")
			.doesNotContain("Seq Scan");
		// the overlap check of a schedule
		assertThat(plan("SELECT COUNT(*) FROM taskflow_job WHERE schedule_name = 'invoices'"
				+ " AND status IN ('PENDING', 'RUNNING')"))
			.contains("taskflow_job_occurrence_uk")
			.doesNotContain("Seq Scan");
	}

	private long pages(String index) throws SQLException {
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection
					.prepareStatement("SELECT pg_relation_size(?::regclass) / current_setting('block_size')::int")) {
			statement.setString(1, index);
			try (ResultSet rows = statement.executeQuery()) {
				rows.next();
				return rows.getLong(1);
			}
		}
	}

	private String plan(String sql) throws SQLException {
		StringBuilder plan = new StringBuilder();
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement("EXPLAIN (COSTS OFF) " + sql);
				ResultSet rows = statement.executeQuery()) {
			while (rows.next()) {
				plan.append(rows.getString(1)).append('\n');
			}
		}
		return plan.toString();
	}

	private String plan(JobQuery query) throws SQLException {
		SqlDialect dialect = SqlDialect.of(this.dataSource);
		JobSearch.Listing listing = JobSearch.Listing.of(dialect, query);
		StringBuilder plan = new StringBuilder();
		try (Connection connection = this.dataSource.getConnection();
				PreparedStatement statement = connection.prepareStatement("EXPLAIN (COSTS OFF) " + listing.sql())) {
			listing.bind(statement, query.getLimit() + 1);
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					plan.append(rows.getString(1)).append('\n');
				}
			}
		}
		return plan.toString();
	}

}
