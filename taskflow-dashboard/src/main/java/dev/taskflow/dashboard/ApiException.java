package dev.taskflow.dashboard;

import org.springframework.http.HttpStatus;

/**
 * A request the API refuses, answered as a problem detail with this status and detail.
 *
 * @author TaskFlow
 */
class ApiException extends RuntimeException {

	private final HttpStatus status;

	ApiException(HttpStatus status, String detail) {
		super(detail);
		this.status = status;
	}

	HttpStatus status() {
		return this.status;
	}

}
