package dev.taskflow.sample;

import java.net.URI;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import dev.taskflow.sample.SignupService.SignupFailedException;
import dev.taskflow.sample.SignupService.SignupResult;

/**
 * Signs users up; see {@link SignupService} for the transaction.
 *
 * @author TaskFlow
 */
@RestController
public class SignupController {

	private final SignupService signupService;

	public SignupController(SignupService signupService) {
		this.signupService = signupService;
	}

	/**
	 * Sign a user up.
	 * @param signup the form
	 * @param simulateFailure whether to fail after enqueueing, rolling everything back
	 * @return the new user and welcome job
	 */
	@PostMapping("/signup")
	public ResponseEntity<SignupResult> signUp(@RequestBody Signup signup,
			@RequestParam(defaultValue = "false") boolean simulateFailure) {
		if (signup.email() == null || signup.email().isBlank() || signup.name() == null || signup.name().isBlank()) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "'email' and 'name' must not be empty");
		}
		SignupResult result = this.signupService.signUp(signup, simulateFailure);
		return ResponseEntity.created(URI.create("/jobs/" + result.welcomeJobId())).body(result);
	}

	@ExceptionHandler(DuplicateKeyException.class)
	ProblemDetail duplicate(DuplicateKeyException ex) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "That e-mail address is taken");
	}

	@ExceptionHandler(SignupFailedException.class)
	ProblemDetail failed(SignupFailedException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, ex.getMessage());
		problem.setProperty("rolledBackJobId", ex.getRolledBackJob().toString());
		return problem;
	}

}
