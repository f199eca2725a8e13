package dev.taskflow.benchmarks.peers;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import com.sun.management.OperatingSystemMXBean;

/**
 * CPU time spent by this JVM and by the database server, to report what a job costs each
 * side (issue 13 asks for both). The server's is read from {@code /proc}: the processes
 * named {@code postgres} or {@code mariadbd} with the time of the children they reaped
 * (PostgreSQL's backends are processes of their own that end with their connection), so
 * it is known only on Linux with the server on this machine, and {@code NaN} otherwise.
 * Everything else the server runs at the same time counts too: nothing else should run.
 *
 * @author TaskFlow
 */
public final class CpuTime {

	private static final Path PROC = Path.of("/proc");

	// USER_HZ: 100 on every Linux this runs on
	private static final double NANOS_PER_TICK = 1e9 / 100;

	private final long jvmNanos;

	private final double serverNanos;

	private CpuTime(long jvmNanos, double serverNanos) {
		this.jvmNanos = jvmNanos;
		this.serverNanos = serverNanos;
	}

	/**
	 * The CPU time spent so far.
	 * @return a snapshot
	 */
	public static CpuTime now() {
		// the server's first: reading /proc costs this JVM CPU that must not count
		double serverNanos = serverNanos();
		return new CpuTime(jvmNanos(), serverNanos);
	}

	private static long jvmNanos() {
		return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
	}

	/**
	 * The figures, and beside them what each job cost this JVM
	 * ({@code jvm_cpu_us_per_job}) and the database server ({@code db_cpu_us_per_job}) in
	 * CPU time since this snapshot.
	 * @param figures the figures of a run
	 * @param jobs the jobs the run handled
	 * @return the figures with the CPU times
	 */
	public Map<String, Double> addTo(Map<String, Double> figures, long jobs) {
		// this JVM's first, before reading /proc costs it more
		double jvm = jvmMicrosPerJob(jobs);
		Map<String, Double> result = new LinkedHashMap<>(figures);
		result.put("jvm_cpu_us_per_job", jvm);
		result.put("db_cpu_us_per_job", serverMicrosPerJob(jobs));
		return result;
	}

	/**
	 * This JVM's CPU time per job since this snapshot.
	 * @param jobs the jobs
	 * @return microseconds per job
	 */
	double jvmMicrosPerJob(long jobs) {
		return (jvmNanos() - this.jvmNanos) / 1000.0 / jobs;
	}

	/**
	 * The database server's CPU time per job since this snapshot.
	 * @param jobs the jobs
	 * @return microseconds per job, or {@code NaN} where it cannot be read
	 */
	double serverMicrosPerJob(long jobs) {
		return (serverNanos() - this.serverNanos) / 1000.0 / jobs;
	}

	private static double serverNanos() {
		if (!Files.isDirectory(PROC)) {
			return Double.NaN;
		}
		long ticks = 0;
		boolean found = false;
		try (Stream<Path> processes = Files.list(PROC)) {
			for (Path process : (Iterable<Path>) processes::iterator) {
				String stat = read(process.resolve("stat"));
				int nameEnd = (stat != null) ? stat.lastIndexOf(')') : -1;
				if (nameEnd < 0) {
					continue;
				}
				String name = stat.substring(stat.indexOf('(') + 1, nameEnd);
				if (!name.equals("postgres") && !name.equals("mariadbd")) {
					continue;
				}
				// after the name: state, then utime, stime, cutime, cstime are fields
				// 12-15
				String[] fields = stat.substring(nameEnd + 2).split(" ");
				for (int field = 11; field <= 14; field++) {
					ticks += Long.parseLong(fields[field]);
				}
				found = true;
			}
		}
		catch (IOException | RuntimeException ex) {
			return Double.NaN;
		}
		return found ? ticks * NANOS_PER_TICK : Double.NaN;
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException | RuntimeException ex) {
			// a process that ended while listed
			return null;
		}
	}

}
