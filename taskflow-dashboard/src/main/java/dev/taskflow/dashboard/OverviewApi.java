package dev.taskflow.dashboard;

import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * The overview of the API.
 *
 * @author TaskFlow
 */
final class OverviewApi {

	private final Snapshots snapshots;

	OverviewApi(Snapshots snapshots) {
		this.snapshots = snapshots;
	}

	ServerResponse overview(ServerRequest request) {
		return Responses.ok(this.snapshots.overview());
	}

}
