package dev.taskflow.sample;

import java.util.List;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.taskflow.Queues;
import dev.taskflow.TaskFlow;

/**
 * Pauses and resumes queues on every node.
 *
 * @author TaskFlow
 */
@RestController
@RequestMapping("/queues")
public class QueueController {

	private final Queues queues;

	public QueueController(TaskFlow taskFlow) {
		this.queues = taskFlow.queues();
	}

	/**
	 * The paused queues.
	 * @return their names
	 */
	@GetMapping("/paused")
	public List<String> paused() {
		return this.queues.paused();
	}

	/**
	 * Pause a queue: its jobs wait, on every node, until it is resumed.
	 * @param name the queue
	 * @return whether it changed
	 */
	@PostMapping("/{name}/pause")
	public Map<String, Object> pause(@PathVariable String name) {
		return Map.of("queue", name, "changed", this.queues.pause(name), "paused", true);
	}

	/**
	 * Resume a paused queue.
	 * @param name the queue
	 * @return whether it changed
	 */
	@PostMapping("/{name}/resume")
	public Map<String, Object> resume(@PathVariable String name) {
		return Map.of("queue", name, "changed", this.queues.resume(name), "paused", false);
	}

}
