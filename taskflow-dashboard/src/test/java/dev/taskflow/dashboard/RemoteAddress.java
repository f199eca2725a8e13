package dev.taskflow.dashboard;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;

import org.junit.jupiter.api.Assumptions;

/**
 * An address of this machine that is not the loopback: a request to it comes from a
 * "remote" address as the server sees it, without a second machine.
 *
 * @author TaskFlow
 */
final class RemoteAddress {

	private RemoteAddress() {
	}

	static String find() {
		try {
			for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
				if (!network.isUp() || network.isLoopback()) {
					continue;
				}
				for (InetAddress address : Collections.list(network.getInetAddresses())) {
					if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
						return address.getHostAddress();
					}
				}
			}
		}
		catch (SocketException ex) {
			// none found
		}
		String message = "*** This machine has no network address but the loopback: the dashboard's remote access"
				+ " tests are SKIPPED ***";
		System.err.println(message);
		Assumptions.abort(message);
		return null;
	}

}
