package dev.taskflow.chaos;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One chaos run: prepares the database, starts the nodes, feeds them jobs, disrupts them
 * at seeded random moments, drains, stops them, and hands everything it saw to
 * {@link Checks}.
 *
 * @author TaskFlow
 */
final class ChaosRun {

	/**
	 * What the harness does to the cluster.
	 */
	enum Kind {

		/**
		 * SIGKILL of a node running jobs, later a replacement.
		 */
		SIGKILL,

		/**
		 * SIGTERM of a node, later a replacement.
		 */
		SIGTERM,

		/**
		 * The nodes' connections ended from the server side.
		 */
		CONNECTION_KILL,

		/**
		 * The database server restarted.
		 */
		DB_RESTART,

		/**
		 * A rolling deploy: every node drained ({@code TaskFlow.nodes().drain}), stopped
		 * with SIGTERM and replaced, in turn (one disruption per node).
		 */
		ROLLING_DEPLOY

	}

	/**
	 * One disruption.
	 *
	 * @param kind what was done
	 * @param node the node it was done to, or {@code null} for all
	 * @param at when it started (database clock, epoch micros)
	 * @param endedAt when it was over (the server answered again, the node exited)
	 * @param note what happened
	 */
	record Disruption(Kind kind, String node, long at, long endedAt, String note) {
	}

	/**
	 * The jobs a killed node held and when each was rescued.
	 *
	 * @param node the node
	 * @param killedAt when it was killed
	 * @param executionsInFlight executions it was running (started, not ended)
	 * @param rescueMicros per held job, the time from the kill to its rescue, or -1 when
	 * not rescued within the watch
	 */
	record KillRescue(String node, long killedAt, int executionsInFlight, Map<String, Long> rescueMicros) {
	}

	/**
	 * A graceful stop during the run.
	 *
	 * @param node the node
	 * @param at when SIGTERM was sent
	 * @param exitedMicros how long it took to exit, or -1
	 * @param leftRunning jobs still RUNNING under its id once it had exited
	 */
	record Stop(String node, long at, long exitedMicros, int leftRunning) {
	}

	/**
	 * One node's turn in a rolling deploy.
	 *
	 * @param node the node drained
	 * @param requestedAt when the harness asked for the drain (database clock)
	 * @param found whether {@code drain} found a live node of that id
	 * @param seenAt when the harness saw the node log that it drains, or {@code null}
	 * @param completedAt when the harness saw it log that it drained and hold no running
	 * job, or {@code null} when that did not happen within the timeout
	 * @param timeoutMillis how long the harness waited for that
	 * @param releasedLogged how many jobs the node logged it handed back, or {@code null}
	 * @param held the jobs it ran when the drain was asked for
	 * @param stoppedAt when SIGTERM was sent
	 * @param exitedMicros how long it took to exit, or -1
	 * @param leftRunning jobs still RUNNING under its id once it had exited
	 * @param replacement the node that replaced it
	 * @param replacementReadyAt when the replacement was ready and registered, or
	 * {@code null}
	 */
	record Drain(String node, long requestedAt, boolean found, Long seenAt, Long completedAt, long timeoutMillis,
			Integer releasedLogged, List<String> held, long stoppedAt, long exitedMicros, int leftRunning,
			String replacement, Long replacementReadyAt) {
	}

	private static final java.util.regex.Pattern HANDED_BACK = java.util.regex.Pattern
		.compile("drained: it handed (\\d+) job\\(s\\) back");

	private final ChaosSettings settings;

	private final PrintStream out;

	private final List<Drain> drains = new ArrayList<>();

	// per rolling deploy, how many nodes were up when it began
	private final List<Integer> deployNodesUp = new ArrayList<>();

	private dev.taskflow.TaskFlow taskFlow;

	private final Random random;

	private final List<NodeProcess> nodes = Collections.synchronizedList(new ArrayList<>());

	private final List<Disruption> disruptions = new ArrayList<>();

	private final List<KillRescue> kills = new ArrayList<>();

	private final List<Stop> stops = new ArrayList<>();

	private final List<String> notExercised = new ArrayList<>();

	private final List<Thread> replacements = new ArrayList<>();

	// the longest lease seen per job|attempt|owner: a later execution that starts before
	// it ran while the earlier one still held a valid lease
	private final Map<String, Long> leases = new ConcurrentHashMap<>();

	private final Path libFakeTime = ChaosSettings.libFakeTime();

	private HikariDataSource dataSource;

	private JdbcTemplate jdbc;

	private ChaosDatabase.RunDatabase runDatabase;

	private String url;

	// why results the database refuses are not fed, or null when they are
	private String unstorableSkipped;

	private int nextNode = 1;

	// replacements told to start (replaceLater) that have not started their node yet
	private final java.util.concurrent.atomic.AtomicInteger pendingStarts = new java.util.concurrent.atomic.AtomicInteger();

	private volatile boolean sampling;

	ChaosRun(ChaosSettings settings, PrintStream out) {
		this.settings = settings;
		this.out = out;
		this.random = new Random(settings.seed());
	}

	Checks.Report run() throws Exception {
		ChaosDatabase database = this.settings.database();
		this.out.println("=== TaskFlow chaos run on " + database + ": seed " + this.settings.seed() + " (rerun with"
				+ " --seed=" + this.settings.seed() + "), " + this.settings.nodes() + " nodes, "
				+ (this.settings.soak() ? "soak " : "bounded, at least ") + this.settings.chaos().toSeconds()
				+ " s of disruptions, lease " + ChaosSettings.LEASE.toMillis() + " ms, heartbeat "
				+ ChaosSettings.HEARTBEAT.toMillis() + " ms; ingredients: " + this.settings.ingredients() + " ===");
		Files.createDirectories(this.settings.outputDirectory());
		this.out.println("node logs: " + this.settings.outputDirectory().toAbsolutePath());
		this.runDatabase = database.prepare();
		this.url = this.runDatabase.url();
		this.out
			.println(
					"database: " + ((this.runDatabase.created() != null)
							? this.runDatabase.created() + ", created for this run"
									+ (this.settings.keepDatabase() ? " and kept at its end"
											: " and dropped at its end")
							: this.url + " (TASKFLOW_TEST_" + database + "_URL), used as it is"));
		Thread dropOnExit = new Thread(this::cleanUp, "chaos-cleanup");
		Runtime.getRuntime().addShutdownHook(dropOnExit);
		try {
			return run(database);
		}
		finally {
			cleanUp();
			try {
				Runtime.getRuntime().removeShutdownHook(dropOnExit);
			}
			catch (IllegalStateException ex) {
				// the JVM is shutting down: the hook runs (and finds nothing left to do)
			}
		}
	}

	private Checks.Report run(ChaosDatabase database) throws Exception {
		this.dataSource = new HikariDataSource();
		this.dataSource.setJdbcUrl(database.withApplicationName(this.url, "chaos-harness"));
		this.dataSource.setUsername(database.username());
		this.dataSource.setPassword(database.password());
		this.dataSource.setMaximumPoolSize(4);
		this.dataSource.setConnectionTimeout(3000);
		this.dataSource.setPoolName("chaos-harness");
		this.jdbc = new JdbcTemplate(this.dataSource);
		// the feeder's context creates TaskFlow's tables when they are missing
		try (Feeder feeder = new Feeder(database, this.url, this.settings.seed())) {
			prepareTables();
			if (this.settings.ingredients().unstorableResults()) {
				String problem = database.unstorableResultProblem(this.jdbc);
				if (problem != null) {
					this.unstorableSkipped = "*** UNSTORABLE RESULTS NOT EXERCISED on " + database + ": " + problem
							+ " ***";
					this.out.println(this.unstorableSkipped);
					this.notExercised.add(this.unstorableSkipped);
				}
			}
			else {
				this.unstorableSkipped = "switched off (" + ChaosSettings.Ingredients.UNSTORABLE_RESULTS + ")";
			}
			if (this.libFakeTime == null) {
				String reason = "*** CLOCK SKEW NOT EXERCISED: libfaketime is not installed (looked for "
						+ "libfaketimeMT.so.1; apt-get install faketime, or set TASKFLOW_CHAOS_LIBFAKETIME) ***";
				this.out.println(reason);
				this.notExercised.add(reason);
			}
			for (int i = 0; i < this.settings.nodes(); i++) {
				// the last of the first nodes runs with its clock skewed
				boolean skewed = this.libFakeTime != null && i == this.settings.nodes() - 1;
				startNode(new NodeProcess.Traits(skewed ? ChaosSettings.SKEW : null,
						this.settings.ingredients().autoCommitOff(i)), false);
			}
			awaitReady();
			long runStart = now();
			Thread sampler = startSampler();
			this.taskFlow = feeder.taskFlow();
			feeder.start(this.unstorableSkipped == null);
			long tickFrom = runStart + 2_000_000;
			disrupt();
			feeder.stop();
			long feedEnd = now();
			pauseTicks(feeder);
			long tickTo = now() - 2_000_000;
			this.out.println("feeding stopped after " + (feedEnd - runStart) / 1_000_000 + " s: "
					+ feeder.enqueued().size() + " jobs enqueued, " + feeder.failedBatches()
					+ " batch(es) failed to enqueue during outages; " + feeder.workflows().size()
					+ " workflows started, " + feeder.failedWorkflowStarts() + " start(s) failed; draining");
			boolean drained = drain();
			stopNodes();
			this.sampling = false;
			sampler.join(5000);
			WorkflowChecks workflowChecks = new WorkflowChecks(this.jdbc, database, feeder.workflows(),
					feeder.failedWorkflowStarts(), drained, feedEnd, this.settings.drainTimeout());
			Checks checks = new Checks(this.settings, this.jdbc, database, this.nodes, this.disruptions, this.kills,
					this.stops, this.leases, feeder.enqueued(), this.notExercised, this.unstorableSkipped, tickFrom,
					tickTo, drained, workflowChecks, this.drains, this.deployNodesUp);
			return checks.run(this.out);
		}
	}

	/**
	 * Kill what is left of the nodes, close the harness's pool and drop the run's
	 * database (unless kept): at the end of the run, failed or not, and on the way out of
	 * a JVM that is told to stop mid-run. Runs once.
	 */
	private synchronized void cleanUp() {
		if (this.runDatabase == null) {
			return;
		}
		for (NodeProcess node : List.copyOf(this.nodes)) {
			node.destroyForcibly();
		}
		for (NodeProcess node : List.copyOf(this.nodes)) {
			node.waitFor(Duration.ofSeconds(10));
		}
		if (this.dataSource != null) {
			this.dataSource.close();
		}
		if (this.settings.keepDatabase() && this.runDatabase.created() != null) {
			this.out.println("kept the run's database " + this.runDatabase.created() + " (--keep-database); drop it"
					+ " with DROP DATABASE " + this.runDatabase.created());
		}
		else {
			this.out.println(this.runDatabase.drop());
		}
		this.runDatabase = null;
	}

	private void prepareTables() {
		// a configured database may hold one with the columns of an older harness
		this.jdbc.execute("DROP TABLE IF EXISTS chaos_execution");
		this.jdbc.execute("DROP TABLE IF EXISTS chaos_step");
		for (String table : this.settings.database().tables()) {
			this.jdbc.execute(table);
		}
		this.jdbc.update("DELETE FROM chaos_execution");
		if (this.settings.database() == ChaosDatabase.MARIADB) {
			this.jdbc.update("DELETE FROM chaos_connection");
		}
		// a configured database may hold an earlier run's jobs; the attempts go first
		// (their
		// foreign key)
		this.jdbc.update("DELETE FROM taskflow_attempt");
		this.jdbc.update("DELETE FROM taskflow_job");
		this.jdbc.update("DELETE FROM taskflow_step_edge");
		this.jdbc.update("DELETE FROM taskflow_step");
		this.jdbc.update("DELETE FROM taskflow_workflow");
		this.jdbc.update("DELETE FROM taskflow_schedule");
		this.jdbc.update("DELETE FROM taskflow_node");
	}

	long now() {
		return now(Duration.ofSeconds(60));
	}

	private long now(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			try {
				return this.jdbc.queryForObject("SELECT " + this.settings.database().nowMicros(), Long.class);
			}
			catch (RuntimeException ex) {
				if (System.nanoTime() > deadline) {
					throw ex;
				}
				sleep(200);
			}
		}
	}

	private synchronized NodeProcess startNode(NodeProcess.Traits traits, boolean replacement) throws IOException {
		if (this.runDatabase == null) {
			throw new IllegalStateException("the run is over: no more nodes");
		}
		String id = "chaos-node-" + this.nextNode++;
		NodeProcess node = NodeProcess.start(id, this.settings, this.url, traits, this.libFakeTime, now());
		this.nodes.add(node);
		this.out.println(ts() + "started " + id + " (pid " + node.pid() + ")"
				+ ((traits.skew() != null) ? " with its wall clock " + traits.skew() + " (libfaketime)" : "")
				+ (traits.autoCommitOff() ? " with its pool's auto-commit off" : "")
				+ (replacement ? " as a replacement" : ""));
		return node;
	}

	private void awaitReady() throws InterruptedException {
		for (NodeProcess node : List.copyOf(this.nodes)) {
			if (!node.isReady() && node.fate() == NodeProcess.Fate.RUNNING) {
				if (node.awaitReady(Duration.ofSeconds(180), this::now)) {
					this.out.println(ts() + node.id() + " is ready");
				}
				else {
					this.out.println(ts() + "*** " + node.id() + " did not become ready; see " + node.log() + " ***");
				}
			}
		}
	}

	private List<NodeProcess> upNodes() {
		List<NodeProcess> up = new ArrayList<>();
		for (NodeProcess node : List.copyOf(this.nodes)) {
			node.noteExit(now());
			if (node.isReady() && node.fate() == NodeProcess.Fate.RUNNING) {
				up.add(node);
			}
		}
		return up;
	}

	private Thread startSampler() {
		this.sampling = true;
		String sql = "SELECT id, attempt, owner_node, " + this.settings.database().micros("lease_until")
				+ " AS lease FROM taskflow_job WHERE status = 'RUNNING'";
		Thread sampler = new Thread(() -> {
			while (this.sampling) {
				try {
					this.jdbc.query(sql, (rs) -> {
						String key = rs.getString("id") + "|" + rs.getInt("attempt") + "|" + rs.getString("owner_node");
						this.leases.merge(key, rs.getLong("lease"), Math::max);
					});
				}
				catch (RuntimeException ex) {
					// the database is down: nothing to see
				}
				sleep(200);
			}
		}, "chaos-lease-sampler");
		sampler.setDaemon(true);
		sampler.start();
		return sampler;
	}

	private List<Kind> plan() {
		List<Kind> plan = new ArrayList<>(List.of(Kind.SIGKILL, Kind.SIGTERM, Kind.CONNECTION_KILL, Kind.DB_RESTART));
		Collections.shuffle(plan, this.random);
		if (!this.settings.soak()) {
			// a second crash: the first may have hit a node with few jobs
			plan.add(1 + this.random.nextInt(plan.size()), Kind.SIGKILL);
			// last: the checkpointing jobs have got going, and no replacement started
			// after it (10 to 30 s each on a busy machine) is left to wait for
			plan.add(Kind.ROLLING_DEPLOY);
		}
		return plan;
	}

	private void disrupt() throws Exception {
		long start = System.nanoTime();
		long chaosNanos = this.settings.chaos().toNanos();
		List<Kind> plan = plan();
		if (this.settings.soak()) {
			plan.remove(Kind.DB_RESTART);
		}
		// the bounded run spreads its disruptions over the chaos time; a soak goes on
		// every 10 to 20 s
		long spacing = this.settings.soak() ? 0 : chaosNanos / (plan.size() + 1);
		long next = start + TimeUnit.SECONDS.toNanos(3);
		boolean restarted = false;
		int deploys = 0;
		int index = 0;
		while (true) {
			Kind kind;
			long elapsed = System.nanoTime() - start;
			// a soak deploys a quarter of the way in, and again at three quarters when it
			// is 8 minutes or longer
			int deploysDue = (elapsed > chaosNanos / 4) ? 1 : 0;
			if (elapsed > chaosNanos / 4 * 3 && chaosNanos >= TimeUnit.MINUTES.toNanos(8)) {
				deploysDue = 2;
			}
			if (this.settings.soak() && !restarted && elapsed > chaosNanos / 2) {
				kind = Kind.DB_RESTART;
			}
			else if (this.settings.soak() && deploys < deploysDue) {
				kind = Kind.ROLLING_DEPLOY;
				deploys++;
			}
			else if (index < plan.size()) {
				kind = plan.get(index++);
			}
			else if (this.settings.soak() && elapsed < chaosNanos) {
				List<Kind> cycle = new ArrayList<>(List.of(Kind.SIGKILL, Kind.SIGTERM, Kind.CONNECTION_KILL));
				Collections.shuffle(cycle, this.random);
				plan.addAll(cycle);
				continue;
			}
			else {
				break;
			}
			long wait = next - System.nanoTime();
			if (wait > 0) {
				sleep(TimeUnit.NANOSECONDS.toMillis(wait));
			}
			if (kind == Kind.DB_RESTART) {
				restarted = true;
			}
			if (kind == Kind.DB_RESTART
					&& this.settings.database().restartCommand(this.settings.restartServer()) != null) {
				// a node starting up fails when its database goes away: that is Spring
				// Boot's fail-fast start, not what this run is about
				awaitReplacements(Duration.ofSeconds(90));
			}
			// a rolling deploy deploys a node still starting last, once it is up
			else if (kind != Kind.ROLLING_DEPLOY && upNodes().size() < 2) {
				awaitReplacements(Duration.ofSeconds(30));
			}
			perform(kind);
			next = this.settings.soak() ? System.nanoTime() + TimeUnit.SECONDS.toNanos(10 + this.random.nextInt(10))
					: next + spacing + TimeUnit.MILLISECONDS.toNanos(this.random.nextInt(2000));
		}
		long remaining = chaosNanos - (System.nanoTime() - start);
		if (remaining > 0) {
			sleep(TimeUnit.NANOSECONDS.toMillis(remaining));
		}
		awaitReplacements(Duration.ofSeconds(90));
	}

	private void replaceLater(NodeProcess replaced) {
		long delay = 1000 + this.random.nextInt(3000);
		this.pendingStarts.incrementAndGet();
		Thread thread = new Thread(() -> {
			try {
				sleep(delay);
				// a skewed node is replaced by a skewed node, one with auto-commit off by
				// one with auto-commit off: each kind runs all along
				NodeProcess node;
				try {
					node = startNode(replaced.traits(), true);
				}
				finally {
					this.pendingStarts.decrementAndGet();
				}
				if (node.awaitReady(Duration.ofSeconds(180), this::now)) {
					this.out.println(ts() + node.id() + " (replacing " + replaced.id() + ") is ready");
				}
				else {
					this.out.println(ts() + "*** " + node.id() + " did not become ready; see " + node.log() + " ***");
				}
			}
			catch (Exception ex) {
				this.out.println(ts() + "*** could not start a replacement for " + replaced.id() + ": " + ex + " ***");
			}
		}, "chaos-replace-" + replaced.id());
		thread.setDaemon(true);
		this.replacements.add(thread);
		thread.start();
	}

	private void awaitReplacements(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		for (Thread thread : List.copyOf(this.replacements)) {
			long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
			if (left > 0) {
				thread.join(left);
			}
		}
	}

	private void perform(Kind kind) throws Exception {
		switch (kind) {
			case SIGKILL -> sigkill();
			case SIGTERM -> sigterm();
			case CONNECTION_KILL -> killConnections();
			case DB_RESTART -> restartDatabase();
			case ROLLING_DEPLOY -> rollingDeploy();
		}
	}

	private void sigkill() throws Exception {
		NodeProcess target = nodeMidJob();
		String inFlightSql = "SELECT COUNT(*) FROM chaos_execution WHERE node_id = ? AND ended_at IS NULL";
		int inFlight = this.jdbc.queryForObject(inFlightSql, Integer.class, target.id());
		long at = target.kill(this::now);
		// what the dead node still holds: exactly what must be rescued
		Map<String, Integer> held = new HashMap<>();
		this.jdbc.query("SELECT id, attempt FROM taskflow_job WHERE status = 'RUNNING' AND owner_node = ?", (rs) -> {
			held.put(rs.getString("id"), rs.getInt("attempt"));
		}, target.id());
		this.out.println(ts() + "SIGKILL " + target.id() + " with " + inFlight + " execution(s) in flight and "
				+ held.size() + " job(s) held");
		Map<String, Long> rescued = new LinkedHashMap<>();
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (rescued.size() < held.size() && System.nanoTime() < deadline) {
			sleep(100);
			Set<String> still;
			long seenAt;
			try {
				seenAt = now();
				still = new java.util.HashSet<>(this.jdbc.queryForList(
						"SELECT id FROM taskflow_job WHERE status = 'RUNNING' AND owner_node = ?", String.class,
						target.id()));
			}
			catch (RuntimeException ex) {
				continue;
			}
			for (String id : held.keySet()) {
				if (!rescued.containsKey(id) && !still.contains(id)) {
					rescued.put(id, seenAt - at);
				}
			}
		}
		for (String id : held.keySet()) {
			rescued.putIfAbsent(id, -1L);
		}
		this.kills.add(new KillRescue(target.id(), at, inFlight, rescued));
		long slowest = rescued.values().stream().mapToLong(Long::longValue).max().orElse(0);
		this.disruptions.add(new Disruption(Kind.SIGKILL, target.id(), at, now(), inFlight + " execution(s) in flight, "
				+ held.size() + " job(s) held, all rescued within " + slowest / 1000 + " ms"));
		this.out.println(ts() + "jobs of " + target.id() + " rescued within " + slowest / 1000 + " ms");
		replaceLater(target);
	}

	private NodeProcess nodeMidJob() {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		List<NodeProcess> up = upNodes();
		// best: a node in the middle of a checkpointing job's step, for a while
		long stepDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
		while (System.nanoTime() < stepDeadline) {
			List<String> inStep = this.jdbc.queryForList("SELECT DISTINCT node_id FROM chaos_step WHERE kind = '"
					+ CheckpointedJob.BODY + "' AND ended_at IS NULL", String.class);
			List<NodeProcess> busy = up.stream().filter((node) -> inStep.contains(node.id())).toList();
			if (!busy.isEmpty()) {
				return busy.get(this.random.nextInt(busy.size()));
			}
			sleep(200);
		}
		while (System.nanoTime() < deadline) {
			Map<String, Integer> longInFlight = new HashMap<>();
			this.jdbc.query("SELECT node_id, COUNT(*) AS n FROM chaos_execution WHERE ended_at IS NULL"
					+ " AND handler IN (?, ?) GROUP BY node_id", (rs) -> {
						longInFlight.put(rs.getString("node_id"), rs.getInt("n"));
					}, ChaosHandlers.LONG, ChaosHandlers.CHECKPOINTED);
			List<NodeProcess> busy = up.stream().filter((node) -> longInFlight.containsKey(node.id())).toList();
			if (!busy.isEmpty()) {
				return busy.get(this.random.nextInt(busy.size()));
			}
			sleep(200);
		}
		this.out.println(ts() + "no node is running a long job: killing one anyway");
		return up.get(this.random.nextInt(up.size()));
	}

	private void sigterm() throws Exception {
		List<NodeProcess> up = upNodes();
		NodeProcess target = up.get(this.random.nextInt(up.size()));
		long at = now();
		target.terminate(at, false);
		this.out.println(ts() + "SIGTERM " + target.id());
		boolean exited = target.waitFor(Duration.ofSeconds(60));
		long exitedAt = now();
		int leftRunning = this.jdbc.queryForObject(
				"SELECT COUNT(*) FROM taskflow_job WHERE status = 'RUNNING' AND owner_node = ?", Integer.class,
				target.id());
		this.stops.add(new Stop(target.id(), at, exited ? exitedAt - at : -1, leftRunning));
		this.disruptions.add(new Disruption(Kind.SIGTERM, target.id(), at, exitedAt,
				(exited ? "exited (code " + target.exitCode() + ") after " + (exitedAt - at) / 1000 + " ms"
						: "did not exit within 60 s") + ", " + leftRunning + " job(s) left RUNNING"));
		this.out.println(ts() + target.id() + (exited ? " exited after " + (exitedAt - at) / 1000 + " ms" : " hangs"));
		replaceLater(target);
	}

	/**
	 * A rolling deploy, one node at a time with one node of surge: for each node (those
	 * up, then those still starting, once ready), start its replacement, drain it through
	 * TaskFlow's API; once it holds no running job (its running jobs finished within
	 * shutdown.await, or were asked to stop and handed back at their checkpoints), stop
	 * it with SIGTERM; go on to the next node once the replacement is ready and
	 * registered. (A node JVM takes 10 to 30 s to start on a busy machine: starting the
	 * replacement while the old node drains keeps the run short and the cluster's
	 * capacity up.)
	 */
	private void rollingDeploy() throws Exception {
		// a replacement about to start (after a kill or a stop) is part of the cluster
		long startedBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
		while (this.pendingStarts.get() > 0 && System.nanoTime() < startedBy) {
			sleep(100);
		}
		List<NodeProcess> order = new ArrayList<>(upNodes());
		// a replacement still starting (after a kill or a stop) is deployed too, last
		for (NodeProcess node : List.copyOf(this.nodes)) {
			if (!node.isReady() && node.fate() == NodeProcess.Fate.RUNNING) {
				order.add(node);
			}
		}
		this.deployNodesUp.add(order.size());
		this.out.println(ts() + "rolling deploy: draining " + order.stream().map(NodeProcess::id).toList()
				+ " in turn, each replacement started as its node drains");
		// the heartbeat that sees the drain, the await, the grace of the jobs asked to
		// stop, the node's own 2 s for them to end, and slack for an outage
		long timeout = ChaosSettings.HEARTBEAT.plus(ChaosSettings.SHUTDOWN_AWAIT)
			.plus(ChaosSettings.CANCEL_GRACE)
			.plusSeconds(2 + 10)
			.toMillis();
		for (NodeProcess node : order) {
			if (!node.isReady()) {
				node.awaitReady(Duration.ofSeconds(180), this::now);
			}
			node.noteExit(now());
			if (node.fate() != NodeProcess.Fate.RUNNING || !node.isReady()) {
				this.out.println(ts() + "*** " + node.id() + " is gone before its turn in the deploy ***");
				continue;
			}
			NodeProcess replacement = startNode(node.traits(), true);
			// drained while it runs a checkpointing job, if it gets one soon: the job is
			// handed back at its checkpoint unless it finishes within the await
			long busyBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
			while (System.nanoTime() < busyBy && this.jdbc.queryForObject(
					"SELECT COUNT(*) FROM chaos_execution" + " WHERE node_id = ? AND handler = ? AND ended_at IS NULL",
					Integer.class, node.id(), ChaosHandlers.CHECKPOINTED) == 0) {
				sleep(100);
			}
			long logFrom = node.logSize();
			List<String> held = this.jdbc.queryForList(
					"SELECT id FROM taskflow_job WHERE status = 'RUNNING' AND owner_node = ?", String.class, node.id());
			long requestedAt = now();
			boolean found = drainThroughTaskFlow(node.id());
			this.out.println(ts() + "drain " + node.id() + " (" + held.size() + " job(s) held)"
					+ (found ? "" : ": *** NO LIVE NODE OF THAT ID ***"));
			Long seenAt = null;
			Long completedAt = null;
			Integer handedBack = null;
			long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeout);
			while (System.nanoTime() < deadline && completedAt == null) {
				sleep(100);
				String log = node.logSince(logFrom);
				try {
					if (seenAt == null && log.contains("TaskFlow node " + node.id() + " drains:")) {
						seenAt = now();
					}
					if (seenAt != null && log.contains("TaskFlow node " + node.id() + " drained:")
							&& this.jdbc.queryForObject(
									"SELECT COUNT(*) FROM taskflow_job WHERE status = 'RUNNING' AND owner_node = ?",
									Integer.class, node.id()) == 0) {
						completedAt = now();
						java.util.regex.Matcher matcher = HANDED_BACK.matcher(log);
						handedBack = matcher.find() ? Integer.valueOf(matcher.group(1)) : 0;
					}
				}
				catch (RuntimeException ex) {
					// the database blinked: look again
				}
			}
			this.out.println(ts() + node.id()
					+ ((completedAt != null) ? " drained after " + (completedAt - requestedAt) / 1000 + " ms, "
							+ handedBack + " job(s) handed back" : " *** did not drain within " + timeout + " ms ***")
					+ "; SIGTERM");
			long stoppedAt = now();
			node.terminate(stoppedAt, false);
			boolean exited = node.waitFor(Duration.ofSeconds(60));
			long exitedAt = now();
			int leftRunning = this.jdbc.queryForObject(
					"SELECT COUNT(*) FROM taskflow_job WHERE status = 'RUNNING' AND owner_node = ?", Integer.class,
					node.id());
			long exitedMicros = exited ? exitedAt - stoppedAt : -1;
			this.stops.add(new Stop(node.id(), stoppedAt, exitedMicros, leftRunning));
			Long readyAt = null;
			if ((replacement.isReady() || replacement.awaitReady(Duration.ofSeconds(180), this::now))
					&& registered(replacement.id())) {
				readyAt = now();
				this.out.println(ts() + replacement.id() + " (replacing " + node.id() + ") is ready and registered");
			}
			else {
				this.out.println(
						ts() + "*** " + replacement.id() + " did not become ready; see " + replacement.log() + " ***");
			}
			this.drains.add(new Drain(node.id(), requestedAt, found, seenAt, completedAt, timeout, handedBack, held,
					stoppedAt, exitedMicros, leftRunning, replacement.id(), readyAt));
			this.disruptions.add(new Disruption(Kind.ROLLING_DEPLOY, node.id(), requestedAt, now(),
					((completedAt != null) ? "drained after " + (completedAt - requestedAt) / 1000 + " ms ("
							+ held.size() + " held, " + handedBack + " handed back)" : "DID NOT DRAIN") + ", exited "
							+ exitedMicros / 1000 + " ms after SIGTERM, replaced by " + replacement.id()
							+ ((readyAt != null) ? "" : " (NOT READY)")));
		}
	}

	private boolean drainThroughTaskFlow(String nodeId) {
		RuntimeException last = null;
		for (int i = 0; i < 50; i++) {
			try {
				return this.taskFlow.nodes().drain(nodeId);
			}
			catch (RuntimeException ex) {
				last = ex;
				sleep(200);
			}
		}
		this.out.println(ts() + "*** could not drain " + nodeId + ": " + last + " ***");
		return false;
	}

	// the node table lists it, as TaskFlow's API reads it
	private boolean registered(String nodeId) {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
		while (System.nanoTime() < deadline) {
			try {
				if (this.taskFlow.nodes().stream().anyMatch((view) -> view.id().equals(nodeId) && !view.draining())) {
					return true;
				}
			}
			catch (RuntimeException ex) {
				// the database blinked: ask again
			}
			sleep(200);
		}
		return false;
	}

	private void killConnections() {
		long at = now();
		// only nodes that are up: a node starting up fails when its connection goes, by
		// Spring Boot's fail-fast start
		List<String> up = upNodes().stream().map(NodeProcess::id).toList();
		int killed = this.settings.database().killNodeConnections(this.jdbc, up);
		this.disruptions.add(new Disruption(Kind.CONNECTION_KILL, null, at, at,
				killed + " node connection(s) ended from the server side"));
		this.out.println(ts() + "ended " + killed + " node connection(s) from the server side");
	}

	private void restartDatabase() throws Exception {
		List<String> command = this.settings.database().restartCommand(this.settings.restartServer());
		if (command == null) {
			String reason = "*** DATABASE RESTART NOT EXERCISED on " + this.settings.database() + ": "
					+ this.settings.database().noRestartReason(this.settings.restartServer()) + " ***";
			this.out.println(reason);
			this.notExercised.add(reason);
			return;
		}
		long at = now();
		this.out.println(ts() + "restarting the database server: " + String.join(" ", command));
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(this.settings.outputDirectory().resolve("db-restart.log").toFile())
			.start();
		boolean done = process.waitFor(120, TimeUnit.SECONDS);
		int exit = done ? process.exitValue() : -1;
		// wait until it answers again
		this.dataSource.getHikariPoolMXBean().softEvictConnections();
		long back = now(Duration.ofMinutes(3));
		String note = "restart command exit " + exit + ", server answered again after " + (back - at) / 1000 + " ms";
		this.disruptions.add(new Disruption(Kind.DB_RESTART, null, at, back, note));
		this.out.println(ts() + note);
		if (exit != 0) {
			this.notExercised.add("*** DATABASE RESTART FAILED (exit " + exit + "), see "
					+ this.settings.outputDirectory().resolve("db-restart.log") + " ***");
		}
	}

	private void pauseTicks(Feeder feeder) {
		for (int i = 0; i < 50; i++) {
			try {
				feeder.taskFlow().schedules().pause(ChaosNode.TICK);
				return;
			}
			catch (RuntimeException ex) {
				sleep(200);
			}
		}
	}

	private boolean drain() {
		long deadline = System.nanoTime() + this.settings.drainTimeout().toNanos();
		while (System.nanoTime() < deadline) {
			try {
				int active = this.jdbc.queryForObject(
						"SELECT COUNT(*) FROM taskflow_job WHERE status IN ('PENDING', 'RUNNING')", Integer.class);
				// a workflow whose blocked steps are never released has no job due
				int workflows = this.jdbc.queryForObject(
						"SELECT COUNT(*) FROM taskflow_workflow WHERE status IN ('RUNNING', 'COMPENSATING')",
						Integer.class);
				if (active == 0 && workflows == 0) {
					this.out.println(ts() + "every job and every workflow is finished");
					return true;
				}
			}
			catch (RuntimeException ex) {
				// try again
			}
			sleep(500);
		}
		this.out.println(ts() + "*** jobs or workflows still active after " + this.settings.drainTimeout().toSeconds()
				+ " s ***");
		return false;
	}

	private void stopNodes() {
		List<NodeProcess> up = new ArrayList<>();
		for (NodeProcess node : List.copyOf(this.nodes)) {
			node.noteExit(now());
			if (node.fate() == NodeProcess.Fate.RUNNING) {
				node.terminate(now(), true);
				up.add(node);
			}
		}
		for (NodeProcess node : up) {
			if (!node.waitFor(Duration.ofSeconds(60))) {
				this.out.println("*** " + node.id() + " did not stop within 60 s ***");
			}
		}
		this.out.println(ts() + "nodes stopped: "
				+ up.stream().map((node) -> node.id() + " exit " + node.exitCode()).collect(Collectors.joining(", ")));
	}

	private String ts() {
		return "[" + Instant.now().toString().substring(11, 23) + "] ";
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
	}

}
