package dev.taskflow.sample;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import dev.taskflow.JobId;
import dev.taskflow.Schedules;
import dev.taskflow.TaskFlow;

/**
 * Shows the schedules, and pauses, resumes and triggers them.
 *
 * @author TaskFlow
 */
@RestController
@RequestMapping("/schedules")
public class ScheduleController {

	private final Schedules schedules;

	public ScheduleController(TaskFlow taskFlow) {
		this.schedules = taskFlow.schedules();
	}

	/**
	 * List the schedules: those declared in code and properties, and any registered at
	 * run time.
	 * @return the schedules, by name
	 */
	@GetMapping
	public List<ScheduleResponse> list() {
		return this.schedules.list().stream().map(ScheduleResponse::of).toList();
	}

	/**
	 * Show a schedule.
	 * @param name the schedule name
	 * @return the schedule
	 */
	@GetMapping("/{name}")
	public ScheduleResponse get(@PathVariable String name) {
		return find(name);
	}

	/**
	 * Enqueue one occurrence of a schedule now, outside its times.
	 * @param name the schedule name
	 * @return the new job's id; the Location header points at the job
	 */
	@PostMapping("/{name}/trigger")
	public ResponseEntity<Map<String, String>> trigger(@PathVariable String name) {
		find(name);
		JobId id = this.schedules.trigger(name);
		return ResponseEntity.accepted().location(URI.create("/jobs/" + id)).body(Map.of("jobId", id.toString()));
	}

	/**
	 * Stop a schedule from firing, on every instance.
	 * @param name the schedule name
	 * @return the schedule, paused
	 */
	@PostMapping("/{name}/pause")
	public ScheduleResponse pause(@PathVariable String name) {
		this.schedules.pause(name);
		return find(name);
	}

	/**
	 * Let a paused schedule fire again from its next fire time.
	 * @param name the schedule name
	 * @return the schedule
	 */
	@PostMapping("/{name}/resume")
	public ScheduleResponse resume(@PathVariable String name) {
		this.schedules.resume(name);
		return find(name);
	}

	private ScheduleResponse find(String name) {
		return this.schedules.find(name)
			.map(ScheduleResponse::of)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No schedule " + name));
	}

}
