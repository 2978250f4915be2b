package io.github.promasync.vertx.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.net.HostAndPort;
import org.junit.jupiter.api.Test;

/**
 * The host a wildcard-bound server advertises when no advertised host is set. The tests stay on
 * loopback, so these two choices are checked here rather than through a server bound to
 * {@code 0.0.0.0}.
 */
class ClusterDiscoveryHostTest {

  @Test
  void clusteredTheEventBusHostOfTheNodeComesFirstThenTheClusterManagersHosts() {
    assertThat(ClusterDiscovery.firstUsableHost("10.0.0.7", "203.0.113.9", "10.0.0.8"))
        .isEqualTo("10.0.0.7");
    assertThat(ClusterDiscovery.firstUsableHost(null, "203.0.113.9", "10.0.0.8"))
        .isEqualTo("203.0.113.9");
    assertThat(ClusterDiscovery.firstUsableHost("0.0.0.0", null, "node-3.internal"))
        .isEqualTo("node-3.internal");
  }

  @Test
  void clusteredWildcardsAndEmptyHostsAreSkippedAndIpv6IsBracketed() {
    assertThat(ClusterDiscovery.firstUsableHost("", "::", "fe80::1")).isEqualTo("[fe80::1]");
    assertThat(ClusterDiscovery.firstUsableHost("[::]", "0:0:0:0:0:0:0:0", "0.0.0.0")).isNull();
    assertThat(ClusterDiscovery.firstUsableHost(null, null, null)).isNull();
  }

  @Test
  void notClusteredTheHostOfTheDiscoveryRequestIsAdvertised() {
    assertThat(ClusterDiscovery.requestHost(HostAndPort.parseAuthority("metrics.example:8000", -1)))
        .isEqualTo("metrics.example");
    assertThat(ClusterDiscovery.requestHost(HostAndPort.parseAuthority("[::1]:8000", -1)))
        .isEqualTo("[::1]");
    assertThat(ClusterDiscovery.requestHost(HostAndPort.parseAuthority("192.0.2.4", -1)))
        .isEqualTo("192.0.2.4");
    assertThat(ClusterDiscovery.requestHost(null)).as("HTTP/1.0 without Host").isEqualTo("127.0.0.1");
  }
}
