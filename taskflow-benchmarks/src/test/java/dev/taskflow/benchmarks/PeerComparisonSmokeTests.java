package dev.taskflow.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.taskflow.benchmarks.Scenarios.Sizes;
import dev.taskflow.benchmarks.peers.PeerComparison;
import dev.taskflow.benchmarks.peers.PeerFigure;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the comparison with db-scheduler and JobRunr ({@code --peers --smoke}) once, tiny,
 * so that the peer adapters cannot rot. Measures nothing: speed is reported by the
 * benchmark command, never asserted.
 *
 * @author TaskFlow
 */
class PeerComparisonSmokeTests {

	@Test
	void everySystemRunsEverySharedScenarioAndTheTableShowsRatios() throws Exception {
		OwnDatabase.assumePostgresAnswers();
		ByteArrayOutputStream output = new ByteArrayOutputStream();
		List<PeerFigure> figures;
		try (OwnDatabase ignored = OwnDatabase.create()) {
			figures = TaskFlowContender.compare(new PrintStream(output, true, StandardCharsets.UTF_8), Sizes.smoke(),
					new LinkedHashSet<>(Benchmarks.SCENARIOS));
		}
		String printed = output.toString(StandardCharsets.UTF_8);
		for (String system : List.of("TaskFlow", "db-scheduler", "JobRunr")) {
			assertThat(figures).filteredOn((figure) -> figure.system().equals(system))
				.extracting(PeerFigure::scenario)
				.containsAll(PeerComparison.SCENARIOS);
			assertThat(figures).filteredOn((figure) -> figure.system().equals(system))
				.extracting(PeerFigure::variant)
				.contains("same node", "across nodes", "threads=2", "threads=default");
		}
		assertThat(figures).allSatisfy((figure) -> assertThat(figure.runs()).isNotEmpty());
		assertThat(figures).filteredOn((figure) -> figure.unit().equals("jobs/s"))
			.allSatisfy((figure) -> assertThat(figure.median()).isPositive());
		assertThat(figures).filteredOn((figure) -> figure.unit().equals("ms"))
			.allSatisfy((figure) -> assertThat(figure.median()).isNotNaN().isNotNegative());
		assertThat(printed).contains("{\"type\":\"peer_environment\"", "{\"type\":\"peer_figure\"",
				"| TaskFlow / best peer |", "| TaskFlow / db-scheduler |", "(db-scheduler)");
	}

}
