package dev.taskflow.throttle;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;

/**
 * Reads how loaded this node is, for back-pressure: a node stops claiming while its CPU
 * or heap use is above the configured threshold. Define a bean of this type to measure
 * load another way.
 *
 * @author TaskFlow
 */
public interface LoadProbe {

	/**
	 * The CPU load of the machine (or container) this JVM runs on.
	 * @return between 0 and 1, or a negative value when unknown
	 */
	double cpuLoad();

	/**
	 * The share of the heap in use.
	 * @return between 0 and 1, or a negative value when unknown
	 */
	double heapUsage();

	/**
	 * The JVM's own measures: the operating system bean's CPU load, and heap used over
	 * heap max.
	 * @return the probe
	 */
	static LoadProbe jvm() {
		return new LoadProbe() {

			@Override
			public double cpuLoad() {
				if (ManagementFactory
					.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean bean) {
					return bean.getCpuLoad();
				}
				return -1;
			}

			@Override
			public double heapUsage() {
				MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
				long max = (heap.getMax() > 0) ? heap.getMax() : heap.getCommitted();
				return (max > 0) ? (double) heap.getUsed() / max : -1;
			}

		};
	}

}
