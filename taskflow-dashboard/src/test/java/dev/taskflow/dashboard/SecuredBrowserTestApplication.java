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
 * The test application with Spring Security's login form, as a browser meets it: alice
 * has the operator authority, bob only reads.
 *
 * @author TaskFlow
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(DashboardTestApplication.Handlers.class)
class SecuredBrowserTestApplication {

	@Bean
	SecurityFilterChain securityFilterChain(HttpSecurity http) {
		http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
			.formLogin(Customizer.withDefaults());
		return http.build();
	}

	@Bean
	InMemoryUserDetailsManager users() {
		return new InMemoryUserDetailsManager(
				User.withUsername("alice").password("{noop}secret").authorities("TASKFLOW_OPERATOR").build(),
				User.withUsername("bob").password("{noop}secret").authorities("REPORTS").build());
	}

}
