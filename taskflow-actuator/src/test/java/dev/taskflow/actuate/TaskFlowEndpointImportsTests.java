package dev.taskflow.actuate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The endpoint is a surface: it reads and acts through TaskFlow's public API only, as any
 * application could.
 *
 * @author TaskFlow
 */
class TaskFlowEndpointImportsTests {

	@Test
	void endpointImportsNothingOfTaskFlowButThePublicApi() throws IOException {
		for (String name : List.of("TaskFlowEndpoint", "TaskFlowEndpointWebExtension", "OperationResult")) {
			List<String> imports = Files.readAllLines(Path.of("src/main/java/dev/taskflow/actuate/" + name + ".java"))
				.stream()
				.filter((line) -> line.startsWith("import dev.taskflow."))
				.toList();
			assertThat(imports).as(name)
				.allSatisfy((line) -> assertThat(line).matches("import dev\\.taskflow\\.[A-Z]\\w*;"));
		}
	}

}
