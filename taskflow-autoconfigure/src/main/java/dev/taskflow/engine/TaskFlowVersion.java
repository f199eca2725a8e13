package dev.taskflow.engine;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * TaskFlow's version, as the build wrote it into
 * {@code META-INF/taskflow/version.properties}: what each node tells the node table, so
 * that a rolling upgrade shows which nodes run which.
 *
 * @author TaskFlow
 */
final class TaskFlowVersion {

	private static final String VERSION = read();

	private TaskFlowVersion() {
	}

	static String get() {
		return VERSION;
	}

	private static String read() {
		try (InputStream in = TaskFlowVersion.class.getResourceAsStream("/META-INF/taskflow/version.properties")) {
			if (in == null) {
				return null;
			}
			Properties properties = new Properties();
			properties.load(in);
			String version = properties.getProperty("version");
			return (version != null && !version.isBlank() && !version.startsWith("@")) ? version : null;
		}
		catch (IOException ex) {
			return null;
		}
	}

}
