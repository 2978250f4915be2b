package io.github.promasync.vertx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.promasync.vertx.testing.OptionsContract;
import io.github.promasync.vertx.testing.OptionsContractTests;
import io.vertx.core.json.JsonObject;

import org.junit.jupiter.api.Test;

class MetricsHandlerOptionsTest extends OptionsContractTests {

  @Override
  protected OptionsContract<?> optionsContract() {
    return contract();
  }

  /** How each property, found by reflection, is changed; all of them are JSON. */
  static OptionsContract<MetricsHandlerOptions> contract() {
    return new OptionsContract<>(MetricsHandlerOptions.class, MetricsHandlerOptions::new,
        MetricsHandlerOptions::new, MetricsHandlerOptions::new)
        .change("scrapePoolSize", options -> options.setScrapePoolSize(3))
        .change("maxInFlight", options -> options.setMaxInFlight(9))
        .change("scrapeTimeoutSeconds", options -> options.setScrapeTimeoutSeconds(2.5))
        .change("retryAfterSeconds", options -> options.setRetryAfterSeconds(0))
        .change("refusedScrapesMetric", options -> options.setRefusedScrapesMetric(false));
  }

  @Test
  void defaultsAreTwoThreadsFourInFlightTenSecondsAndCounting() {
    MetricsHandlerOptions options = new MetricsHandlerOptions();

    assertThat(options.getScrapePoolSize()).isEqualTo(2)
        .isEqualTo(MetricsHandlerOptions.DEFAULT_SCRAPE_POOL_SIZE);
    assertThat(options.getMaxInFlight()).isEqualTo(4)
        .isEqualTo(MetricsHandlerOptions.DEFAULT_MAX_IN_FLIGHT);
    assertThat(options.getScrapeTimeoutSeconds()).isEqualTo(10.0)
        .isEqualTo(MetricsHandlerOptions.DEFAULT_SCRAPE_TIMEOUT_SECONDS);
    assertThat(options.getRetryAfterSeconds()).isEqualTo(5)
        .isEqualTo(MetricsHandlerOptions.DEFAULT_RETRY_AFTER_SECONDS);
    assertThat(options.isRefusedScrapesMetric()).isTrue();
  }

  @Test
  void jsonRoundTripAndCopyKeepEveryValue() {
    MetricsHandlerOptions original = new MetricsHandlerOptions()
        .setScrapePoolSize(3)
        .setMaxInFlight(9)
        .setScrapeTimeoutSeconds(2.5)
        .setRetryAfterSeconds(0)
        .setRefusedScrapesMetric(false);

    JsonObject json = original.toJson();

    assertThat(json.fieldNames()).containsExactlyInAnyOrder("scrapePoolSize", "maxInFlight",
        "scrapeTimeoutSeconds", "retryAfterSeconds", "refusedScrapesMetric");
    assertThat(new MetricsHandlerOptions(json).toJson()).isEqualTo(json);
    assertThat(new MetricsHandlerOptions(original).toJson()).isEqualTo(json);
    assertThat(new MetricsHandlerOptions(new JsonObject()).toJson())
        .isEqualTo(new MetricsHandlerOptions().toJson());
  }

  @Test
  void badValuesAreRejectedNamingTheParameter() {
    MetricsHandlerOptions options = new MetricsHandlerOptions();

    assertThatThrownBy(() -> options.setScrapePoolSize(0))
        .hasMessage("scrapePoolSize 0 is less than 1");
    assertThatThrownBy(() -> options.setMaxInFlight(-1))
        .hasMessage("maxInFlight -1 is less than 1");
    assertThatThrownBy(() -> options.setScrapeTimeoutSeconds(0))
        .hasMessage("scrapeTimeoutSeconds 0.0 is not a positive number");
    assertThatThrownBy(() -> options.setScrapeTimeoutSeconds(Double.NaN))
        .hasMessage("scrapeTimeoutSeconds NaN is not a positive number");
    assertThatThrownBy(() -> options.setRetryAfterSeconds(-5))
        .hasMessage("retryAfterSeconds -5 is negative");
    assertThatThrownBy(() -> new MetricsHandlerOptions(new JsonObject().put("maxInFlight", 2.5)))
        .hasMessage("maxInFlight 2.5 is not an integer");
    assertThatThrownBy(() -> new MetricsHandlerOptions(
        new JsonObject().put("scrapeTimeoutSeconds", "10s")))
        .hasMessage("scrapeTimeoutSeconds \"10s\" is not a number");
  }
}
