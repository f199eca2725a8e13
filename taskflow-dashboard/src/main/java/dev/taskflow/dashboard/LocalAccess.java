package dev.taskflow.dashboard;

import java.net.InetAddress;
import java.net.UnknownHostException;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Access without Spring Security: requests from this host only, unless
 * {@code spring.taskflow.dashboard.allow-remote=true}; whoever reaches the dashboard may
 * write (the local developer), and sees values when {@code show-values} is
 * {@code WHEN_AUTHORIZED} only from this host.
 *
 * @author TaskFlow
 */
final class LocalAccess implements Access {

	private final DashboardSettings settings;

	LocalAccess(DashboardSettings settings) {
		this.settings = settings;
	}

	@Override
	public String refusal(HttpServletRequest request) {
		if (this.settings.allowRemote() || isLoopback(request)) {
			return null;
		}
		return "The TaskFlow dashboard answers only requests from this host while the application has no Spring"
				+ " Security: add Spring Security to decide who may reach " + this.settings.path()
				+ "/**, or set spring.taskflow.dashboard.allow-remote=true to open it to everyone who reaches the"
				+ " application";
	}

	@Override
	public boolean canWrite(HttpServletRequest request) {
		return true;
	}

	@Override
	public String writeRefusal(HttpServletRequest request) {
		return "";
	}

	@Override
	public boolean showsValues(HttpServletRequest request) {
		return switch (this.settings.showValues()) {
			case ALWAYS -> true;
			case WHEN_AUTHORIZED -> isLoopback(request);
			case NEVER -> false;
		};
	}

	@Override
	public String user(HttpServletRequest request) {
		String user = request.getRemoteUser();
		return (user != null) ? user : "a user at " + request.getRemoteAddr();
	}

	@Override
	public CsrfHeader csrf(HttpServletRequest request) {
		// writes are held to the same origin by the access filter instead
		return null;
	}

	static boolean isLoopback(HttpServletRequest request) {
		String address = request.getRemoteAddr();
		if (address == null) {
			return false;
		}
		try {
			// a literal address: no name lookup
			return isLiteral(address) && InetAddress.getByName(address).isLoopbackAddress();
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

	private static boolean isLiteral(String address) {
		return address.indexOf(':') >= 0 || address.chars().allMatch((c) -> c == '.' || Character.isDigit(c));
	}

}
