package dev.taskflow.chaos;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Runs the chaos harness from the command line and exits non-zero when a check fails.
 * <p>
 * Arguments: {@code --database=postgresql|mariadb} (default postgresql),
 * {@code --minutes=N} (a soak of N minutes of disruptions; without it one bounded round),
 * {@code --seconds=N} (the bounded round's least length, default 60), {@code --nodes=N}
 * (default 3), {@code --seed=N} (default random, printed), {@code --output=DIR} (node
 * logs, default {@code target/chaos}), {@code --without=a,b} (ingredients left out: any
 * of {@code auto-commit-off}, {@code unstorable-results}, {@code throwing-listener}, or
 * {@code all}; default {@code TASKFLOW_CHAOS_WITHOUT}, else none),
 * {@code --auto-commit-off-every=N} (one node in N runs with its pool's auto-commit off,
 * default 3), {@code --restart-server} (restart the shared local database server once;
 * {@code soak.sh} passes it), {@code --keep-database} (keep the run's database for
 * inspection).
 *
 * @author TaskFlow
 */
public final class ChaosHarness {

	/**
	 * The environment variable that leaves ingredients out, as {@code --without} does.
	 */
	static final String WITHOUT = "TASKFLOW_CHAOS_WITHOUT";

	private ChaosHarness() {
	}

	public static void main(String[] args) throws Exception {
		ChaosDatabase database = ChaosDatabase.POSTGRESQL;
		Duration chaos = Duration.ofSeconds(60);
		boolean soak = false;
		int nodes = 3;
		long seed = ThreadLocalRandom.current().nextLong();
		Path output = Path.of("target", "chaos");
		ChaosSettings.Ingredients ingredients = ChaosSettings.Ingredients.without(System.getenv(WITHOUT));
		Integer autoCommitOffEvery = null;
		boolean restartServer = false;
		boolean keepDatabase = false;
		for (String arg : args) {
			String[] pair = arg.split("=", 2);
			String value = (pair.length > 1) ? pair[1] : "";
			switch (pair[0]) {
				case "--database" -> database = ChaosDatabase.valueOf(value.toUpperCase(Locale.ROOT));
				case "--minutes" -> {
					chaos = Duration.ofMinutes(Long.parseLong(value));
					soak = true;
				}
				case "--seconds" -> chaos = Duration.ofSeconds(Long.parseLong(value));
				case "--nodes" -> nodes = Integer.parseInt(value);
				case "--seed" -> seed = Long.parseLong(value);
				case "--output" -> output = Path.of(value);
				case "--without" -> ingredients = ChaosSettings.Ingredients.without(value);
				case "--auto-commit-off-every" -> autoCommitOffEvery = Integer.parseInt(value);
				case "--restart-server" -> restartServer = true;
				case "--keep-database" -> keepDatabase = true;
				default -> {
					System.err.println("Unknown argument " + arg + "; use --database=postgresql|mariadb --minutes=N"
							+ " --seconds=N --nodes=N --seed=N --output=DIR --without="
							+ String.join(",", ChaosSettings.Ingredients.NAMES)
							+ " --auto-commit-off-every=N --restart-server --keep-database");
					System.exit(2);
				}
			}
		}
		if (autoCommitOffEvery != null) {
			ingredients = new ChaosSettings.Ingredients(autoCommitOffEvery, ingredients.unstorableResults(),
					ingredients.throwingListener());
		}
		String unreachable = database.unreachable();
		if (unreachable != null) {
			System.err.println("*** " + database + " is unreachable: " + unreachable + " ***");
			System.exit(3);
		}
		ChaosSettings settings = new ChaosSettings(database, nodes, chaos, seed, runDirectory(output, database),
				System.getProperty("java.class.path"), soak, Duration.ofMinutes(soak ? 5 : 2), ingredients,
				restartServer, keepDatabase);
		Checks.Report report = run(settings, System.out);
		System.exit(report.passed() ? 0 : 1);
	}

	static Path runDirectory(Path output, ChaosDatabase database) {
		return output.resolve(database.name().toLowerCase(Locale.ROOT) + "-"
				+ LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
	}

	/**
	 * Run once.
	 * @param settings how
	 * @param out where the progress and the table go
	 * @return the report
	 * @throws Exception on a failure of the harness itself
	 */
	static Checks.Report run(ChaosSettings settings, PrintStream out) throws Exception {
		return new ChaosRun(settings, out).run();
	}

}
