package dev.taskflow.actuate;

import java.util.Map;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The outcome of an operation of the endpoint before it meets a technology: a body, or a
 * status with a message saying what to send instead.
 *
 * @param <T> the body type
 * @param status the HTTP status it maps to
 * @param body the body, for 200 and 409
 * @param message what went wrong, for 400, 404 and 409
 * @author TaskFlow
 */
record OperationResult<T>(int status, T body, String message) {

	static final int CONFLICT = 409;

	static <T> OperationResult<T> ok(T body) {
		return new OperationResult<>(WebEndpointResponse.STATUS_OK, body, null);
	}

	static <T> OperationResult<T> notFound(String message) {
		return new OperationResult<>(WebEndpointResponse.STATUS_NOT_FOUND, null, message);
	}

	static <T> OperationResult<T> badRequest(String message) {
		return new OperationResult<>(WebEndpointResponse.STATUS_BAD_REQUEST, null, message);
	}

	static <T> OperationResult<T> conflict(T body, String message) {
		return new OperationResult<>(CONFLICT, body, message);
	}

	/**
	 * This result for a technology without status codes (JMX): the body, {@code null}
	 * when not found, an exception for bad input.
	 * @return the body or {@code null}
	 */
	T toBody() {
		if (this.status == WebEndpointResponse.STATUS_BAD_REQUEST) {
			throw new InvalidEndpointRequestException(this.message, this.message);
		}
		return this.body;
	}

	/**
	 * This result over HTTP: the body with 200 or 409, else a JSON object with the
	 * message.
	 * @return the response
	 */
	WebEndpointResponse<Object> toResponse() {
		if (this.status == WebEndpointResponse.STATUS_OK) {
			return new WebEndpointResponse<>(this.body, this.status);
		}
		Object body = (this.body != null) ? this.body : Map.of("status", this.status, "message", this.message);
		return new WebEndpointResponse<>(body, this.status);
	}

}
