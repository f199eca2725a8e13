package dev.taskflow.dashboard;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.csrf.CsrfToken;

/**
 * Access with Spring Security: the application's rules decide who reaches the dashboard;
 * writes need the operator authority (as given, or as a role: {@code ROLE_} and the
 * authority), and so do values when {@code show-values} is {@code WHEN_AUTHORIZED}.
 * Loaded only when Spring Security is on the class path.
 *
 * @author TaskFlow
 */
final class SecuredAccess implements Access {

	private final DashboardSettings settings;

	SecuredAccess(DashboardSettings settings) {
		this.settings = settings;
	}

	@Override
	public String refusal(HttpServletRequest request) {
		return null;
	}

	@Override
	public boolean canWrite(HttpServletRequest request) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication == null || !authentication.isAuthenticated()) {
			return false;
		}
		String authority = this.settings.operatorAuthority();
		for (GrantedAuthority granted : authentication.getAuthorities()) {
			String name = granted.getAuthority();
			if (authority.equals(name) || ("ROLE_" + authority).equals(name)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public String writeRefusal(HttpServletRequest request) {
		return "This needs the authority '" + this.settings.operatorAuthority() + "', which " + user(request)
				+ " does not have: grant it (or the role " + this.settings.operatorAuthority()
				+ "), or name another in spring.taskflow.dashboard.operator-authority";
	}

	@Override
	public boolean showsValues(HttpServletRequest request) {
		return switch (this.settings.showValues()) {
			case ALWAYS -> true;
			case WHEN_AUTHORIZED -> canWrite(request);
			case NEVER -> false;
		};
	}

	@Override
	public String user(HttpServletRequest request) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return (authentication != null) ? "user '" + authentication.getName() + "'"
				: "an anonymous user at " + request.getRemoteAddr();
	}

	@Override
	public CsrfHeader csrf(HttpServletRequest request) {
		if (request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken token) {
			return new CsrfHeader(token.getHeaderName(), token.getToken());
		}
		return null;
	}

}
