package dev.taskflow.dashboard;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.web.servlet.function.ServerRequest;

/**
 * The log of every write through the dashboard or its API, at INFO: who did what to which
 * job, queue or schedule. Never a payload.
 *
 * @author TaskFlow
 */
final class Audit {

	private static final Log logger = LogFactory.getLog(Audit.class);

	private final Access access;

	Audit(Access access) {
		this.access = access;
	}

	void wrote(ServerRequest request, String what) {
		if (logger.isInfoEnabled()) {
			logger.info("TaskFlow dashboard: " + this.access.user(request.servletRequest()) + " " + what);
		}
	}

}
