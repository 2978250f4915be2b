package io.github.promasync.vertx.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link WrkOutput} on fabricated wrk 4 outputs. */
class WrkOutputTest {

  private static final String CLEAN = """
      Running 5s test @ http://127.0.0.1:40123/users/42
        1 threads and 32 connections
        Thread Stats   Avg      Stdev     Max   +/- Stdev
          Latency     1.21ms  310.02us   9.87ms   88.12%
          Req/Sec    26.51k     1.02k   28.40k    70.00%
        131906 requests in 5.00s, 14.84MB read
      Requests/sec:  26380.72
      Transfer/sec:      2.97MB
      """;

  private static final String WITH_ERRORS = """
      Running 2s test @ http://127.0.0.1:40123/metrics
        1 threads and 1 connections
        Thread Stats   Avg      Stdev     Max   +/- Stdev
          Latency    45.10ms    3.20ms  60.00ms   90.00%
          Req/Sec    22.00      4.00    25.00     80.00%
        44 requests in 2.01s, 88.00MB read
        Socket errors: connect 1, read 2, write 3, timeout 4
        Non-2xx or 3xx responses: 7
      Requests/sec:     21.89
      Transfer/sec:     43.78MB
      """;

  @Test
  void readsTheRequestCountAndRateOfACleanRun() {
    WrkOutput output = WrkOutput.parse(CLEAN);

    assertThat(output.readable()).isTrue();
    assertThat(output.requests()).isEqualTo(131_906);
    assertThat(output.requestsPerSecond()).isEqualTo(26_380.72);
    assertThat(output.non2xx()).isZero();
    assertThat(output.socketErrors()).isZero();
    assertThat(output.errors()).isZero();
  }

  @Test
  void sumsTheSocketErrorsAndCountsNon2xxResponsesApart() {
    WrkOutput output = WrkOutput.parse(WITH_ERRORS);

    assertThat(output.requests()).isEqualTo(44);
    assertThat(output.requestsPerSecond()).isEqualTo(21.89);
    assertThat(output.socketErrors()).isEqualTo(1 + 2 + 3 + 4);
    assertThat(output.non2xx()).isEqualTo(7);
    assertThat(output.errors()).isEqualTo(17);
  }

  @Test
  void anOutputWithoutTheFiguresIsUnreadable() {
    WrkOutput output = WrkOutput.parse("unable to connect to 127.0.0.1:1 Connection refused\n");

    assertThat(output.readable()).isFalse();
    assertThat(output.requests()).isEqualTo(-1);
    assertThat(output.requestsPerSecond()).isNaN();
    assertThat(WrkOutput.parse(CLEAN.replace("Requests/sec:  26380.72", "")).readable()).isFalse();
  }
}
