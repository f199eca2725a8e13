package dev.taskflow.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.JdbcTemplate;

import dev.taskflow.test.Percentiles;

/**
 * {@code dashboard_api}: every call of the dashboard's REST API that a page makes, on a
 * job table of {@code finished} jobs of six months (with their attempts) and
 * {@code pending} due ones (issue 15, "fast on a big table"). A node with the dashboard,
 * its web server and default settings (workers off, so that nothing changes the table)
 * answers; each call is timed from the request to the last byte of its answer over the
 * loopback, so the figure is the server's time and a fraction of a millisecond. Reported
 * per call: p50 and p95 in ms, and how many answers were not 200 (a query that gives up
 * after {@code spring.taskflow.query.timeout} answers 503).
 * <p>
 * On H2 the table lives in this JVM's heap, as does the node: about 2 GiB at the full
 * size, so run it with {@code -Xmx4g} ({@code -Xmx2g} runs out of memory while filling,
 * and H2 then drops the in-memory database).
 *
 * @author TaskFlow
 */
final class DashboardApi {

	private static final Pattern ID = Pattern.compile("\"id\":\"([0-9a-f-]{36})\"");

	private static final Pattern NEXT = Pattern.compile("\"nextCursor\":\"([^\"]+)\"");

	private final BenchDatabase database;

	private final Size size;

	private final JdbcTemplate jdbc;

	private final HistoryTable table;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final Map<String, List<Double>> result = new LinkedHashMap<>();

	DashboardApi(BenchDatabase database, Size size) {
		this.database = database;
		this.size = size;
		this.jdbc = database.jdbc();
		this.table = new HistoryTable(database);
	}

	Map<String, List<Double>> run() throws Exception {
		try {
			fill();
			try (Node node = Node.startWeb(this.database, Map.of("spring.taskflow.worker.enabled", "false"))) {
				String api = "http://127.0.0.1:" + node.port() + "/taskflow/api/v1";
				calls(api);
			}
		}
		finally {
			// kept on request, to look at a slow call's plan afterwards
			if (!Boolean.getBoolean("taskflow.bench.dashboard-api.keep")) {
				this.database.clearJobs();
			}
		}
		return this.result;
	}

	private void fill() {
		this.database.clearJobs();
		long started = System.nanoTime();
		long startMillis = System.currentTimeMillis() - Duration.ofMinutes(1).toMillis() - HistoryTable.SPAN.toMillis();
		for (long from = 1; from <= this.size.finished(); from += this.size.chunk()) {
			this.table.insertHistory(from, Math.min(this.size.finished(), from + this.size.chunk() - 1),
					this.size.finished(), startMillis);
		}
		this.table.insertDue(this.size.pending());
		this.table.analyze();
		add("fill_s", (System.nanoTime() - started) / 1e9);
		Long rows = this.jdbc.queryForObject("SELECT COUNT(*) FROM taskflow_job", Long.class);
		add("job_rows", (rows != null) ? rows : 0);
	}

	private void calls(String api) throws Exception {
		String failedJob = first(ID, get(api + "/jobs?status=FAILED&limit=1"));
		String[] cursor = { first(NEXT, get(api + "/jobs?queue=mail")) };
		Map<String, IntFunction<String>> calls = new LinkedHashMap<>();
		// the overview page
		calls.put("overview", (k) -> api + "/overview");
		calls.put("stats_1h", (k) -> api + "/stats?range=1h");
		calls.put("stats_24h", (k) -> api + "/stats?range=24h");
		calls.put("stats_7d", (k) -> api + "/stats?range=7d");
		// the jobs page: the first page, filtered, page after page, the count of a bulk
		// action's confirmation
		calls.put("jobs", (k) -> api + "/jobs");
		calls.put("jobs_status_failed", (k) -> api + "/jobs?status=FAILED");
		calls.put("jobs_queue", (k) -> api + "/jobs?queue=" + HistoryTable.QUEUES[k % HistoryTable.QUEUES.length]);
		calls.put("jobs_handler",
				(k) -> api + "/jobs?handler=" + HistoryTable.HANDLERS[k % HistoryTable.HANDLERS.length]);
		calls.put("jobs_queue_next_pages", (k) -> api + "/jobs?queue=mail&after=" + cursor[0]);
		calls.put("jobs_count_failed", (k) -> api + "/jobs/count?status=FAILED");
		calls.put("jobs_count_queue_failed", (k) -> api + "/jobs/count?status=FAILED&queue=mail");
		// the job page
		calls.put("job", (k) -> api + "/jobs/" + failedJob);
		// the other pages
		calls.put("queues", (k) -> api + "/queues");
		calls.put("schedules", (k) -> api + "/schedules");
		calls.put("nodes", (k) -> api + "/nodes");
		calls.put("handlers", (k) -> api + "/handlers");
		for (Map.Entry<String, IntFunction<String>> call : calls.entrySet()) {
			List<Double> millis = new ArrayList<>();
			int failures = 0;
			for (int k = 0; k < this.size.runs(); k++) {
				long start = System.nanoTime();
				HttpResponse<String> response = this.http
					.send(HttpRequest.newBuilder(URI.create(call.getValue().apply(k)))
						.timeout(Duration.ofMinutes(5))
						.build(), HttpResponse.BodyHandlers.ofString());
				millis.add((System.nanoTime() - start) / 1e6);
				if (response.statusCode() != 200) {
					failures++;
				}
				if (call.getKey().equals("jobs_queue_next_pages")) {
					String next = first(NEXT, response.body());
					cursor[0] = (next != null) ? next : cursor[0];
				}
			}
			millis.sort(Double::compare);
			add(call.getKey() + "_p50_ms", Percentiles.percentile(millis, 50));
			add(call.getKey() + "_p95_ms", Percentiles.percentile(millis, 95));
			add(call.getKey() + "_not_200", failures);
		}
	}

	private String get(String url) throws Exception {
		return this.http
			.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5)).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
	}

	private static String first(Pattern pattern, String text) {
		Matcher matcher = pattern.matcher(text);
		return matcher.find() ? matcher.group(1) : null;
	}

	private void add(String name, double value) {
		this.result.computeIfAbsent(name, (key) -> new ArrayList<>()).add(value);
	}

	/**
	 * How big the table is and how often each call runs.
	 *
	 * @param finished the finished jobs of six months
	 * @param pending the due jobs
	 * @param chunk the rows written per statement while filling
	 * @param runs the runs of each call
	 */
	record Size(long finished, int pending, int chunk, int runs) {

		/**
		 * The full size: a million jobs, or as
		 * {@code taskflow.bench.dashboard-api.finished} and {@code .pending} say.
		 * @return the size
		 */
		static Size full() {
			String prefix = "taskflow.bench.dashboard-api.";
			return new Size(Long.getLong(prefix + "finished", 990_000), Integer.getInteger(prefix + "pending", 10_000),
					250_000, 20);
		}

		static Size smoke() {
			return new Size(2_000, 200, 2_000, 2);
		}

	}

}
