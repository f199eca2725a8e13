package dev.taskflow.dashboard;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The test application with Spring Security: every request needs a user (HTTP basic);
 * alice has the operator authority, carol the role of its name, bob neither.
 *
 * @author TaskFlow
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(DashboardTestApplication.Handlers.class)
class SecuredTestApplication {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) {
		http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
			.httpBasic(Customizer.withDefaults());
		return http.build();
	}

	@Bean
	InMemoryUserDetailsManager users() {
		return new InMemoryUserDetailsManager(
				User.withUsername("alice").password("{noop}secret").authorities("TASKFLOW_OPERATOR").build(),
				User.withUsername("bob").password("{noop}secret").authorities("REPORTS").build(),
				User.withUsername("carol").password("{noop}secret").roles("TASKFLOW_OPERATOR").build());
	}

}
