package dev.taskflow.dashboard;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Who may reach the dashboard, who may change things, and who sees job values: the
 * application's Spring Security when it has it, else this host only.
 *
 * @author TaskFlow
 */
interface Access {

	/**
	 * Why the request may not reach the dashboard at all.
	 * @param request the request
	 * @return the reason, or {@code null} if it may
	 */
	String refusal(HttpServletRequest request);

	/**
	 * Whether the request's user may retry, cancel, delete, enqueue, pause and trigger.
	 * @param request the request
	 * @return whether it may
	 */
	boolean canWrite(HttpServletRequest request);

	/**
	 * Why the request's user may not write, for the refusal.
	 * @param request the request
	 * @return the reason
	 */
	String writeRefusal(HttpServletRequest request);

	/**
	 * Whether the request's user sees payloads, results, errors and log lines.
	 * @param request the request
	 * @return whether it does
	 */
	boolean showsValues(HttpServletRequest request);

	/**
	 * Who makes the request, for the log of writes.
	 * @param request the request
	 * @return the user's name, or how the request came
	 */
	String user(HttpServletRequest request);

	/**
	 * The CSRF token the pages must send with writes.
	 * @param request the request of the page
	 * @return the header and token, or {@code null} when no token is needed
	 */
	CsrfHeader csrf(HttpServletRequest request);

	/**
	 * A CSRF token and the header it goes in.
	 *
	 * @param name the header's name
	 * @param token the token
	 */
	record CsrfHeader(String name, String token) {

	}

}
